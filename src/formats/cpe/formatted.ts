import { InputError } from '../../model/errors.js';
import { cpeError, relocate } from './errors.js';
import {
  ANY,
  MAX_CPE_LENGTH,
  NA,
  SPEC_ATTRIBUTE_NAMES,
  WFN_ATTRIBUTES,
  isAlnum,
  isPrintableAscii,
  normalizeWfn,
  splitWildcards,
  validatePart,
  type Wfn,
  type WfnValue,
} from './wfn.js';

export interface CpeParseOptions {
  /**
   * Refuse unquoted special characters (`cpe:2.3:a:a!b:…`) and malformed language tags, as the
   * CVE JSON 5 schema's CPE pattern does. By default such characters are quoted, as NISTIR 7695's
   * unbind procedure does.
   */
  strict?: boolean;
  /** Keep the input's letter case. By default values are lower-cased (the dictionary is lower case). */
  preserveCase?: boolean;
}

const PREFIX = 'cpe:2.3:';
const FIELD_COUNT = 13;

/** Binds a WFN to a CPE 2.3 formatted string (NISTIR 7695 §6.2.2). */
export function bindToFs(wfn: Wfn): string {
  return PREFIX + WFN_ATTRIBUTES.map((a) => bindValueForFs(wfn[a])).join(':');
}

function bindValueForFs(value: WfnValue): string {
  if (typeof value !== 'string') return value.logical === 'ANY' ? '*' : '-';
  // A lone literal hyphen must stay quoted, or it would read back as NA.
  if (value === '\\-') return value;
  // WFN quotes `.`, `-` and `_`; the formatted string leaves them bare.
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[i + 1]!;
      out += next === '.' || next === '-' || next === '_' ? next : `\\${next}`;
      i++;
    } else out += c;
  }
  return out;
}

/**
 * Unbinds a CPE 2.3 formatted string into a WFN (NISTIR 7695 §6.2.3). Throws InputError with the
 * character offset for a wrong prefix, a count of components other than 13 (`cpe:2.3:a:x` is
 * truncated), an empty component, a dangling `\`, an embedded wildcard or a non-printable character.
 */
export function parseCpe23(input: string, options: CpeParseOptions = {}): Wfn {
  if (typeof input !== 'string') throw new InputError('CPE must be a string', { code: 'invalid-cpe' });
  if (input.length > MAX_CPE_LENGTH) throw cpeError(`longer than ${MAX_CPE_LENGTH} characters`, MAX_CPE_LENGTH, input);
  if (input.slice(0, PREFIX.length).toLowerCase() !== PREFIX) throw cpeError('does not start with "cpe:2.3:"', 0, input);
  const fields = splitFields(input);
  if (fields.length !== FIELD_COUNT) {
    const found = fields.length - 2;
    const message =
      found < 11
        ? `truncated: expected 11 components after "cpe:2.3:", found ${found} (${WFN_ATTRIBUTES.slice(found).map((a) => SPEC_ATTRIBUTE_NAMES[a]).join(', ')} missing)`
        : `expected 11 components after "cpe:2.3:", found ${found}`;
    throw cpeError(message, found < 11 ? input.length : fields[FIELD_COUNT]!.offset - 1, input);
  }
  const wfn = {} as Wfn;
  WFN_ATTRIBUTES.forEach((attribute, k) => {
    const field = fields[k + 2]!;
    wfn[attribute] = unbindValueFs(field.text, field.offset, input, options);
  });
  validateAttributes(wfn, fields.map((f) => f.offset).slice(2), input, options);
  return options.preserveCase ? wfn : normalizeWfn(wfn);
}

interface Field {
  text: string;
  offset: number;
}

/** Splits on `:` not preceded by a quoting `\`. */
function splitFields(input: string): Field[] {
  const fields: Field[] = [];
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\') {
      if (i + 1 >= input.length) throw cpeError('dangling escape character "\\" at the end', i, input);
      i++;
    } else if (c === ':') {
      fields.push({ text: input.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  fields.push({ text: input.slice(start), offset: start });
  return fields;
}

function unbindValueFs(text: string, offset: number, input: string, options: CpeParseOptions): WfnValue {
  if (text === '') throw cpeError('empty component (use * for ANY or - for NA)', offset, input);
  if (text === '*') return ANY;
  if (text === '-') return NA;
  const quoted = addQuoting(text, offset, input, options);
  try {
    splitWildcards(quoted.value);
  } catch (e) {
    // Map the offset inside the quoted value back to the input (quoting only inserts characters).
    const at = e instanceof InputError ? (e.issues[0]?.offset ?? 0) : 0;
    relocate(e, offset + (quoted.sourceOffsets[at] ?? 0) - at, input);
  }
  return quoted.value;
}

/** NISTIR 7695 add_quoting: bare punctuation gets a `\`; keeps a map back to input offsets. */
function addQuoting(text: string, offset: number, input: string, options: CpeParseOptions): { value: string; sourceOffsets: number[] } {
  let value = '';
  const sourceOffsets: number[] = [];
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) sourceOffsets.push(at);
    value += s;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!isPrintableAscii(c)) throw cpeError(`character ${describe(c)} is not allowed`, offset + i, input);
    if (isAlnum(c) || c === '_') emit(c, i);
    else if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) throw cpeError('dangling escape character "\\"', offset + i, input);
      if (!isPrintableAscii(next)) throw cpeError(`character ${describe(next)} is not allowed`, offset + i + 1, input);
      // A quoted letter or digit is just that letter or digit.
      emit(isAlnum(next) ? next : `\\${next}`, i);
      i++;
    } else if (c === '*' || c === '?') emit(c, i);
    else if (c === '-' || c === '.') emit(`\\${c}`, i);
    else if (options.strict) throw cpeError(`"${c}" must be quoted as "\\${c}"`, offset + i, input);
    else emit(`\\${c}`, i);
  }
  return { value, sourceOffsets };
}

function describe(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const LANGUAGE = /^[a-z]{2,3}(?:\\-(?:[a-z]{2}|\d{3}))?$/i;

function validateAttributes(wfn: Wfn, offsets: number[], input: string, options: CpeParseOptions): void {
  const partOffset = offsets[0] ?? 0;
  try {
    validatePart(typeof wfn.part === 'string' ? wfn.part.toLowerCase() : wfn.part, 0);
  } catch (e) {
    relocate(e, partOffset, input);
  }
  if (options.strict && typeof wfn.language === 'string' && !LANGUAGE.test(wfn.language)) {
    throw cpeError('language must be an RFC 5646 tag such as "en" or "en-us"', offsets[6] ?? 0, input);
  }
}
