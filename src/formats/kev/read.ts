/** CISA Known Exploited Vulnerabilities catalog (JSON) → KevEntry[]. */
import type { Issue } from '../../model/errors.js';
import { InputError } from '../../model/errors.js';
import type { IntelSource, KevCatalog, KevEntry } from '../../model/intel.js';
import { decodeInputText, type GunzipOptions } from '../json/gzip.js';
import { parseJson } from '../json/parse.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asNumber, asObject, asString } from '../json/values.js';

export interface KevReadOptions extends GunzipOptions {
  file?: string;
}

export interface KevReadResult {
  catalog: KevCatalog;
  issues: Issue[];
}

const REQUIRED = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate'] as const;

/** Splits KEV `cwes`: an array in JSON; the CSV writes one `", "`-joined cell. */
export function splitKevCwes(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : asArray(value).filter((item): item is string => typeof item === 'string');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Splits KEV `notes` (URLs and remarks joined by ` ; `). */
export function splitKevNotes(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s;\s|;\s*(?=https?:\/\/)/).map((note) => note.trim()).filter((note) => note !== '') : [];
}

/** Reads the catalog; entries missing a required field are reported and skipped, the rest kept. */
export function readKevCatalog(input: string | Uint8Array, options: KevReadOptions = {}): KevReadResult {
  const { file } = options;
  const root = asObject(parseJson(decodeInputText(input, options), { file }));
  if (!root || !Array.isArray(root.vulnerabilities)) {
    throw new InputError('not a KEV catalog: no vulnerabilities[] array', { code: 'unsupported-document', place: { file } });
  }
  const issues: Issue[] = [];
  const entries: KevEntry[] = [];
  root.vulnerabilities.forEach((item, index) => {
    const pointer = childPointer('/vulnerabilities', index);
    const entry = asObject(item);
    const missing = REQUIRED.filter((key) => asString(entry?.[key]) === undefined);
    if (!entry || missing.length > 0) {
      issues.push({ file, pointer, code: 'invalid-kev-entry', message: `KEV entry missing ${missing.join(', ') || 'everything'}; entry skipped` });
      return;
    }
    const text = (key: (typeof REQUIRED)[number]): string => asString(entry[key]) as string;
    const source: IntelSource = { kind: 'kev', document: file, pointer, provider: 'CISA' };
    entries.push({
      cveId: text('cveID'),
      vendorProject: text('vendorProject'),
      product: text('product'),
      vulnerabilityName: text('vulnerabilityName'),
      dateAdded: text('dateAdded'),
      shortDescription: text('shortDescription'),
      requiredAction: text('requiredAction'),
      dueDate: text('dueDate'),
      knownRansomwareCampaignUse: asString(entry.knownRansomwareCampaignUse)?.toLowerCase() === 'known' ? 'known' : 'unknown',
      notes: splitKevNotes(entry.notes),
      cwes: splitKevCwes(entry.cwes),
      source,
    });
  });
  const declaredCount = asNumber(root.count);
  if (declaredCount !== undefined && declaredCount !== root.vulnerabilities.length) {
    issues.push({ file, pointer: '/count', code: 'count-mismatch', message: `catalog declares ${declaredCount} entries but holds ${root.vulnerabilities.length}` });
  }
  return {
    catalog: { title: asString(root.title), catalogVersion: asString(root.catalogVersion), dateReleased: asString(root.dateReleased), declaredCount, entries },
    issues,
  };
}
