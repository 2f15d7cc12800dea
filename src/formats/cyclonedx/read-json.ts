/** CycloneDX JSON reader: bytes in, normalised SbomDocument plus issues out. */
import { InputError } from '../../model/errors.js';
import type { SbomIssue, SbomReadResult } from '../../model/sbom.js';
import { checkSbomIntegrity } from '../../engine/sbom/integrity.js';
import { decodeInput, isRecord, parseJsonText, str, type InputLimits } from './input.js';
import { NormalizeContext, normalizeCycloneDx } from './normalize.js';
import { JSON_SCHEMA_VERSIONS, validateCycloneDxJsonDocument } from './validate.js';

export interface CycloneDxReadOptions extends InputLimits {
  /** Validate against the official schema (default true). Schema errors are reported as issues. */
  validate?: boolean;
  /** Throw an InputError when any error-level issue is found (default false: report and continue). */
  strict?: boolean;
  /** Largest XML document read (default MAX_XML_BYTES in read-xml.ts). */
  maxXmlBytes?: number;
}

export async function readCycloneDxJson(input: string | Uint8Array, options: CycloneDxReadOptions = {}): Promise<SbomReadResult> {
  const text = decodeInput(input, options);
  const root = parseJsonText(text, options);
  if (!isRecord(root)) throw new InputError('CycloneDX JSON must be an object', { code: 'not-cyclonedx', place: { pointer: '' } });
  if (root.bomFormat !== 'CycloneDX') {
    throw new InputError('not a CycloneDX document: bomFormat is not "CycloneDX"', { code: 'not-cyclonedx', place: { pointer: '/bomFormat' } });
  }
  const specVersion = str(root.specVersion);
  if (!specVersion) throw new InputError('CycloneDX document has no specVersion', { code: 'not-cyclonedx', place: { pointer: '/specVersion' } });

  const issues: SbomIssue[] = [];
  if (options.validate !== false) {
    if (JSON_SCHEMA_VERSIONS.includes(specVersion)) issues.push(...(await validateCycloneDxJsonDocument(root, text, specVersion)));
    else issues.push({ severity: 'warning', code: 'unknown-spec-version', message: `no schema for CycloneDX ${specVersion}; not validated`, pointer: '/specVersion' });
  }
  const ctx = new NormalizeContext('json');
  const document = normalizeCycloneDx(root, specVersion, ctx);
  issues.push(...ctx.issues, ...checkSbomIntegrity(document));
  return finish({ document, issues }, options);
}

/** Apply `strict`: throw with every error-level issue, or hand back the result. */
export function finish(result: SbomReadResult, options: { strict?: boolean }): SbomReadResult {
  if (options.strict) {
    const errors = result.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new InputError(`${errors.length} error(s) in the SBOM; first: ${errors[0]?.message ?? ''}`, { code: 'invalid-sbom', issues: errors });
    }
  }
  return result;
}
