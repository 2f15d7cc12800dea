/**
 * Refuses request text that holds a NUL character (U+0000), in the query, the path parameters or
 * a JSON body: PostgreSQL cannot store it in a text column and would fail the request with a 500,
 * and no legitimate name, id or filter contains it. (Uploaded files are read by the format readers,
 * which validate their own content.)
 */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../model/errors.js';

const MAX_DEPTH = 64;

/** The JSON pointer of the first string holding a NUL, or null. */
function nulAt(value: unknown, pointer: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer : null;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return pointer;
    const found = nulAt(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [['query', req.query], ['params', req.params], ['body', req.body]] as const) {
      const pointer = nulAt(value, `/${part}`);
      if (pointer !== null) {
        throw new InputError(`${pointer} contains a NUL character (U+0000), which no name, id or filter may hold`, { code: 'nul-character', place: { pointer } });
      }
    }
  });
}
