import { InputError } from '../../model/errors.js';
import { cpeError, relocate } from './errors.js';
import { ANY, MAX_CPE_LENGTH, NA, isAlnum, normalizeWfn, splitWildcards, validatePart, type Wfn, type WfnValue } from './wfn.js';
import type { CpeParseOptions } from './formatted.js';

/**
 * CPE 2.2 URI binding (NISTIR 7695 §6.1): `cpe:/part:vendor:product:version:update:edition:language`,
 * percent-encoded, with the 2.3 extended attributes packed into edition as
 * `~edition~sw_edition~target_sw~target_hw~other`. Wildcards bind to `%01` (`?`) and `%02` (`*`).
 */

const PREFIX = 'cpe:/';
const URI_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'] as const;
const PACKED = ['edition', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;

/** Binds a WFN to a CPE 2.2 URI. */
export function bindToUri(wfn: Wfn): string {
  const components = URI_ATTRIBUTES.map((attribute) => {
    if (attribute !== 'edition') return bindValueForUri(wfn[attribute]);
    const packed = PACKED.map((a) => bindValueForUri(wfn[a]));
    return packed.slice(1).every((v) => v === '') ? packed[0]! : `~${packed.join('~')}`;
  });
  return (PREFIX + components.join(':')).replace(/:+$/, '');
}

function bindValueForUri(value: WfnValue): string {
  if (typeof value !== 'string') return value.logical === 'ANY' ? '' : '-';
  // A lone literal hyphen is percent-encoded, or it would read back as NA.
  if (value === '\\-') return '%2d';
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (isAlnum(c) || c === '_') out += c;
    else if (c === '\\' && i + 1 < value.length) {
      out += pctEncode(value[i + 1]!);
      i++;
    } else if (c === '?') out += '%01';
    else if (c === '*') out += '%02';
  }
  return out;
}

function pctEncode(c: string): string {
  if (c === '-' || c === '.') return c;
  return `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * Unbinds a CPE 2.2 URI into a WFN. Missing trailing components are ANY. Throws InputError with the
 * offset for a wrong prefix, more than 7 components, a bad percent-escape, a misplaced wildcard or a
 * malformed packed edition.
 */
export function parseCpe22(input: string, options: CpeParseOptions = {}): Wfn {
  if (typeof input !== 'string') throw new InputError('CPE must be a string', { code: 'invalid-cpe' });
  if (input.length > MAX_CPE_LENGTH) throw cpeError(`longer than ${MAX_CPE_LENGTH} characters`, MAX_CPE_LENGTH, input);
  if (input.slice(0, PREFIX.length).toLowerCase() !== PREFIX) throw cpeError('does not start with "cpe:/"', 0, input);
  const components: Array<{ text: string; offset: number }> = [];
  let start = PREFIX.length;
  for (let i = start; i <= input.length; i++) {
    if (i === input.length || input[i] === ':') {
      components.push({ text: input.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  if (components.length > URI_ATTRIBUTES.length) {
    throw cpeError(`a CPE 2.2 URI has at most 7 components, found ${components.length}`, components[7]!.offset, input);
  }
  const wfn: Wfn = {
    part: ANY, vendor: ANY, product: ANY, version: ANY, update: ANY, edition: ANY,
    language: ANY, swEdition: ANY, targetSw: ANY, targetHw: ANY, other: ANY,
  };
  components.forEach(({ text, offset }, k) => {
    const attribute = URI_ATTRIBUTES[k]!;
    if (attribute === 'edition' && text.startsWith('~')) unpackEdition(text, offset, input, wfn);
    else wfn[attribute] = decodeValue(text, offset, input);
  });
  try {
    validatePart(typeof wfn.part === 'string' ? wfn.part.toLowerCase() : wfn.part, 0);
  } catch (e) {
    relocate(e, PREFIX.length, input);
  }
  return options.preserveCase ? wfn : normalizeWfn(wfn);
}

function unpackEdition(text: string, offset: number, input: string, wfn: Wfn): void {
  const parts = text.split('~');
  if (parts.length !== 6) throw cpeError(`a packed edition has 5 "~"-separated values, found ${parts.length - 1}`, offset, input);
  let at = offset + 1;
  PACKED.forEach((attribute, k) => {
    const part = parts[k + 1]!;
    wfn[attribute] = decodeValue(part, at, input);
    at += part.length + 1;
  });
}

/** NISTIR 7695 decode(): percent-decoding into WFN quoting, `%01`/`%02` to wildcards. */
function decodeValue(text: string, offset: number, input: string): WfnValue {
  if (text === '') return ANY;
  if (text === '-') return NA;
  let value = '';
  const sourceOffsets: number[] = [];
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) sourceOffsets.push(at);
    value += s;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isAlnum(c) || c === '_') emit(c, i);
    else if (c === '.' || c === '-' || c === '~') emit(`\\${c}`, i);
    else if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw cpeError(`bad percent-escape "%${hex}"`, offset + i, input);
      const code = parseInt(hex, 16);
      if (code === 1) emit('?', i);
      else if (code === 2) emit('*', i);
      else {
        const decoded = String.fromCharCode(code);
        if (code <= 0x20 || code >= 0x7f) throw cpeError(`percent-escape "%${hex}" is not a printable ASCII character`, offset + i, input);
        emit(isAlnum(decoded) || decoded === '_' ? decoded : `\\${decoded}`, i);
      }
      i += 2;
    } else throw cpeError(`character "${c}" must be percent-encoded in a CPE 2.2 URI`, offset + i, input);
  }
  try {
    splitWildcards(value);
  } catch (e) {
    const at = e instanceof InputError ? (e.issues[0]?.offset ?? 0) : 0;
    relocate(e, offset + (sourceOffsets[at] ?? 0) - at, input);
  }
  return value;
}
