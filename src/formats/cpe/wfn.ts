import { InputError } from '../../model/errors.js';

/**
 * The CPE 2.3 well-formed name (WFN, NISTIR 7695 §5). A string value is kept in WFN form: letters,
 * digits and `_` bare, every other literal character quoted with `\` (`8\.0`, `foo\:bar`), and
 * unquoted `*` / `?` only as wildcards at the start or end. {@link attributeText} gives the literal.
 */

export interface LogicalValue {
  readonly logical: 'ANY' | 'NA';
}

/** ANY: the attribute may take any value (`*` in a formatted string). */
export const ANY: LogicalValue = Object.freeze({ logical: 'ANY' });
/** NA: the attribute has no legitimate value (`-` in a formatted string). */
export const NA: LogicalValue = Object.freeze({ logical: 'NA' });

export type WfnValue = LogicalValue | string;

export interface Wfn {
  part: WfnValue;
  vendor: WfnValue;
  product: WfnValue;
  version: WfnValue;
  update: WfnValue;
  edition: WfnValue;
  language: WfnValue;
  swEdition: WfnValue;
  targetSw: WfnValue;
  targetHw: WfnValue;
  other: WfnValue;
}

export type WfnAttribute = keyof Wfn;

/** Attributes in binding order. */
export const WFN_ATTRIBUTES: readonly WfnAttribute[] = [
  'part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other',
];

/** The NISTIR names of the attributes (`sw_edition`, …), for messages and exports. */
export const SPEC_ATTRIBUTE_NAMES: Readonly<Record<WfnAttribute, string>> = {
  part: 'part', vendor: 'vendor', product: 'product', version: 'version', update: 'update', edition: 'edition',
  language: 'language', swEdition: 'sw_edition', targetSw: 'target_sw', targetHw: 'target_hw', other: 'other',
};

/** Longest CPE string or attribute value accepted; real names are far shorter, and it bounds matching work. */
export const MAX_CPE_LENGTH = 2048;

export function isLogical(value: WfnValue): value is LogicalValue {
  return typeof value !== 'string';
}

export function isAny(value: WfnValue): boolean {
  return typeof value !== 'string' && value.logical === 'ANY';
}

export function isNa(value: WfnValue): boolean {
  return typeof value !== 'string' && value.logical === 'NA';
}

export function isAlnum(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isPrintableAscii(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f;
}

/**
 * Quotes a literal text for use as a WFN value: `foo:bar 1.0` → `foo\:bar_1\.0`. Blanks become `_`
 * as in the CPE dictionary; `*` and `?` are quoted, so the result has no wildcards.
 */
export function quoteLiteral(text: string): string {
  let out = '';
  for (const c of text.trim()) out += isAlnum(c) || c === '_' ? c : /\s/.test(c) ? '_' : `\\${c}`;
  return out;
}

/** A WFN string value split around its wildcards. */
export interface WildcardParts {
  /** `''`, `'*'` or one or more `'?'`. */
  leading: string;
  /** The quoted middle, which holds no unquoted wildcard. */
  body: string;
  trailing: string;
}

/**
 * Splits and validates a WFN string value. Throws an InputError (offset relative to the value) for
 * a dangling `\`, a quoted letter or digit, an embedded wildcard, or a bad wildcard run.
 */
export function splitWildcards(value: string): WildcardParts {
  let i = 0;
  if (value[0] === '*') i = 1;
  else while (value[i] === '?') i++;
  const leading = value.slice(0, i);
  let trailing = '';
  // Walk the quoted body; it ends at the first unquoted wildcard.
  let j = i;
  while (j < value.length) {
    const c = value[j]!;
    if (c === '\\') {
      const next = value[j + 1];
      if (next === undefined) throw valueError('dangling escape character "\\"', j);
      if (isAlnum(next)) throw valueError(`letters and digits must not be quoted ("\\${next}")`, j);
      if (!isPrintableAscii(next)) throw valueError('only printable ASCII characters are allowed', j + 1);
      j += 2;
    } else if (c === '*' || c === '?') {
      break;
    } else {
      if (!isPrintableAscii(c)) throw valueError('only printable ASCII characters are allowed', j);
      if (!isAlnum(c) && c !== '_') throw valueError(`"${c}" must be quoted in a WFN value`, j);
      j++;
    }
  }
  const end = j;
  const rest = value.slice(end);
  if (rest.length > 0) {
    if (!(rest === '*' || /^\?+$/.test(rest))) {
      throw valueError('wildcards may appear only at the start or the end of a value', end);
    }
    trailing = rest;
  }
  if (leading.length > 0 && end === i && trailing.length > 0) {
    // Only wildcards: `?*`, `**` are not valid runs (`???` was taken whole as the leading run).
    throw valueError('a value made only of wildcards must be a single run', i);
  }
  return { leading, body: value.slice(i, end), trailing };
}

function valueError(message: string, offset: number): InputError {
  return new InputError(message, { code: 'invalid-cpe', issues: [{ message, offset, code: 'invalid-cpe' }], place: { offset } });
}

/** The literal text of a WFN string value (quotes removed, wildcards kept); undefined for ANY/NA. */
export function attributeText(value: WfnValue): string | undefined {
  if (typeof value !== 'string') return undefined;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      out += value[i + 1];
      i++;
    } else out += c;
  }
  return out;
}

