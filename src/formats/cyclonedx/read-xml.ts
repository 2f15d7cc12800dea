/** CycloneDX XML reader: bytes in, normalised SbomDocument plus issues out (lines as places). */
import type { SbomIssue, SbomReadResult } from '../../model/sbom.js';
import { checkSbomIntegrity } from '../../engine/sbom/integrity.js';
import { decodeInput } from './input.js';
import { NormalizeContext, normalizeCycloneDx } from './normalize.js';
import { finish, type CycloneDxReadOptions } from './read-json.js';
import { validateCycloneDxXmlText, XML_SCHEMA_VERSIONS } from './validate.js';
import { parseCycloneDxXml } from './xml-tree.js';

export async function readCycloneDxXml(input: string | Uint8Array, options: CycloneDxReadOptions = {}): Promise<SbomReadResult> {
  const text = decodeInput(input, options);
  const { root, specVersion } = parseCycloneDxXml(text);
  const issues: SbomIssue[] = [];
  if (options.validate !== false) {
    if (XML_SCHEMA_VERSIONS.includes(specVersion)) issues.push(...(await validateCycloneDxXmlText(text, specVersion)));
    else issues.push({ severity: 'warning', code: 'unknown-spec-version', message: `no schema for CycloneDX ${specVersion}; not validated` });
  }
  const ctx = new NormalizeContext('xml');
  const document = normalizeCycloneDx(root, specVersion, ctx);
  issues.push(...ctx.issues, ...checkSbomIntegrity(document));
  return finish({ document, issues }, options);
}
