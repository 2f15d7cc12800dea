/**
 * Offline schema validation with the official CycloneDX schemas shipped in
 * @cyclonedx/cyclonedx-library (ajv for JSON, libxmljs2 + XSD for XML). Validators are compiled
 * once per spec version and reused; their findings become issues with a JSON pointer or a line.
 *
 * JSON: the library's own validator takes text and parses it again, so for a parsed document we
 * compile the very same schema files with the very same ajv setup as the library
 * (`_optPlug.node/__jsonValidators/ajv.js`: options, formats, the three referenced schemas) and
 * validate the parsed objects directly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import addFormats2019 from 'ajv-formats-draft2019';
import type { SbomIssue } from '../../model/sbom.js';
import { isRecord } from './input.js';

/** Spec versions the library ships schemas for, for each encoding. */
export const JSON_SCHEMA_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];
export const XML_SCHEMA_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

/** Report at most this many schema errors; the first few tell the story. */
const MAX_SCHEMA_ISSUES = 50;

const xmlValidators = new Map<string, Validation.XmlValidator>();

function specVersion(version: string): Spec.Version {
  if (!JSON_SCHEMA_VERSIONS.includes(version) && !XML_SCHEMA_VERSIONS.includes(version)) throw new RangeError(`no CycloneDX schema for version ${version}`);
  return version as Spec.Version;
}

/** The library's schema folder (`res/schema`), found through its exported package.json. */
const SCHEMA_ROOT = join(dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

/** The library's JSON_STRICT_SCHEMA file per version (1.2 and 1.3 have separate strict schemas). */
function jsonSchemaFile(version: string): string {
  specVersion(version);
  return join(SCHEMA_ROOT, version === '1.2' || version === '1.3' ? `bom-${version}-strict.SNAPSHOT.schema.json` : `bom-${version}.SNAPSHOT.schema.json`);
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

/** An ajv instance set up exactly as the CycloneDX library sets up its own. */
export function cycloneDxStyleAjv(schemas: Record<string, unknown> = {}): Ajv {
  const ajv = new Ajv({
    useDefaults: false,
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    loadSchema: (uri: string) => {
      throw new Error(`Remote schemas are disabled: ${uri}`);
    },
    schemas: schemas as Record<string, never>,
  });
  addFormatsModule.default(ajv);
  addFormats2019(ajv, { formats: ['idn-email'] });
  ajv.addFormat('iri-reference', true);
  return ajv;
}

/** Top-level lists the schema marks `uniqueItems`; see validateCycloneDxJsonDocument. */
const UNIQUE_LISTS = ['components', 'services', 'dependencies', 'vulnerabilities'] as const;

const jsonValidators = new Map<string, { validate: ValidateFunction; unique: string[] }>();

/**
 * The validator for a spec version: the official schema, except that the `uniqueItems` of the
 * top-level lists is left to `firstDuplicate` below. ajv checks `uniqueItems` on arrays of objects
 * pairwise (50,000 components: 1.25 billion comparisons); `firstDuplicate` finds the very pair ajv
 * would name, in linear time, and it is reported with ajv's message and pointer.
 */
function jsonValidator(version: string): { validate: ValidateFunction; unique: string[] } {
  let validator = jsonValidators.get(version);
  if (!validator) {
    const ajv = cycloneDxStyleAjv({
      'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': readJson(join(SCHEMA_ROOT, 'spdx.SNAPSHOT.schema.json')),
      'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': readJson(join(SCHEMA_ROOT, 'cryptography-defs.SNAPSHOT.schema.json')),
      'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': readJson(join(SCHEMA_ROOT, 'jsf-0.82.SNAPSHOT.schema.json')),
    });
    const schema = readJson(jsonSchemaFile(version)) as { properties?: Record<string, { uniqueItems?: boolean }> };
    const unique: string[] = [];
    for (const key of UNIQUE_LISTS) {
      const property = schema.properties?.[key];
      if (property?.uniqueItems === true) {
        delete property.uniqueItems;
        unique.push(key);
      }
    }
    validator = { validate: ajv.compile(schema), unique };
    jsonValidators.set(version, validator);
  }
  return validator;
}

/** Validate one parsed value; ajv errors become issues (at most MAX_SCHEMA_ISSUES). */
function validateValue(value: unknown, version: string): SbomIssue[] {
  const { validate } = jsonValidator(version);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, MAX_SCHEMA_ISSUES).map(ajvIssue);
}

/** Lists longer than this are validated item by item when the document is invalid. */
const SLICE = 50;

/**
 * Validate a parsed BOM against the official schema. A valid document is checked in one pass. An
 * invalid one is checked again to say where: ajv stops at its first error, so the items of long
 * lists are then validated one by one inside an otherwise empty BOM (pointers rebased), and every
 * invalid item is reported (up to 50 issues).
 */
export async function validateCycloneDxJsonDocument(root: Record<string, unknown>, _text: string, version: string): Promise<SbomIssue[]> {
  await Promise.resolve();
  const duplicates: SbomIssue[] = [];
  for (const key of jsonValidator(version).unique) {
    const list = root[key];
    const duplicate = Array.isArray(list) ? firstDuplicate(list) : undefined;
    if (duplicate) {
      duplicates.push({ severity: 'error', code: 'schema', message: `schema: must NOT have duplicate items (items ## ${duplicate[0]} and ${duplicate[1]} are identical)`, pointer: `/${key}` });
    }
  }
  const whole = validateValue(root, version);
  if (whole.length === 0) return duplicates;
  const long = UNIQUE_LISTS.filter((key) => Array.isArray(root[key]) && (root[key] as unknown[]).length > SLICE);
  if (long.length === 0) return [...whole, ...duplicates].slice(0, MAX_SCHEMA_ISSUES);
  const skeleton: Record<string, unknown> = { ...root };
  for (const key of long) delete skeleton[key];
  const issues = validateValue(skeleton, version);
  const shell = { bomFormat: root.bomFormat, specVersion: root.specVersion };
  for (const key of long) {
    const list = root[key] as unknown[];
    const one: unknown[] = [undefined];
    const probe: Record<string, unknown> = { ...shell, [key]: one };
    for (let index = 0; index < list.length && issues.length < MAX_SCHEMA_ISSUES; index++) {
      one[0] = list[index];
      for (const issue of validateValue(probe, version)) issues.push({ ...issue, pointer: rebase(issue.pointer ?? '', key, index) });
    }
  }
  return [...issues, ...duplicates].slice(0, MAX_SCHEMA_ISSUES);
}

function rebase(pointer: string, key: string, offset: number): string {
  const prefix = `/${key}/`;
  if (!pointer.startsWith(prefix)) return pointer;
  const match = /^(\d+)(.*)$/s.exec(pointer.slice(prefix.length));
  return match ? `${prefix}${Number(match[1]) + offset}${match[2] ?? ''}` : pointer;
}

/**
 * The pair ajv's `uniqueItems` would name: the last item equal to an earlier one, and the nearest
 * earlier one (`[earlier, later]`), or undefined when all items differ.
 */
function firstDuplicate(list: unknown[]): [number, number] | undefined {
  const buckets = new Map<number, number | number[]>();
  let found: [number, number] | undefined;
  for (let i = 0; i < list.length; i++) {
    const key = shallowHash(list[i]);
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      buckets.set(key, i);
      continue;
    }
    const earlier = typeof bucket === 'number' ? [bucket] : bucket;
    for (let b = earlier.length - 1; b >= 0; b--) {
      const j = earlier[b] as number;
      if (deepEqual(list[i], list[j])) {
        found = [j, i];
        break;
      }
    }
    if (typeof bucket === 'number') buckets.set(key, [bucket, i]);
    else bucket.push(i);
  }
  return found;
}

