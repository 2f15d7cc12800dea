/**
 * The inventory record: one row of a CSV or one object of a JSON import, validated into AssetFacts.
 * Both readers share this so that CSV and JSON accept exactly the same fields and rules.
 */
import { PackageURL } from 'packageurl-js';
import {
  ASSET_KINDS,
  CRITICALITIES,
  isAssetKind,
  isCriticality,
  type AssetFacts,
} from '../../model/asset.js';
import { normaliseCountry, normaliseIp, normaliseMac, parsePurdueLevel } from '../../model/asset-values.js';
import type { Issue } from '../../model/errors.js';

/** Canonical column names, in export order. */
export const INVENTORY_COLUMNS = [
  'name', 'kind', 'vendor', 'model', 'firmware', 'hardware_version', 'serial', 'ip', 'mac', 'hostname', 'site',
  'zone', 'purdue_level', 'criticality', 'owner', 'country', 'cpe', 'purl', 'tags', 'external_id',
] as const;
export type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];

/** Other spellings people use for the same columns (case and separators are ignored before this look-up). */
const COLUMN_ALIASES: Record<string, InventoryColumn> = {
  hardwareversion: 'hardware_version', hw_version: 'hardware_version', hardware: 'hardware_version',
  firmware_version: 'firmware', fw: 'firmware', fw_version: 'firmware', firmwareversion: 'firmware',
  serial_number: 'serial', serialnumber: 'serial', ips: 'ip', ip_address: 'ip', ipaddress: 'ip', macs: 'mac',
  mac_address: 'mac', macaddress: 'mac', host: 'hostname', host_name: 'hostname', purdue: 'purdue_level',
  purduelevel: 'purdue_level', level: 'purdue_level', cpes: 'cpe', purls: 'purl', tag: 'tags', externalid: 'external_id',
  asset_id: 'external_id', asset_tag: 'external_id', type: 'kind', asset_kind: 'kind', manufacturer: 'vendor',
  country_of_origin: 'country', origin: 'country',
};

const CANONICAL = new Set<string>(INVENTORY_COLUMNS);

const columnCache = new Map<string, InventoryColumn | null>();

/** Maps a header or JSON key to its canonical column, or null for a custom attribute. */
export function canonicalColumn(raw: string): InventoryColumn | null {
  let hit = columnCache.get(raw);
  if (hit === undefined) {
    hit = resolveColumn(raw);
    if (columnCache.size < 10_000) columnCache.set(raw, hit);
  }
  return hit;
}

function resolveColumn(raw: string): InventoryColumn | null {
  const key = raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
  if (CANONICAL.has(key)) return key as InventoryColumn;
  return COLUMN_ALIASES[key] ?? COLUMN_ALIASES[key.replace(/_/g, '')] ?? null;
}

/** Longest value accepted in any cell; longer values are almost always a broken file. */
export const MAX_CELL_LENGTH = 4096;
const MAX_LIST_ITEMS = 256;

type RawValue = string | string[] | number | null | undefined;

function cellText(v: RawValue): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

function splitList(v: RawValue): string[] {
  const parts = Array.isArray(v) ? v.map((x) => String(x)) : cellText(v).split(';');
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

// CPE 2.3 formatted string: 13 colon-separated components with backslash escapes. Full parsing and
// matching lives in formats/cpe; import only checks the shape so that broken values are caught early.
function isCpeShape(v: string): boolean {
  if (v.startsWith('cpe:/')) return /^cpe:\/[aho]?(:[^:]*){0,6}$/i.test(v);
  if (!v.startsWith('cpe:2.3:')) return false;
  let parts = 1;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '\\') i++;
    else if (v[i] === ':') parts++;
  }
  return parts === 13 && /^cpe:2\.3:[aho*-]:/.test(v);
}

export interface RecordContext {
  /** Place reported with each issue. */
  line?: number;
  pointerBase?: string;
}

/**
 * Validates one record (already keyed by raw header/key) into facts. Every problem is pushed to
 * `issues` with its line and column (CSV) or JSON pointer (JSON); the function never throws.
 */
export function recordToFacts(record: Record<string, RawValue>, ctx: RecordContext, issues: Issue[]): AssetFacts {
  return cellsToFacts(Object.keys(record), Object.values(record), ctx, issues);
}

