/**
 * Offline schema validation with the official CycloneDX schemas shipped in
 * @cyclonedx/cyclonedx-library (ajv for JSON, libxmljs2 + XSD for XML). Validators are compiled
 * once per spec version and reused; their findings become issues with a JSON pointer or a line.
 */
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { SbomIssue } from '../../model/sbom.js';
import { isRecord } from './input.js';

/** Spec versions the library ships schemas for, for each encoding. */
export const JSON_SCHEMA_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];
export const XML_SCHEMA_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

/** Report at most this many schema errors; the first few tell the story. */
const MAX_SCHEMA_ISSUES = 50;

const jsonValidators = new Map<string, Validation.JsonStrictValidator>();
const xmlValidators = new Map<string, Validation.XmlValidator>();

function specVersion(version: string): Spec.Version {
  const known = Object.values(Spec.Version) as string[];
  if (!known.includes(version)) throw new RangeError(`no CycloneDX schema for version ${version}`);
  return version as Spec.Version;
}

/** Lists longer than this are validated in slices (see validateCycloneDxJsonDocument). */
const SLICE = 50;
const SLICED_LISTS = ['components', 'services', 'dependencies', 'vulnerabilities'] as const;

/**
 * Validate a parsed BOM. The schema marks big lists `uniqueItems`, which ajv checks pairwise
 * (quadratic: minutes for 50,000 components), so long lists are validated in slices of 50 inside
 * an otherwise empty BOM and their pointers rebased. Cross-slice uniqueness is left to the reader's
 * duplicate bom-ref check.
 */
export async function validateCycloneDxJsonDocument(root: Record<string, unknown>, text: string, version: string): Promise<SbomIssue[]> {
  const long = SLICED_LISTS.filter((key) => Array.isArray(root[key]) && (root[key] as unknown[]).length > SLICE);
  if (long.length === 0) return validateCycloneDxJsonText(text, version);
  const skeleton: Record<string, unknown> = { ...root };
  for (const key of long) delete skeleton[key];
  const issues = await validateCycloneDxJsonText(JSON.stringify(skeleton), version);
  const shell = { bomFormat: root.bomFormat, specVersion: root.specVersion };
  for (const key of long) {
    const list = root[key] as unknown[];
    for (let offset = 0; offset < list.length && issues.length < MAX_SCHEMA_ISSUES; offset += SLICE) {
      const slice = list.slice(offset, offset + SLICE);
      for (const issue of await validateCycloneDxJsonText(JSON.stringify({ ...shell, [key]: slice }), version)) {
        issues.push({ ...issue, pointer: rebase(issue.pointer ?? '', key, offset) });
      }
    }
  }
  return issues.slice(0, MAX_SCHEMA_ISSUES);
}

function rebase(pointer: string, key: string, offset: number): string {
  const match = new RegExp(`^/${key}/(\\d+)(.*)$`).exec(pointer);
  return match ? `/${key}/${Number(match[1]) + offset}${match[2] ?? ''}` : pointer;
}

export async function validateCycloneDxJsonText(text: string, version: string): Promise<SbomIssue[]> {
  let validator = jsonValidators.get(version);
  if (!validator) {
    validator = new Validation.JsonStrictValidator(specVersion(version));
    jsonValidators.set(version, validator);
  }
  const result: unknown = await validator.validate(text);
  if (result === null) return [];
  return (Array.isArray(result) ? result : [result]).slice(0, MAX_SCHEMA_ISSUES).map(ajvIssue);
}

function ajvIssue(error: unknown): SbomIssue {
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
    validator = new Validation.XmlValidator(specVersion(version));
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
