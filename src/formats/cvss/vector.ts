/**
 * CVSS vector parsing and validation (v2, v3.0, v3.1, v4.0): unknown metric or value, duplicates,
 * missing base metrics, wrong prefix and, for v4, metrics out of the prescribed order are rejected.
 */
import type { CvssVersion } from '../../model/intel.js';
import { METRIC_TABLES } from './definitions.js';

export interface ParsedCvssVector {
  version: CvssVersion;
  /** Metric → value, in the order written. */
  metrics: Record<string, string>;
  /** The vector as given, trimmed (v2 parentheses removed). */
  vector: string;
}

export type CvssParseResult = { ok: true; value: ParsedCvssVector } | { ok: false; errors: string[] };

const PREFIXES: ReadonlyArray<readonly [string, CvssVersion]> = [
  ['CVSS:4.0/', '4.0'],
  ['CVSS:3.1/', '3.1'],
  ['CVSS:3.0/', '3.0'],
];

/** Version the vector claims, from its prefix (`undefined` for an unknown `CVSS:x` prefix). v2 has no prefix. */
export function cvssVersionOf(vector: string): CvssVersion | undefined {
  const trimmed = vector.trim();
  for (const [prefix, version] of PREFIXES) if (trimmed.startsWith(prefix)) return version;
  return trimmed.startsWith('CVSS:') ? undefined : '2.0';
}

/** Parses and validates a vector; every problem is listed. */
export function parseCvssVector(input: string, expectedVersion?: CvssVersion): CvssParseResult {
  let vector = input.trim();
  if (vector.startsWith('(') && vector.endsWith(')')) vector = vector.slice(1, -1); // NVD wraps some v2 vectors
  const version = cvssVersionOf(vector);
  if (version === undefined) return { ok: false, errors: [`unknown CVSS prefix in ${JSON.stringify(input)}`] };
  if (expectedVersion !== undefined && expectedVersion !== version) {
    return { ok: false, errors: [`vector is CVSS ${version} but CVSS ${expectedVersion} was declared`] };
  }
  const body = version === '2.0' ? vector : vector.slice(vector.indexOf('/') + 1);
  const table = METRIC_TABLES[version];
  const allowed = new Map(table.metrics.map(([name, values], position) => [name, { values, position }]));
  const errors: string[] = [];
  const metrics: Record<string, string> = {};
  let lastPosition = -1;
  if (body === '') return { ok: false, errors: ['empty CVSS vector'] };
  for (const part of body.split('/')) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1) {
      errors.push(`malformed metric ${JSON.stringify(part)}`);
      continue;
    }
    const name = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const definition = allowed.get(name);
    if (!definition) {
      errors.push(`unknown metric ${name}`);
      continue;
    }
    if (Object.hasOwn(metrics, name)) {
      errors.push(`duplicate metric ${name}`);
      continue;
    }
    if (!definition.values.includes(value)) errors.push(`invalid value ${value} for metric ${name}`);
    if (table.ordered && definition.position < lastPosition) errors.push(`metric ${name} is out of the order CVSS ${version} prescribes`);
    lastPosition = Math.max(lastPosition, definition.position);
    metrics[name] = value;
  }
  for (const name of table.base) if (!Object.hasOwn(metrics, name)) errors.push(`missing base metric ${name}`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { version, metrics, vector } };
}

/** The problems with a vector (empty when valid). */
export function validateCvssVector(vector: string, expectedVersion?: CvssVersion): string[] {
  const result = parseCvssVector(vector, expectedVersion);
  return result.ok ? [] : result.errors;
}