/** The same for a row given as parallel arrays of keys and values (CSV rows, without an object per row). */
export function cellsToFacts(keys: readonly string[], values: readonly RawValue[], ctx: RecordContext, issues: Issue[]): AssetFacts {
  const facts: AssetFacts = {};
  const custom: Record<string, string> = {};
  const at = (column: string): Pick<Issue, 'line' | 'column' | 'pointer'> =>
    ctx.pointerBase !== undefined
      ? { pointer: `${ctx.pointerBase}/${column.replace(/~/g, '~0').replace(/\//g, '~1')}` }
      : { line: ctx.line, column };
  const problem = (column: string, code: string, message: string) => issues.push({ ...at(column), code, message });

  for (let i = 0; i < keys.length; i++) {
    const rawKey = keys[i]!;
    const rawValue = values[i];
    const column = canonicalColumn(rawKey);
    const text = cellText(rawValue).trim();
    if (text.length > MAX_CELL_LENGTH) {
      problem(rawKey, 'value-too-long', `value is ${text.length} characters, more than the ${MAX_CELL_LENGTH} allowed`);
      continue;
    }
    if (hasControlCharacters(text)) {
      problem(rawKey, 'control-characters', 'value contains control characters (binary or corrupted data?)');
      continue;
    }
    if (column === null) {
      if (text !== '' && rawKey.trim() !== '') custom[rawKey.trim()] = text;
      continue;
    }
    if (text === '' && !Array.isArray(rawValue)) continue;
    switch (column) {
      case 'kind': {
        const v = text.toLowerCase();
        if (isAssetKind(v)) facts.kind = v;
        else problem(rawKey, 'unknown-kind', `unknown kind "${text}"; expected one of ${ASSET_KINDS.join(', ')}`);
        break;
      }
      case 'criticality': {
        const v = text.toLowerCase();
        if (isCriticality(v)) facts.criticality = v;
        else problem(rawKey, 'invalid-criticality', `invalid criticality "${text}"; expected one of ${CRITICALITIES.join(', ')}`);
        break;
      }
      case 'purdue_level': {
        const v = parsePurdueLevel(text);
        if (v) facts.purdueLevel = v;
        else problem(rawKey, 'invalid-purdue-level', `invalid Purdue level "${text}"; expected 0-5 or dmz`);
        break;
      }
      case 'country': {
        const v = normaliseCountry(text);
        if (v) facts.country = v;
        else problem(rawKey, 'invalid-country', `invalid country "${text}"; expected an ISO 3166-1 alpha-2 code such as DE or US`);
        break;
      }
      case 'ip':
      case 'mac':
      case 'cpe':
      case 'purl':
      case 'tags': {
        const items = splitList(rawValue);
        if (items.length > MAX_LIST_ITEMS) {
          problem(rawKey, 'too-many-values', `${items.length} values, more than the ${MAX_LIST_ITEMS} allowed`);
          break;
        }
        const out: string[] = [];
        for (const item of items) {
          const v = normaliseListItem(column, item);
          if (v === null) problem(rawKey, `invalid-${column}`, `invalid ${column.toUpperCase()} "${item}"`);
          else if (!out.includes(v)) out.push(v);
        }
        const key = ({ ip: 'ips', mac: 'macs', cpe: 'cpes', purl: 'purls', tags: 'tags' } as const)[column];
        facts[key] = out;
        break;
      }
      case 'hardware_version':
        facts.hardwareVersion = text;
        break;
      case 'external_id':
        facts.externalId = text;
        break;
      default:
        facts[column] = text;
    }
  }
  if (Object.keys(custom).length > 0) facts.custom = custom;
  return facts;
}

/** C0 controls other than tab, CR and LF, and DEL: never part of an inventory value. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

function normaliseListItem(column: 'ip' | 'mac' | 'cpe' | 'purl' | 'tags', item: string): string | null {
  switch (column) {
    case 'ip':
      return normaliseIp(item);
    case 'mac':
      return normaliseMac(item);
    case 'cpe':
      return isCpeShape(item) ? item.toLowerCase() : null;
    case 'purl':
      try {
        return PackageURL.fromString(item).toString();
      } catch {
        return null;
      }
    case 'tags':
      return item.toLowerCase();
  }
}

/** Facts → the flat record written by the exporters (and read back by the importers). */
export function factsToRecord(facts: AssetFacts): Record<InventoryColumn, string> & Record<string, string> {
  const rec: Record<string, string> = {
    name: facts.name ?? '',
    kind: facts.kind ?? '',
    vendor: facts.vendor ?? '',
    model: facts.model ?? '',
    firmware: facts.firmware ?? '',
    hardware_version: facts.hardwareVersion ?? '',
    serial: facts.serial ?? '',
    ip: (facts.ips ?? []).join(';'),
    mac: (facts.macs ?? []).join(';'),
    hostname: facts.hostname ?? '',
    site: facts.site ?? '',
    zone: facts.zone ?? '',
    purdue_level: facts.purdueLevel ?? '',
    criticality: facts.criticality ?? '',
    owner: facts.owner ?? '',
    country: facts.country ?? '',
    cpe: (facts.cpes ?? []).join(';'),
    purl: (facts.purls ?? []).join(';'),
    tags: (facts.tags ?? []).join(';'),
    external_id: facts.externalId ?? '',
  };
  for (const [k, v] of Object.entries(facts.custom ?? {})) rec[k] = v;
  return rec as Record<InventoryColumn, string> & Record<string, string>;
}
