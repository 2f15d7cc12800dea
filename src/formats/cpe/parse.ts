import { InputError } from '../../model/errors.js';
import { bindToFs, parseCpe23, type CpeParseOptions } from './formatted.js';
import { parseCpe22 } from './uri.js';
import type { Wfn } from './wfn.js';

/** Parses a CPE in either binding: 2.3 formatted string (`cpe:2.3:…`) or 2.2 URI (`cpe:/…`). */
export function parseCpe(input: string, options: CpeParseOptions = {}): Wfn {
  if (typeof input !== 'string') throw new InputError('CPE must be a string', { code: 'invalid-cpe' });
  const text = input.trim();
  if (/^cpe:\//i.test(text)) return parseCpe22(text, options);
  return parseCpe23(text, options);
}

/** Converts any accepted CPE to its canonical (lower-case) 2.3 formatted string. */
export function toCpe23(input: string, options: CpeParseOptions = {}): string {
  return bindToFs(parseCpe(input, options));
}

/** Like {@link parseCpe} but returns undefined instead of throwing. */
export function tryParseCpe(input: string, options: CpeParseOptions = {}): Wfn | undefined {
  try {
    return parseCpe(input, options);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}
