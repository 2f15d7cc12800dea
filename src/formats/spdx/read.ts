/** SPDX readers: 2.2/2.3 JSON, 3.0 JSON-LD (detected from the content), and tag-value. */
import { InputError } from '../../model/errors.js';
import type { SbomIssue, SbomReadResult } from '../../model/sbom.js';
import { checkSbomIntegrity } from '../../engine/sbom/integrity.js';
import { decodeInput, isRecord, parseJsonText, str, type InputLimits } from '../cyclonedx/input.js';
import { normalizeSpdx2 } from './normalize2.js';
import { normalizeSpdx3 } from './spdx3.js';
import { SPDX_SCHEMA_VERSIONS, validateSpdxJsonDocument } from './validate.js';

export { readSpdxTagValue } from './tag-value.js';

export interface SpdxReadOptions extends InputLimits {
  /** Validate SPDX 2.2/2.3 JSON against the published schema (default true). Schema errors are reported as issues. */
  validate?: boolean;
}

export function readSpdxJson(input: string | Uint8Array, limits: SpdxReadOptions = {}): SbomReadResult {
  const root = parseJsonText(decodeInput(input, limits), limits);
  if (!isRecord(root)) throw new InputError('SPDX JSON must be an object', { code: 'not-spdx', place: { pointer: '' } });
  const issues: SbomIssue[] = [];
  if (Array.isArray(root['@graph'])) {
    const document = normalizeSpdx3(root, issues);
    issues.push(...checkSbomIntegrity(document));
    return { document, issues };
  }
  const spdxVersion = str(root.spdxVersion);
  const specVersion = /^SPDX-(\d+\.\d+)$/.exec(spdxVersion ?? '')?.[1];
  if (!specVersion) throw new InputError('not an SPDX document: spdxVersion is missing or not "SPDX-x.y"', { code: 'not-spdx', place: { pointer: '/spdxVersion' } });
  if (!specVersion.startsWith('2.')) {
    throw new InputError(`SPDX ${specVersion} without a JSON-LD @graph is not supported`, { code: 'unsupported-spdx-version', place: { pointer: '/spdxVersion' } });
  }
  if (limits.validate !== false) {
    if (SPDX_SCHEMA_VERSIONS.includes(specVersion)) issues.push(...validateSpdxJsonDocument(root, specVersion));
    else issues.push({ severity: 'warning', code: 'unknown-spec-version', message: `no schema for SPDX ${specVersion}; not validated`, pointer: '/spdxVersion' });
  }
  for (const field of ['SPDXID', 'name', 'documentNamespace', 'dataLicense', 'creationInfo'] as const) {
    if (root[field] === undefined) issues.push({ severity: 'error', code: 'missing-field', message: `document has no ${field}`, pointer: `/${field}` });
  }
  const document = normalizeSpdx2(root, specVersion, { encoding: 'json', issues });
  issues.push(...checkSbomIntegrity(document));
  return { document, issues };
}
