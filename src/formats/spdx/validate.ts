/**
 * Offline validation of SPDX 2.2 and 2.3 JSON against the JSON schemas published with the SPDX
 * specification (schemas/README.md says where they come from). ajv is set up exactly as for the
 * CycloneDX schemas (the CycloneDX library's own setup); validators are compiled once per version.
 * Findings become error issues with a JSON pointer, like CycloneDX schema findings.
 */
import type { ValidateFunction } from 'ajv';
import type { SbomIssue } from '../../model/sbom.js';
import { ajvIssue, cycloneDxStyleAjv } from '../cyclonedx/validate.js';
// Imported (not read from disk) so that the build carries them into dist/.
import spdxSchema22 from './schemas/spdx-schema-2.2.json' with { type: 'json' };
import spdxSchema23 from './schemas/spdx-schema-2.3.json' with { type: 'json' };

const SCHEMAS: Readonly<Record<string, object>> = { '2.2': spdxSchema22, '2.3': spdxSchema23 };

/** SPDX versions with a published JSON schema here. */
export const SPDX_SCHEMA_VERSIONS: readonly string[] = ['2.2', '2.3'];

/** Report at most this many schema errors. */
const MAX_SCHEMA_ISSUES = 50;

const validators = new Map<string, ValidateFunction>();

/** The fields every SPDX 2.2/2.3 document needs, valid under both schemas. */
const VALID_SHELL: Readonly<Record<string, unknown>> = {
  SPDXID: 'SPDXRef-DOCUMENT',
  spdxVersion: 'SPDX-2.3',
  name: 'shell',
  dataLicense: 'CC0-1.0',
  documentNamespace: 'urn:shell',
  creationInfo: { created: '2000-01-01T00:00:00Z', creators: ['Tool: shell'] },
};

function validator(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = SCHEMAS[version];
    if (!schema) throw new RangeError(`no SPDX JSON schema for version ${version}`);
    // A copy: ajv keeps a reference to the schema it compiles.
    validate = cycloneDxStyleAjv().compile(structuredClone(schema));
    validators.set(version, validate);
  }
  return validate;
}

/**
 * Validate a parsed SPDX 2.x JSON document. ajv stops at the first error; when the document is
 * invalid, each package, file, snippet and relationship is checked on its own as well (inside an
 * otherwise empty copy of the document), so that every broken element is reported with its pointer.
 */
export function validateSpdxJsonDocument(root: Record<string, unknown>, version: string): SbomIssue[] {
  const validateFn = validator(version);
  const validate = (value: unknown): boolean => validateFn(value);
  if (validate(root)) return [];
  const first = (validateFn.errors ?? []).map(ajvIssue);
  const lists = ['packages', 'files', 'snippets', 'relationships'].filter((key) => Array.isArray(root[key]) && (root[key] as unknown[]).length > 0);
  if (lists.length === 0) return first.slice(0, MAX_SCHEMA_ISSUES);
  const skeleton: Record<string, unknown> = { ...root };
  for (const key of lists) delete skeleton[key];
  const issues = validate(skeleton) ? [] : (validateFn.errors ?? []).map(ajvIssue);
  for (const key of lists) {
    const list = root[key] as unknown[];
    const one: unknown[] = [undefined];
    // A minimal valid document around one item, so that only the item's own errors show.
    const probe: Record<string, unknown> = { ...VALID_SHELL, [key]: one };
    for (let index = 0; index < list.length && issues.length < MAX_SCHEMA_ISSUES; index++) {
      one[0] = list[index];
      if (validate(probe)) continue;
      for (const issue of (validateFn.errors ?? []).map(ajvIssue)) {
        const prefix = `/${key}/0`;
        const pointer = issue.pointer ?? '';
        issues.push({ ...issue, pointer: pointer === prefix || pointer.startsWith(`${prefix}/`) ? `/${key}/${index}${pointer.slice(prefix.length)}` : pointer });
      }
    }
  }
  // The skeleton may pass where the whole failed for a reason outside the lists' items.
  return (issues.length > 0 ? issues : first).slice(0, MAX_SCHEMA_ISSUES);
}

/** Validate SPDX 2.x JSON text (exports, tests). */
export function validateSpdxJsonText(text: string, version = '2.3'): SbomIssue[] {
  const root = JSON.parse(text) as unknown;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return [{ severity: 'error', code: 'schema', message: 'schema: must be object', pointer: '' }];
  return validateSpdxJsonDocument(root as Record<string, unknown>, version);
}
