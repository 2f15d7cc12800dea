/**
 * The HTTP application: JSON API under /api (validated, documented by OpenAPI) and the web UI.
 * Thin: routes validate, call services, and shape responses.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Store } from '../store/database.js';
import { VERSION } from '../version.js';
import { errorBody, installErrorHandling } from './errors.js';
import { installTextGuard } from './text-guard.js';
import { assetRoutes } from './routes/assets.js';
import { discoveryRoutes } from './routes/discovery.js';
import { findingRoutes } from './routes/findings.js';
import { healthRoutes } from './routes/health.js';
import { intelRoutes } from './routes/intel.js';
import { sbomRoutes } from './routes/sbom.js';
import { MatchScheduler } from '../services/match-scheduler.js';
import { installAuth, type RouteRule } from './auth.js';
import { accountRoutes } from './routes/accounts.js';
import { sharingRoutes } from './routes/sharing.js';
import { oidcRoutes, type OidcOptions } from './routes/oidc.js';
import { riskRoutes } from './routes/risk.js';

export interface AppOptions {
  store: Store;
  logger?: FastifyServerOptions['logger'];
  /** Directory of the built web UI; defaults to web/dist beside the package. Null disables the UI. */
  webRoot?: string | null;
  /** Largest accepted upload (bytes). */
  maxUploadBytes?: number;
  /** Re-match (incrementally) after every successful change to assets, SBOMs or intelligence. */
  autoMatch?: boolean;
  /** The server speaks TLS: cookies get the Secure attribute and HSTS is sent. */
  tls?: boolean;
  /** Requests per client address per minute over the whole API (0 disables). */
  rateLimitPerMinute?: number;
  /** Sign-in attempts per client address per minute. */
  loginRateLimit?: number;
  /** OpenID Connect sign-in, when configured (see oidcOptionsFromEnv). */
  oidc?: OidcOptions | null;
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { key: Buffer; cert: Buffer };
}

/** The UI's content security policy: nothing inline but styles, nothing from other origins. */
const UI_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Mantine sets style attributes at run time; no script can be injected through them.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** Requests after which findings may be out of date. */
const CHANGES = /^\/api\/(assets|sboms|intel\/import|discovery\/analyse\?(.*&)?import=true)(\/|\?|&|$)/;

export const DEFAULT_WEB_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'web', 'dist');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // Never echo stack traces or internals to clients; the error handler shapes every failure.
    return503OnClosing: true,
  });
  installErrorHandling(app);
  installTextGuard(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...UI_CSP } },
    hsts: options.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: (options.rateLimitPerMinute ?? 1200) > 0,
    max: options.rateLimitPerMinute || 1200,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'FST_TOO_MANY_REQUESTS',
      message: `too many requests: at most ${ctx.max} per ${ctx.after}; retry later`,
    }),
  });
  const routeTable: RouteRule[] = installAuth(app, options.store);
  app.decorate('routeTable', routeTable);

  await app.register(multipart, { limits: { fileSize: options.maxUploadBytes ?? 256 * 1024 * 1024, files: 100, fields: 10, parts: 110 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Bulwark API', version: VERSION, description: 'OT asset inventory, vulnerability intelligence and risk.' },
      tags: [{ name: 'system' }, { name: 'accounts' }, { name: 'sharing' }, { name: 'assets' }, { name: 'intel' }, { name: 'sbom' }, { name: 'discovery' }, { name: 'risk' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (bwk_…) from `bulwark login` or /api/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'bulwark_session', description: 'the UI session; changes also need the x-csrf-token header' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, options.store);
  accountRoutes(app, options.store, { secureCookies: options.tls ?? false, loginRateLimit: options.loginRateLimit });
  oidcRoutes(app, options.store, { oidc: options.oidc ?? null, secureCookies: options.tls ?? false });
  sharingRoutes(app, options.store);
  assetRoutes(app, options.store, { maxUploadBytes: options.maxUploadBytes });
  intelRoutes(app, options.store, { maxUploadBytes: options.maxUploadBytes });
  sbomRoutes(app, options.store, { maxUploadBytes: options.maxUploadBytes });
  findingRoutes(app, options.store, { maxUploadBytes: options.maxUploadBytes });
  discoveryRoutes(app, options.store, { maxUploadBytes: options.maxUploadBytes });
  riskRoutes(app, options.store, { background: options.autoMatch ?? false });
  if (options.autoMatch) {
    const scheduler = new MatchScheduler(options.store, {
      onDone: (s) => app.log.info({ match: { mode: s.mode, targets: s.targets, findings: s.findings, seconds: s.seconds } }, 'match'),
      onError: (e) => app.log.error({ err: e }, 'automatic match failed'),
    });
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && CHANGES.test(req.url)) scheduler.schedule();
    });
    app.addHook('onClose', async () => scheduler.close());
  }

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const haveUi = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (haveUi) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    // Client-side routes of the single-page app get its index; API and asset misses get a JSON 404.
    if (haveUi && req.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('route-not-found', `no route ${req.method} ${path}`));
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its access rule (for the authorisation tests and docs). */
    routeTable: RouteRule[];
  }
}