/** True when the value holds an unquoted `*` or `?`. */
export function hasWildcards(value: WfnValue): boolean {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
  }
  return false;
}

/** A WFN with every attribute ANY, overridden by `values` (already in WFN form). */
export function createWfn(values: Partial<Wfn> = {}): Wfn {
  const wfn: Wfn = {
    part: ANY, vendor: ANY, product: ANY, version: ANY, update: ANY, edition: ANY,
    language: ANY, swEdition: ANY, targetSw: ANY, targetHw: ANY, other: ANY,
  };
  for (const attribute of WFN_ATTRIBUTES) {
    const value = values[attribute];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (value.length === 0) throw valueError(`${SPEC_ATTRIBUTE_NAMES[attribute]}: empty value (use ANY or NA)`, 0);
      if (value.length > MAX_CPE_LENGTH) throw valueError(`${SPEC_ATTRIBUTE_NAMES[attribute]}: value longer than ${MAX_CPE_LENGTH}`, 0);
      splitWildcards(value);
    }
    wfn[attribute] = value;
  }
  validatePart(wfn.part, 0);
  return wfn;
}

/** Builds a WFN from plain literal texts (quoted for you); `undefined` leaves ANY. */
export function wfnFromText(texts: Partial<Record<WfnAttribute, string | LogicalValue>>): Wfn {
  const values: Partial<Wfn> = {};
  for (const attribute of WFN_ATTRIBUTES) {
    const text = texts[attribute];
    if (text !== undefined) values[attribute] = typeof text === 'string' ? quoteLiteral(text.toLowerCase()) : text;
  }
  return createWfn(values);
}

export function validatePart(part: WfnValue, offset: number): void {
  if (typeof part === 'string' && part !== 'a' && part !== 'o' && part !== 'h') {
    throw valueError(`part must be "a", "o" or "h", not ${JSON.stringify(attributeText(part))}`, offset);
  }
}

/** Lower-cases every string value: the CPE dictionary is lower case and matching ignores case. */
export function normalizeWfn(wfn: Wfn): Wfn {
  const out = { ...wfn };
  for (const attribute of WFN_ATTRIBUTES) {
    const v = out[attribute];
    if (typeof v === 'string') out[attribute] = v.toLowerCase();
  }
  return out;
}

/** `part:vendor:product` in formatted-string form, the natural index key for candidate lookup. */
export function vendorProductKey(wfn: Wfn): string {
  const bind = (v: WfnValue): string => (typeof v === 'string' ? v.toLowerCase() : v.logical === 'ANY' ? '*' : '-');
  return `${bind(wfn.part)}:${bind(wfn.vendor)}:${bind(wfn.product)}`;
}
