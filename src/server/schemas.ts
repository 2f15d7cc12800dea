/** JSON Schema pieces shared by the routes. */
import { TLP_LABELS } from '../engine/tlp/index.js';

/** A bounded string. */
export const text = (maxLength = 256) => ({ type: 'string', maxLength }) as const;

/** Offset pagination: `limit` 1–500 (default 50) and `offset`. */
export const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
} as const;

/** `{id}` path parameter. */
export const idParams = (maxLength = 64) => ({ type: 'object', required: ['id'], properties: { id: text(maxLength) } }) as const;

/**
 * Answers that carry a shareable record (asset, SBOM, finding): its TLP label and its owner are
 * documented here (and always present); the rest of the record is passed through as it is.
 */
export const ownedRecordProperties = {
  tlp: { type: 'string', enum: [...TLP_LABELS], description: 'TLP 2.0 label: who beyond the owning organisation may receive the record' },
  organisation: {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' } },
    description: 'the organisation that owns the record (the only one that changes, labels and shares it)',
  },
} as const;

export const ownedRecord = (description: string) =>
  ({ type: 'object', additionalProperties: true, required: ['tlp', 'organisation'], properties: ownedRecordProperties, description }) as const;

/** A page of shareable records: `{items, total, limit, offset}`. */
export const ownedRecordPage = (description: string) =>
  ({
    type: 'object',
    additionalProperties: true,
    properties: {
      items: { type: 'array', items: ownedRecord(description) },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  }) as const;

/**
 * For routes whose response schema documents an answer rather than shapes it: the answer is sent
 * as JSON.stringify writes it (every field, in its own order), exactly as without a schema.
 */
export const documentedAnswer = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } as const;
