import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../../store/database.js';
import { VERSION } from '../../version.js';

const healthSchema = {
  type: 'object',
  properties: { status: { type: 'string' }, version: { type: 'string' }, database: { type: 'string' } },
} as const;

export function healthRoutes(app: FastifyInstance, store: Store): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(store.db);
        return { status: 'ok', version: VERSION, database: store.dialect };
      } catch {
        return reply.status(503).send({ status: 'unavailable', version: VERSION, database: store.dialect });
      }
    },
  );
}
