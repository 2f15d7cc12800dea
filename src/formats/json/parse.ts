/**
 * Safe JSON parsing: a nesting-depth cap checked by a fast scan before `JSON.parse` (so later recursive
 * walks cannot overflow the stack), and syntax errors reported with line and column.
 */
import { InputError, LimitError } from '../../model/errors.js';
import { findJsonSyntaxError } from './syntax-locator.js';
import { lineColumnAt } from './text-position.js';

/** Default nesting cap: far above any real advisory or feed (NVD ≈ 8, CSAF product trees ≈ 15). */
export const DEFAULT_MAX_JSON_DEPTH = 256;

export interface ParseJsonOptions {
  /** Maximum nesting of objects/arrays; deeper input throws LimitError. */
  maxDepth?: number;
  /** Maximum input size in UTF-16 code units (strings) or bytes (buffers). */
  maxLength?: number;
  /** File name used in error places. */
  file?: string;
}

/**
 * Throws LimitError if `text` nests objects/arrays deeper than `maxDepth`. Linear, no recursion,
 * strings (including escaped quotes) are skipped correctly.
 */
export function assertJsonDepth(text: string, maxDepth: number = DEFAULT_MAX_JSON_DEPTH, file?: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxDepth) {
        const { line, column } = lineColumnAt(text, i);
        throw new LimitError(`JSON nesting deeper than the limit of ${maxDepth}`, {
          place: { file, line, column, offset: i },
          details: { maxDepth },
        });
      }
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Builds the InputError for text that `JSON.parse` rejected. */
export function jsonSyntaxError(text: string, file: string | undefined, cause?: unknown): InputError {
  const problem = findJsonSyntaxError(text) ?? { offset: 0, message: cause instanceof Error ? cause.message : 'invalid JSON' };
  const { line, column } = lineColumnAt(text, problem.offset);
  const place = { file, line, column };
  return new InputError(`invalid JSON: ${problem.message}`, {
    code: 'invalid-json',
    place,
    issues: [{ ...place, message: problem.message, code: 'invalid-json' }],
    cause,
  });
}

/** Parses JSON text (or UTF-8 bytes, BOM tolerated) with a depth cap. Throws InputError / LimitError. */
export function parseJson(input: string | Uint8Array, options: ParseJsonOptions = {}): unknown {
  const length = typeof input === 'string' ? input.length : input.byteLength;
  if (options.maxLength !== undefined && length > options.maxLength) {
    throw new LimitError(`JSON input of ${length} exceeds the limit of ${options.maxLength}`, {
      place: { file: options.file },
      details: { maxLength: options.maxLength },
    });
  }
  const text = decode(input);
  assertJsonDepth(text, options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, options.file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw jsonSyntaxError(text, options.file, error);
  }
}