/** 32-bit FNV-1a of a string, continuing from `h`. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Equal values have equal hashes: an object hashes its own keys and the primitive values under
 * them, combined by addition so that key order does not matter (as for ajv's deep equality).
 */
function shallowHash(value: unknown): number {
  if (typeof value !== 'object' || value === null) return fnv(0x811c9dc5, `${typeof value}:${String(value)}`);
  if (Array.isArray(value)) return value.length;
  let sum = 0;
  let count = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    let h = fnv(0x811c9dc5, k);
    h = typeof v === 'string' ? fnv(h ^ 0x73, v) : typeof v === 'object' && v !== null ? h ^ 0x6f : fnv(h ^ 0x70, String(v));
    sum = (sum + h) | 0;
    count++;
  }
  return (sum + Math.imul(count, 0x9e3779b1)) | 0;
}

/** Structural equality of JSON values (object key order ignored), as ajv's uniqueItems compares. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Validate CycloneDX JSON text (exports, tests): parsed, then validated like a read document. */
export async function validateCycloneDxJsonText(text: string, version: string): Promise<SbomIssue[]> {
  const root = JSON.parse(text) as unknown;
  if (!isRecord(root)) return validateValue(root, version);
  return validateCycloneDxJsonDocument(root, text, version);
}

/** An ajv error as an issue: message, allowed values or offending property, JSON pointer. */
export function ajvIssue(error: unknown): SbomIssue {
  if (!isRecord(error)) return { severity: 'error', code: 'schema', message: String(error) };
  const pointer = typeof error.instancePath === 'string' ? error.instancePath : '';
  const params = isRecord(error.params) ? error.params : {};
  const detail = Array.isArray(params.allowedValues)
    ? ` (allowed: ${params.allowedValues.join(', ')})`
    : typeof params.additionalProperty === 'string'
      ? ` ("${params.additionalProperty}")`
      : '';
  return {
    severity: 'error',
    code: 'schema',
    message: `schema: ${String(error.message ?? error.keyword ?? 'invalid')}${detail}`,
    pointer,
  };
}

export async function validateCycloneDxXmlText(text: string, version: string): Promise<SbomIssue[]> {
  let validator = xmlValidators.get(version);
  if (!validator) {
    // Loaded on first use: the library (and libxml2) is needed for XML only.
    const { Validation: validation } = await import('@cyclonedx/cyclonedx-library');
    validator = new validation.XmlValidator(specVersion(version));
    xmlValidators.set(version, validator);
  }
  let result: unknown;
  try {
    result = await validator.validate(text);
  } catch (error) {
    // libxml2 refuses what it cannot parse (entity loops, malformed markup): that is a finding, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return [{ severity: 'error', code: 'schema', message: `schema: XML could not be validated: ${message.trim()}` }];
  }
  if (result === null) return [];
  return (Array.isArray(result) ? result : [result]).slice(0, MAX_SCHEMA_ISSUES).map(libxmlIssue);
}

function libxmlIssue(error: unknown): SbomIssue {
  if (!isRecord(error) && !(error instanceof Error)) return { severity: 'error', code: 'schema', message: String(error) };
  const e = error as { message?: unknown; line?: unknown; column?: unknown };
  const issue: SbomIssue = { severity: 'error', code: 'schema', message: `schema: ${String(e.message ?? 'invalid').trim()}` };
  if (typeof e.line === 'number' && e.line > 0) issue.line = e.line;
  if (typeof e.column === 'number' && e.column > 0) issue.column = e.column;
  return issue;
}
