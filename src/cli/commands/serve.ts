import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { seedDemo } from '../../services/demo.js';
import { openStore } from '../../store/database.js';
import { InputError } from '../../model/errors.js';
import { dbLocation } from '../context.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web UI and HTTP API')
    .option('--host <address>', 'address to listen on (loopback unless told otherwise)', process.env.BULWARK_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', process.env.BULWARK_PORT ?? '8080')
    .option('--no-demo', 'do not seed the demo plant into an empty database (also BULWARK_DEMO=0)')
    .option('--allow-remote', 'allow listening on a non-loopback address (put TLS in front of it)')
    .action(async (opts: { host: string; port: string; demo: boolean; allowRemote?: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`invalid port "${opts.port}"`, { code: 'bad-usage' });
      if (!LOOPBACK.has(opts.host) && !opts.allowRemote) {
        throw new InputError(`refusing to listen on ${opts.host}: the API has no authentication yet; use --allow-remote behind a TLS proxy`, {
          code: 'bad-usage',
        });
      }
      const store = await openStore(dbLocation(program.opts<{ db?: string }>().db));
      if (opts.demo && process.env.BULWARK_DEMO !== '0') {
        const seeded = await seedDemo(store);
        if (seeded) process.stdout.write(`Seeded the demo plant: ${seeded.created} assets (start with --no-demo to skip)\n`);
      }
      const app = await buildApp({
        store,
        autoMatch: process.env.BULWARK_AUTO_MATCH !== '0',
        logger: { level: process.env.BULWARK_LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
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
      process.stdout.write(`Bulwark listening on http://${shownHost}:${actualPort} (database: ${store.dialect} ${store.location})\n`);
    });
}
