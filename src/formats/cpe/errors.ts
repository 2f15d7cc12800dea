import { InputError } from '../../model/errors.js';

/** A CPE syntax error at `offset` (0-based character offset into the whole input). */
export function cpeError(message: string, offset: number, input: string): InputError {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return new InputError(`invalid CPE ${JSON.stringify(shown)}: ${message}`, {
    code: 'invalid-cpe',
    place: { offset },
    issues: [{ message, offset, code: 'invalid-cpe' }],
  });
}

/** Re-raises an error found inside one value with the offset moved to the whole input. */
export function relocate(error: unknown, valueOffset: number, input: string): never {
  if (error instanceof InputError && error.issues[0]?.offset !== undefined) {
    throw cpeError(error.issues[0].message, valueOffset + error.issues[0].offset, input);
  }
  throw error;
}
