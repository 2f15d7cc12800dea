/** Parsed NVD criteria, cached: the same criterion strings recur across thousands of CVEs. */
import { InputError } from '../../../model/errors.js';
import { attributeText, parseCpe, type Wfn } from '../../../formats/cpe/index.js';

const MAX_CACHE = 500_000;
const cache = new Map<string, { wfn?: Wfn; error?: string }>();

const byObject = new WeakMap<object, { wfn?: Wfn; error?: string }>();

/** {@link parseCriterion} remembered on the criterion object itself (cheaper than hashing the string). */
export function parseCriterionOf(holder: { criteria: string }): { wfn?: Wfn; error?: string } {
  let hit = byObject.get(holder);
  if (!hit) {
    hit = parseCriterion(holder.criteria);
    byObject.set(holder, hit);
  }
  return hit;
}

/** Parses a CPE (2.3 or 2.2) once; invalid ones give the reason instead of throwing. */
export function parseCriterion(text: string): { wfn?: Wfn; error?: string } {
  let hit = cache.get(text);
  if (hit) return hit;
  try {
    hit = { wfn: parseCpe(text) };
  } catch (e) {
    hit = { error: e instanceof InputError ? e.message : e instanceof Error ? e.message : String(e) };
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(text, hit);
  return hit;
}

/** `vendor:product` of a CPE string, read leniently (also from an invalid CPE) for index keys. */
export function lenientVendorProduct(text: string): { part?: string; vendor: string; product: string } | undefined {
  const parsed = parseCriterion(text);
  if (parsed.wfn) {
    const v = parsed.wfn.vendor;
    const p = parsed.wfn.product;
    const part = typeof parsed.wfn.part === 'string' ? parsed.wfn.part : undefined;
    return { part, vendor: typeof v === 'string' ? (attributeText(v) ?? v).toLowerCase() : '*', product: typeof p === 'string' ? (attributeText(p) ?? p).toLowerCase() : '*' };
  }
  const t = text.trim().toLowerCase();
  const m = /^cpe:2\.3:([^:]*):([^:]*):([^:]*)/.exec(t) ?? /^cpe:\/([^:]*):([^:]*):([^:]*)/.exec(t);
  if (!m) return undefined;
  const unquote = (x: string | undefined): string => (x ? x.replace(/\\(.)/g, '$1') : '*') || '*';
  return { part: m[1], vendor: unquote(m[2]), product: unquote(m[3]) };
}
