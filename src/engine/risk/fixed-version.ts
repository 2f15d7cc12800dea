/**
 * Does a firmware or software version observed on an asset reach the fixed version an advisory
 * names? Compared with the matching engine's OT version chain (firmware scheme, then generic
 * dotted versions), which answers "cannot compare" rather than guess.
 */
import { compareChain, OT_SCHEMES } from '../match/normalize/version.js';

export interface FixedVersionVerdict {
  result: boolean | 'unknown';
  /** Version scheme that decided. */
  scheme?: string | undefined;
  reason: string;
}

/** Strips what advisories write around a fixed version: "V3.1.4 or later", ">= 3.1.4". */
function bareVersion(text: string): string {
  return text.trim().replace(/^(?:>=|≥)\s*/, '').replace(/\s+(?:or|and) (?:later|newer|above|higher)$/i, '').trim();
}

export function reachesFixedVersion(observed: string | undefined | null, fixed: string | undefined | null): FixedVersionVerdict {
  if (!observed?.trim()) return { result: 'unknown', reason: 'no observed version' };
  if (!fixed?.trim()) return { result: 'unknown', reason: 'no fixed version' };
  const a = observed.trim();
  const b = bareVersion(fixed);
  if (a.toLowerCase() === b.toLowerCase()) return { result: true, scheme: 'literal', reason: `${a} is the fixed version` };
  const c = compareChain(a, b, OT_SCHEMES);
  if (c.order === undefined) return { result: 'unknown', scheme: c.scheme.name, reason: `cannot compare ${a} with ${b}: ${c.reason ?? 'no scheme orders them'}` };
  const reaches = c.order >= 0;
  return { result: reaches, scheme: c.scheme.name, reason: `${a} ${reaches ? (c.order === 0 ? '=' : '>') : '<'} ${b} (${c.scheme.name} scheme)` };
}
