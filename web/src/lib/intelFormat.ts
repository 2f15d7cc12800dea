/**
 * Presentation rules for vulnerability intelligence: CVSS severity bands, EPSS percentages, SSVC
 * words, CPE names and version bounds made readable. Pure functions, unit-tested.
 */

export type SeverityBand = 'none' | 'low' | 'medium' | 'high' | 'critical';

const SEVERITY_WORDS: Record<string, SeverityBand> = {
  NONE: 'none',
  LOW: 'low',
  MEDIUM: 'medium',
  MODERATE: 'medium',
  HIGH: 'high',
  IMPORTANT: 'high',
  CRITICAL: 'critical',
};

/** The qualitative band of a score (CVSS v3/v4 ranges; v2 has no "critical" officially but 9+ reads as such). */
export function bandOfScore(score: number): SeverityBand {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

/** The stated severity when the source gave a known word, otherwise the band of the score; null if neither. */
export function severityBand(severity: string | null | undefined, score: number | null | undefined): SeverityBand | null {
  const stated = severity ? SEVERITY_WORDS[severity.trim().toUpperCase()] : undefined;
  if (stated) return stated;
  return typeof score === 'number' && Number.isFinite(score) ? bandOfScore(score) : null;
}

export const SEVERITY_COLORS: Record<SeverityBand, string> = {
  none: 'gray',
  low: 'teal',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

/** 9.8 → `9.8`, 10 → `10.0`; empty for a missing score. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' && Number.isFinite(score) ? score.toFixed(1) : '';
}

/** An EPSS probability as a percentage with enough digits to tell small scores apart: 0.97312 → `97.3%`, 0.00043 → `0.043%`. */
export function formatEpss(score: number | null | undefined): string {
  if (typeof score !== 'number' || !Number.isFinite(score)) return '';
  const percent = Math.min(1, Math.max(0, score)) * 100;
  if (percent === 0) return '0%';
  if (percent >= 10) return `${percent.toFixed(1)}%`;
  if (percent >= 1) return `${percent.toFixed(2)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}

/** A percentile (0..1) as `top 3%` would mislead for ties; show the rank instead: 0.9956 → `99.6th percentile`. */
export function formatPercentile(percentile: number | null | undefined): string {
  if (typeof percentile !== 'number' || !Number.isFinite(percentile)) return '';
  const value = Math.min(1, Math.max(0, percentile)) * 100;
  const text = value >= 99 && value < 100 ? value.toFixed(1) : String(Math.floor(value));
  const last = text.endsWith('.0') ? text.slice(0, -2) : text;
  return `${last}${ordinalSuffix(last)} percentile`;
}

function ordinalSuffix(text: string): string {
  if (text.includes('.')) return 'th';
  const n = Number(text);
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
}

/** `2024-05-01T00:00:00.000Z` → `2024-05-01` (the date as the source wrote it, no time-zone shift). */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(iso.trim());
  return match?.[1] ?? iso;
}

/** True when a KEV due date lies before `today` (both compared as calendar dates). */
export function isOverdue(dueDate: string | null | undefined, today: Date = new Date()): boolean {
  const day = formatDay(dueDate);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return day < today.toISOString().slice(0, 10);
}

// --- SSVC -----------------------------------------------------------------------------------

const EXPLOITATION_COLORS: Record<string, string> = { active: 'red', 'public poc': 'orange', poc: 'orange', none: 'gray' };

export function exploitationColor(value: string | null | undefined): string {
  return (value && EXPLOITATION_COLORS[value.toLowerCase()]) || 'gray';
}

// --- CPE ------------------------------------------------------------------------------------

export interface CpeParts {
  part: string;
  vendor: string;
  product: string;
  version: string;
  update: string;
  /** The remaining attributes that are set (not `*` or `-`), e.g. `target_hw=x64`. */
  extra: string[];
}

const CPE_EXTRA_NAMES = ['edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'];

/** Splits a CPE 2.3 formatted string on unescaped colons and unquotes its values; null when it is not one. */
export function parseCpe23(cpe: string): CpeParts | null {
  if (!cpe.startsWith('cpe:2.3:')) return null;
  const fields: string[] = [];
  let current = '';
  for (let i = 'cpe:2.3:'.length; i < cpe.length; i++) {
    const ch = cpe[i];
    if (ch === '\\' && i + 1 < cpe.length) {
      current += cpe[++i];
    } else if (ch === ':') {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  if (fields.length !== 11) return null;
  const [part = '', vendor = '', product = '', version = '', update = '', ...rest] = fields;
  const extra = rest
    .map((value, index) => (value === '*' || value === '-' ? '' : `${CPE_EXTRA_NAMES[index]}=${value}`))
    .filter(Boolean);
  return { part, vendor, product, version, update, extra };
}

const CPE_PARTS: Record<string, string> = { a: 'application', o: 'OS / firmware', h: 'hardware' };

export function cpePartName(part: string): string {
  return CPE_PARTS[part] ?? part;
}

/** `vendor product version` in words, `*` meaning any version; the raw string when it is not CPE 2.3. */
export function describeCpe(cpe: string): string {
  const parts = parseCpe23(cpe);
  if (!parts) return cpe;
  const version = parts.version === '*' ? '' : parts.version === '-' ? '(no version)' : parts.version;
  const update = parts.update === '*' || parts.update === '-' ? '' : parts.update;
  return [parts.vendor, parts.product, version, update, ...parts.extra].filter(Boolean).join(' ').replace(/_/g, ' ');
}

export interface VersionBounds {
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** NVD version bounds as one readable condition: `≥ 2.0 and < 2.4.1`; empty when there are none. */
export function formatVersionBounds(bounds: VersionBounds): string {
  const parts: string[] = [];
  if (bounds.versionStartIncluding) parts.push(`≥ ${bounds.versionStartIncluding}`);
  if (bounds.versionStartExcluding) parts.push(`> ${bounds.versionStartExcluding}`);
  if (bounds.versionEndIncluding) parts.push(`≤ ${bounds.versionEndIncluding}`);
  if (bounds.versionEndExcluding) parts.push(`< ${bounds.versionEndExcluding}`);
  return parts.join(' and ');
}

export interface Cve5VersionLike {
  version: string;
  status: string;
  versionType?: string;
  lessThan?: string;
  lessThanOrEqual?: string;
  changes?: Array<{ at: string; status: string }>;
}

/** A CVE 5 `versions[]` entry in words: `from 1.0 before 2.0 (semver)`, or the single version. */
export function formatCve5Version(entry: Cve5VersionLike): string {
  const type = entry.versionType ? ` (${entry.versionType})` : '';
  const from = entry.version === '0' || entry.version === '*' ? '' : `from ${entry.version} `;
  let text: string;
  if (entry.lessThan) text = `${from}before ${entry.lessThan}`;
  else if (entry.lessThanOrEqual) text = `${from}up to ${entry.lessThanOrEqual}`;
  else text = entry.version;
  const changes = (entry.changes ?? []).map((change) => `${change.status} from ${change.at}`);
  return [text.trim() + type, ...changes].join('; ');
}

export interface OsvEventLike {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
  limit?: string;
}

/** OSV range events in words: `introduced 0 → fixed 1.2.3`. */
export function formatOsvEvents(events: OsvEventLike[]): string {
  const words: string[] = [];
  for (const event of events) {
    if (event.introduced !== undefined) words.push(`introduced ${event.introduced}`);
    if (event.fixed !== undefined) words.push(`fixed ${event.fixed}`);
    if (event.lastAffected !== undefined) words.push(`last affected ${event.lastAffected}`);
    if (event.limit !== undefined) words.push(`limit ${event.limit}`);
  }
  return words.join(' → ');
}

// --- CSAF -----------------------------------------------------------------------------------

export interface StatusGroup {
  key: 'affected' | 'not_affected' | 'fixed' | 'under_investigation' | 'recommended' | 'other';
  label: string;
  color: string;
}

const STATUS_GROUPS: StatusGroup[] = [
  { key: 'affected', label: 'Known affected', color: 'red' },
  { key: 'under_investigation', label: 'Under investigation', color: 'yellow' },
  { key: 'fixed', label: 'Fixed', color: 'green' },
  { key: 'not_affected', label: 'Not affected', color: 'teal' },
  { key: 'recommended', label: 'Recommended', color: 'blue' },
  { key: 'other', label: 'Other', color: 'gray' },
];

const CSAF_STATUS_GROUP: Record<string, StatusGroup['key']> = {
  known_affected: 'affected',
  first_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not_affected',
  fixed: 'fixed',
  first_fixed: 'fixed',
  under_investigation: 'under_investigation',
  recommended: 'recommended',
};

export interface GroupedStatus {
  group: StatusGroup;
  /** product ids in their CSAF order, each once, with the CSAF keys that put them here. */
  products: Array<{ productId: string; csafStatuses: string[] }>;
}

/** Groups a CSAF `product_status` object for people; empty groups are left out, order is fixed. */
export function groupProductStatus(productStatus: Record<string, string[] | undefined>): GroupedStatus[] {
  const byGroup = new Map<StatusGroup['key'], Map<string, string[]>>();
  for (const [csafStatus, ids] of Object.entries(productStatus)) {
    if (!Array.isArray(ids)) continue;
    const key = CSAF_STATUS_GROUP[csafStatus] ?? 'other';
    const products = byGroup.get(key) ?? new Map<string, string[]>();
    byGroup.set(key, products);
    for (const id of ids) {
      const statuses = products.get(id) ?? [];
      if (!statuses.includes(csafStatus)) statuses.push(csafStatus);
      products.set(id, statuses);
    }
  }
  return STATUS_GROUPS.flatMap((group) => {
    const products = byGroup.get(group.key);
    if (!products || products.size === 0) return [];
    return [{ group, products: [...products].map(([productId, csafStatuses]) => ({ productId, csafStatuses })) }];
  });
}

export function statusGroupOf(status: string): StatusGroup {
  const key = CSAF_STATUS_GROUP[status] ?? (STATUS_GROUPS.some((g) => g.key === status) ? (status as StatusGroup['key']) : 'other');
  return STATUS_GROUPS.find((group) => group.key === key) ?? (STATUS_GROUPS[STATUS_GROUPS.length - 1] as StatusGroup);
}

const REMEDIATION_LABELS: Record<string, { label: string; color: string }> = {
  vendor_fix: { label: 'Vendor fix', color: 'green' },
  optional_patch: { label: 'Optional patch', color: 'teal' },
  mitigation: { label: 'Mitigation', color: 'blue' },
  workaround: { label: 'Workaround', color: 'cyan' },
  none_available: { label: 'No fix available', color: 'orange' },
  no_fix_planned: { label: 'No fix planned', color: 'red' },
};

export function remediationLabel(category: string): { label: string; color: string } {
  return REMEDIATION_LABELS[category] ?? { label: humanise(category), color: 'gray' };
}

/** `csaf_security_advisory` → `Security advisory`, `exploit_status` → `Exploit status`. */
export function humanise(token: string): string {
  const words = token.replace(/^csaf_/, '').replace(/[_-]+/g, ' ').trim();
  if (!words) return token;
  if (words.toLowerCase() === 'vex') return 'VEX';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// --- EPSS history sparkline -----------------------------------------------------------------

/**
 * An SVG path through the points (dates in order, scores 0..1) scaled into width × height, with
 * y growing downwards; empty for no points. A single point draws a flat line so it stays visible.
 */
export function sparklinePath(points: Array<{ date: string; score: number }>, width: number, height: number): string {
  const usable = points.filter((p) => Number.isFinite(p.score)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (usable.length === 0 || width <= 0 || height <= 0) return '';
  const max = Math.max(...usable.map((p) => p.score));
  const min = Math.min(...usable.map((p) => p.score));
  // Pad the range so a flat series sits mid-height instead of on the edge.
  const span = max - min || Math.max(max, 0.01);
  const low = max - min ? min : Math.max(0, min - span / 2);
  const y = (score: number): number => round(height - ((score - low) / span) * height);
  if (usable.length === 1) {
    const only = usable[0] as { score: number };
    return `M0 ${y(only.score)} L${width} ${y(only.score)}`;
  }
  const step = width / (usable.length - 1);
  return usable.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(i * step)} ${y(p.score)}`).join(' ');
}

function round(n: number): number {
  return Math.round(Math.min(Math.max(n, -1e6), 1e6) * 100) / 100;
}

// --- change history -------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * One line about a change-history event, from the kind-specific facts the server recorded. The
 * facts are untrusted JSON: unknown shapes fall back to `key: value` pairs, never to a crash.
 */
export function describeEventDetail(kind: string, detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (!isRecord(detail)) return text(detail);
  if (kind === 'kev-added') {
    return [detail.dateAdded && `added ${formatDay(text(detail.dateAdded))}`, detail.dueDate && `due ${formatDay(text(detail.dueDate))}`]
      .filter(Boolean)
      .join(', ');
  }
  if (kind === 'epss-threshold' && typeof detail.to === 'number') {
    const from = typeof detail.from === 'number' ? `${formatEpss(detail.from)} → ` : '';
    const threshold = typeof detail.threshold === 'number' ? ` (threshold ${formatEpss(detail.threshold)})` : '';
    const date = detail.date ? ` on ${formatDay(text(detail.date))}` : '';
    return `EPSS ${from}${formatEpss(detail.to)}${threshold}${date}`;
  }
  if (kind === 'revised' && detail.source !== undefined) {
    return [`by ${text(detail.source)}`, detail.document ? `(${text(detail.document)})` : ''].filter(Boolean).join(' ');
  }
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${text(value) || JSON.stringify(value)}`)
    .join(', ');
}
