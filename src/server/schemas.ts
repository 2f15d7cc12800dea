/** JSON Schema pieces shared by the routes. */

/** A bounded string. */
export const text = (maxLength = 256) => ({ type: 'string', maxLength }) as const;

/** Offset pagination: `limit` 1–500 (default 50) and `offset`. */
export const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
} as const;

/** `{id}` path parameter. */
export const idParams = (maxLength = 64) => ({ type: 'object', required: ['id'], properties: { id: text(maxLength) } }) as const;
