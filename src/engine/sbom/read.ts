/**
 * One entry point for any supported SBOM: sniff the content (JSON bomFormat / spdxVersion / @graph,
 * XML <bom>, SPDX tag-value) and dispatch to the matching reader.
 */
import { InputError } from '../../model/errors.js';
import type { SbomReadResult } from '../../model/sbom.js';
import { decodeInput, type InputLimits } from '../../formats/cyclonedx/input.js';
import { readCycloneDxJson, type CycloneDxReadOptions } from '../../formats/cyclonedx/read-json.js';
import { readCycloneDxXml } from '../../formats/cyclonedx/read-xml.js';
import { readSpdxJson, readSpdxTagValue } from '../../formats/spdx/read.js';

export type SbomKind = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value' | 'unknown';

/** Guess the kind from the first few kilobytes. */
export function detectSbomKind(text: string): SbomKind {
  const head = text.slice(0, 8192).trimStart();
  if (head.startsWith('{')) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text.slice(0, 65536)) || /"bomFormat"/.test(head)) return 'cyclonedx-json';
    if (/"spdxVersion"|"@graph"|spdx\.org\/rdf\/3/.test(head) || /"spdxVersion"/.test(text.slice(0, 65536))) return 'spdx-json';
    return 'unknown';
  }
  if (head.startsWith('<')) return /<(?:\w+:)?bom[\s>]/.test(head) ? 'cyclonedx-xml' : 'unknown';
  if (/^SPDXVersion:\s*SPDX-/m.test(head)) return 'spdx-tag-value';
  return 'unknown';
}

export async function readSbom(input: string | Uint8Array, options: CycloneDxReadOptions & InputLimits = {}): Promise<SbomReadResult> {
  const text = decodeInput(input, options);
  switch (detectSbomKind(text)) {
    case 'cyclonedx-json':
      return readCycloneDxJson(text, options);
    case 'cyclonedx-xml':
      return readCycloneDxXml(text, options);
    case 'spdx-json':
      return readSpdxJson(text, options);
    case 'spdx-tag-value':
      return readSpdxTagValue(text, options);
    default:
      throw new InputError('not a recognised SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value, SPDX 3.0 JSON-LD)', { code: 'unknown-sbom-format' });
  }
}
