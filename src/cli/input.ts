/** Reading input files named on the command line (- for standard input). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError, NotFoundError } from '../model/errors.js';
import type { UploadFile } from './remote/client.js';

export function readInput(file: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'unreadable-file' });
  }
}

/** The name an input is known by in reports: its base name, or `stdin`. */
export function inputName(file: string): string {
  return file === '-' ? 'stdin' : basename(file);
}

/** An input read into memory, as the local services take it and as it is uploaded. */
export interface InputFile {
  name: string;
  bytes: Buffer;
}

export function readInputFile(file: string): InputFile {
  return { name: inputName(file), bytes: readInput(file) };
}

export function upload(file: InputFile): UploadFile {
  return { name: file.name, data: new Blob([file.bytes]) };
}

/** The one record a reference names among candidates that matched it exactly. */
export function singleMatch<T>(matches: T[], what: string, ref: string): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new InputError(`"${ref}" names more than one ${what}; use its id`, { code: 'ambiguous-reference' });
  throw new NotFoundError(what, ref);
}

/** A whole-number option value of at least `min` (commander parser). */
export function wholeNumber(flag: string, raw: string, min = 0): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${flag} must be a whole number ≥ ${min}, not "${raw}"`, { code: 'bad-usage' });
  return n;
}
