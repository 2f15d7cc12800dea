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
  // Parse (well-formedness, DOCTYPE refused) and normalise first; only then does libxml2 build its
  // own tree of the text for the XSD check, when our parse tree is already gone: the two trees are
  // never alive at once.
  const ctx = new NormalizeContext('xml');
  const { document, specVersion } = normalizeXml(text, ctx);
  const schemaIssues: SbomIssue[] = [];
  if (options.validate !== false) {
    if (XML_SCHEMA_VERSIONS.includes(specVersion)) schemaIssues.push(...(await validateCycloneDxXmlText(text, specVersion)));
    else schemaIssues.push({ severity: 'warning', code: 'unknown-spec-version', message: `no schema for CycloneDX ${specVersion}; not validated` });
  }
  const issues = [...schemaIssues, ...ctx.issues, ...checkSbomIntegrity(document)];
  return finish({ document, issues }, options);
}

/** The parsed tree lives only inside this call. */
function normalizeXml(text: string, ctx: NormalizeContext): { document: ReturnType<typeof normalizeCycloneDx>; specVersion: string } {
  const { root, specVersion } = parseCycloneDxXml(text);
  return { document: normalizeCycloneDx(root, specVersion, ctx), specVersion };
}
