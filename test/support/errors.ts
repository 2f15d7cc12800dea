import { expect } from 'vitest';
import { InputError } from '../../src/model/errors.js';

/** Runs `fn`, expecting an InputError, and returns it so that its code and place can be checked. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}
