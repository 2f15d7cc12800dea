/** CycloneDX XML reader: bytes in, normalised SbomDocument plus issues out (lines as places). */
import { LimitError } from '../../model/errors.js';
import type { SbomIssue, SbomReadResult } from '../../model/sbom.js';
import { checkSbomIntegrity } from '../../engine/sbom/integrity.js';
import { decodeInput } from './input.js';
import { NormalizeContext, normalizeCycloneDx } from './normalize.js';
import { finish, type CycloneDxReadOptions } from './read-json.js';
import { validateCycloneDxXmlText, XML_SCHEMA_VERSIONS } from './validate.js';
import { parseCycloneDxXml } from './xml-tree.js';

/**
 * Largest CycloneDX XML accepted. The element tree, the normalised document and libxml2's own tree
 * for the schema check cost ~20 bytes of memory per byte of XML: a 64 MiB document (~100k
 * components) peaks near 1.3 GB, while a 150 MB one exhausted a 4 GB heap. JSON has no such limit
 * short of the general one (a 104 MB JSON SBOM imports in ~1.3 GB).
 */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

export async function readCycloneDxXml(input: string | Uint8Array, options: CycloneDxReadOptions = {}): Promise<SbomReadResult> {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > (options.maxXmlBytes ?? MAX_XML_BYTES)) {
    throw new LimitError(
      `CycloneDX XML of ${(size / 1048576).toFixed(0)} MiB is larger than the ${((options.maxXmlBytes ?? MAX_XML_BYTES) / 1048576).toFixed(0)} MiB Bulwark reads as XML; export it as CycloneDX JSON (no such limit) and import that`,
      { details: { code: 'xml-too-large', bytes: size, limit: options.maxXmlBytes ?? MAX_XML_BYTES } },
    );
  }
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
