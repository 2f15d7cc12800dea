import type { PurdueLevel } from '../api/types';

const numberFormat = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** `2024-05-01 14:03` in the viewer's time zone; the raw text when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relativeFormats = {
  long: new Intl.RelativeTimeFormat('en', { numeric: 'auto' }),
  short: new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' }),
};

/** `3 hours ago` (`3 hr. ago` when short), `yesterday`, `just now`; empty for an invalid date. */
export function formatRelative(iso: string, now: Date = new Date(), style: 'long' | 'short' = 'long'): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormats[style].format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** 0.9 → `90%`; clamps to 0..100 and shows `?` for non-numbers. */
export function formatConfidence(confidence: number): string {
  if (!Number.isFinite(confidence)) return '?';
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}

/** `L2`, `DMZ`; the DMZ sits between levels 3 and 4. */
export function purdueLabel(level: PurdueLevel | string | null | undefined): string {
  if (level === null || level === undefined || level === '') return '';
  return level === 'dmz' ? 'DMZ' : `L${level}`;
}

const ATTRIBUTE_LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  vendor: 'Vendor',
  model: 'Model',
  firmware: 'Firmware',
  hardwareVersion: 'Hardware version',
  serial: 'Serial number',
  hostname: 'Hostname',
  site: 'Site',
  zone: 'Zone',
  purdueLevel: 'Purdue level',
  criticality: 'Criticality',
  owner: 'Owner',
  country: 'Country of origin',
  externalId: 'External ID',
  ips: 'IP addresses',
  macs: 'MAC addresses',
  cpes: 'CPEs',
  purls: 'Package URLs',
  tags: 'Tags',
  custom: 'Custom',
};

/** A human label for a camelCase attribute name; unknown names are split into words. */
export function attributeLabel(name: string): string {
  const known = ATTRIBUTE_LABELS[name];
  if (known) return known;
  // Split camelCase and snake_case into words; keep acronyms such as `PLC` in capitals.
  const words = name.match(/\p{Lu}{2,}(?=\p{Lu}\p{Ll}|[^\p{L}]|$)|\p{Lu}?[\p{Ll}\p{N}]+|\p{Lu}+|[\p{Lo}\p{N}]+/gu) ?? [];
  if (words.length === 0) return name;
  return words
    .map((word, index) => {
      if (word.length > 1 && word === word.toUpperCase()) return word;
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word.toLowerCase();
    })
    .join(' ');
}
