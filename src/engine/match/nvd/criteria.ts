/** Parsed NVD criteria, cached: the same criterion strings recur across thousands of CVEs. */
import { InputError } from '../../../model/errors.js';
import { ANY, attributeText, MAX_CPE_LENGTH, NA, parseCpe, type Wfn, type WfnValue } from '../../../formats/cpe/index.js';
import { GenerationalMemo } from '../memo.js';

/**
 * Two generations of at most MAX_CACHE entries each: criteria in use stay while the many criteria
 * seen once age out. Sized for the distinct criteria of a large corpus (the benchmark's 300,000
 * CVEs hold ~115,000): with half that, every full match parsed most criteria again. Each entry
 * retained is still work for the garbage collector, so not larger.
 */
const MAX_CACHE = 100_000;
type ParsedCriterion = { wfn?: Wfn; error?: string };
const cache = new GenerationalMemo<string, ParsedCriterion>(MAX_CACHE);

/**
 * {@link parseCriterion} of a criterion object. (A per-object WeakMap was tried: with hundreds of
 * thousands of criteria its ephemeron table costs the garbage collector more than the string cache
 * lookup it saves; so was a symbol property on the criterion, no faster than the lookup.)
 */
export function parseCriterionOf(holder: { criteria: string }): { wfn?: Wfn; error?: string } {
  return parseCriterion(holder.criteria);
}

/** Parses a CPE (2.3 or 2.2) once; invalid ones give the reason instead of throwing. */
export function parseCriterion(text: string): { wfn?: Wfn; error?: string } {
  return cache.get(text) ?? cache.set(text, parseCpeText(text));
}

/**
 * {@link parseCriterion} without the cache, for CPEs seen about once (a target's own): cached,
 * they only pushed the criteria that recur out of it.
 */
export function parseCpeText(text: string): { wfn?: Wfn; error?: string } {
  try {
    return { wfn: parseSimpleCpe23(text) ?? parseCpe(text) };
  } catch (e) {
    return { error: e instanceof InputError ? e.message : e instanceof Error ? e.message : String(e) };
  }
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

/**
 * The common CPE 2.3 formatted string without escapes or wildcards inside values (what NVD
 * criteria almost always are), unbound exactly as `parseCpe` does (lower case, `.`/`-` quoted, `*`
 * ANY, `-` NA) but without its general machinery. `undefined` for anything else (quoting, wildcards,
 * other punctuation, blanks, a wrong field count or part): the caller then uses `parseCpe`, which
 * also gives the reasons for invalid strings.
 */
export function parseSimpleCpe23(text: string): Wfn | undefined {
  if (text.length > MAX_CPE_LENGTH || !text.startsWith('cpe:2.3:')) return undefined;
  const values: WfnValue[] = [];
  let start = 8;
  for (let k = 0; k < 11; k++) {
    let end = text.indexOf(':', start);
    if (end === -1) {
      if (k !== 10) return undefined;
      end = text.length;
    } else if (k === 10) return undefined;
    if (end === start) return undefined;
    if (end === start + 1 && text.charCodeAt(start) === 42) values.push(ANY);
    else if (end === start + 1 && text.charCodeAt(start) === 45) values.push(NA);
    else {
      let out = '';
      let plain = start;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 95) continue;
        if (c >= 65 && c <= 90) continue;
        if (c !== 46 && c !== 45) return undefined;
        out += `${text.slice(plain, i)}\\${text[i] as string}`;
        plain = i + 1;
      }
      values.push((out + text.slice(plain, end)).toLowerCase());
    }
    start = end + 1;
  }
  const part = values[0] as WfnValue;
  if (typeof part === 'string' && part !== 'a' && part !== 'o' && part !== 'h') return undefined;
  return {
    part,
    vendor: values[1] as WfnValue,
    product: values[2] as WfnValue,
    version: values[3] as WfnValue,
    update: values[4] as WfnValue,
    edition: values[5] as WfnValue,
    language: values[6] as WfnValue,
    swEdition: values[7] as WfnValue,
    targetSw: values[8] as WfnValue,
    targetHw: values[9] as WfnValue,
    other: values[10] as WfnValue,
  };
}
