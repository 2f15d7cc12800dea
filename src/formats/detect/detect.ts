/**
 * Content-based detection of vulnerability-intelligence documents from their first bytes (a few KB
 * are enough; the whole file works too). File names are never consulted.
 */
export type IntelKind = 'nvd-api' | 'nvd-feed-1.1' | 'cve5' | 'kev' | 'epss' | 'csaf' | 'osv' | 'gzip' | 'zip' | 'unknown';

/** How much of the input is examined. */
export const DETECT_WINDOW_BYTES = 64 * 1024;

function has(text: string, key: string, value?: RegExp): boolean {
  const pattern = value ? new RegExp(`"${key}"\\s*:\\s*${value.source}`) : new RegExp(`"${key}"\\s*:`);
  return pattern.test(text);
}

export function detectIntelKind(firstBytes: Uint8Array): IntelKind {
  if (firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b) return 'gzip';
  if (firstBytes.length >= 4 && firstBytes[0] === 0x50 && firstBytes[1] === 0x4b && firstBytes[2] === 0x03 && firstBytes[3] === 0x04) return 'zip';
  const window = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, Math.min(firstBytes.byteLength, DETECT_WINDOW_BYTES));
  const text = window.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^#model_version:/.test(text) || /^cve,epss(,|\r?\n|$)/i.test(text)) return 'epss';
  if (!text.startsWith('{') && !text.startsWith('[')) return 'unknown';

  if (has(text, 'csaf_version')) return 'csaf';
  if (has(text, 'CVE_Items') || has(text, 'CVE_data_type')) return 'nvd-feed-1.1';
  if (has(text, 'dataType', /"CVE_RECORD"/) || has(text, 'cveMetadata')) return 'cve5';
  if (has(text, 'catalogVersion') || (has(text, 'cveID') && has(text, 'vendorProject'))) return 'kev';
  if (has(text, 'format', /"NVD_CVE"/) || has(text, 'resultsPerPage') || has(text, 'vulnStatus') || has(text, 'sourceIdentifier')) return 'nvd-api';
  if (has(text, 'schema_version') || (has(text, 'id') && has(text, 'modified') && (has(text, 'affected') || has(text, 'aliases') || has(text, 'details')))) {
    return 'osv';
  }
  return 'unknown';
}
