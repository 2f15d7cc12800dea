import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { seedDemo } from '../../services/demo.js';
import { openStore } from '../../store/database.js';
import { InputError } from '../../model/errors.js';
import { dbLocation } from '../context.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_ORG_ID, ensureFirstAdmin } from '../../services/auth/accounts.js';
import { appendAudit } from '../../services/audit.js';
import { oidcConfigFromEnv } from '../../services/auth/oidc.js';
import { oidcOptionsFromEnv } from '../../server/routes/oidc.js';

function readTls(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  try {
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (err) {
    throw new InputError(`cannot read the TLS certificate or key: ${(err as Error).message}`, { code: 'bad-usage' });
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web UI and HTTP API')
    .option('--host <address>', 'address to listen on (loopback unless told otherwise)', process.env.BULWARK_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', process.env.BULWARK_PORT ?? '8080')
    .option('--no-demo', 'do not seed the demo plant into an empty database (also BULWARK_DEMO=0)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (also BULWARK_TLS_CERT)', process.env.BULWARK_TLS_CERT)
    .option('--tls-key <file>', 'the PEM private key of --tls-cert (also BULWARK_TLS_KEY)', process.env.BULWARK_TLS_KEY)
    .option('--allow-remote', 'listen on a non-loopback address without TLS (only behind a TLS-terminating proxy)')
    .action(async (opts: { host: string; port: string; demo: boolean; allowRemote?: boolean; tlsCert?: string; tlsKey?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`invalid port "${opts.port}"`, { code: 'bad-usage' });
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new InputError('--tls-cert and --tls-key go together', { code: 'bad-usage' });
      const https = opts.tlsCert && opts.tlsKey ? readTls(opts.tlsCert, opts.tlsKey) : undefined;
      if (!LOOPBACK.has(opts.host) && !https && !opts.allowRemote) {
        throw new InputError(
          `refusing to listen on ${opts.host} without TLS: give --tls-cert and --tls-key, or --allow-remote when a TLS-terminating proxy is in front`,
          { code: 'bad-usage' },
        );
      }
      const store = await openStore(dbLocation(program.opts<{ db?: string }>().db));
      const admin = await ensureFirstAdmin(store.db, process.env.BULWARK_ADMIN_PASSWORD || undefined);
      if (admin) {
        await appendAudit(store, { actor: 'system', actorKind: 'system', orgId: DEFAULT_ORG_ID, action: 'user.create', target: admin.username, outcome: 'success', source: 'first start', detail: { role: 'admin' } });
        process.stdout.write(
          admin.generated
            ? `Created the first administrator: user "${admin.username}", password ${admin.password}\n  (shown once: sign in and change it, or set BULWARK_ADMIN_PASSWORD before the first start)\n`
            : `Created the first administrator "${admin.username}" with the password from BULWARK_ADMIN_PASSWORD\n`,
        );
      }
      if (opts.demo && process.env.BULWARK_DEMO !== '0') {
        const seeded = await seedDemo(store);
        if (seeded) process.stdout.write(`Seeded the demo plant: ${seeded.created} assets (start with --no-demo to skip)\n`);
      }
      const oidc = oidcOptionsFromEnv(oidcConfigFromEnv(process.env), process.env);
      const loginRateLimit = process.env.BULWARK_LOGIN_RATE_LIMIT ? Number(process.env.BULWARK_LOGIN_RATE_LIMIT) : undefined;
      if (loginRateLimit !== undefined && !(Number.isInteger(loginRateLimit) && loginRateLimit > 0)) {
        throw new InputError('BULWARK_LOGIN_RATE_LIMIT must be a positive whole number', { code: 'bad-usage' });
      }
      const app = await buildApp({
        store,
        oidc,
        loginRateLimit,
        tls: Boolean(https),
        ...(https ? { https } : {}),
        autoMatch: process.env.BULWARK_AUTO_MATCH !== '0',
        logger: {
          level: process.env.BULWARK_LOG_LEVEL ?? 'info',
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
        },
      });
      const shutdown = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      await app.listen({ host: opts.host, port });
      const addr = app.server.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      process.stdout.write(`Bulwark listening on ${https ? 'https' : 'http'}://${shownHost}:${actualPort} (database: ${store.dialect} ${store.location})\n`);
    });
}
