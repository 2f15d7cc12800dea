/**
 * Input helpers shared by the SBOM and VEX readers (CycloneDX, SPDX, OpenVEX): byte decoding with a
 * size cap, JSON parsing that reports line/column and refuses absurd nesting before `JSON.parse`
 * (which recurses), and narrow accessors for untyped JSON values.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { InputError, LimitError } from '../../model/errors.js';

export interface InputLimits {
  /** Refuse inputs larger than this many bytes (default 512 MiB). */
  maxBytes?: number;
  /** Refuse JSON nested deeper than this (default 512 levels). */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 512;

/** Decode UTF-8 (or pass a string through), dropping a byte-order mark. */
export function decodeInput(input: string | Uint8Array, limits: InputLimits = {}): string {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) throw new LimitError(`input is ${size} bytes, over the limit of ${maxBytes}`, { details: { size, maxBytes } });
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    // isUtf8 + toString: the same strictness as a fatal TextDecoder, several times faster on large
    // documents, and ASCII text becomes a one-byte string (half the memory of a decoded UTF-16 one).
    if (!isUtf8(input)) throw new InputError('input is not valid UTF-8', { code: 'invalid-encoding' });
    text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
    // TextDecoder drops one byte-order mark itself; keep that behaviour.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** Deepest `[`/`{` nesting outside strings, stopping early once `limit` is passed. */
export function jsonNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

/** Parse JSON text; syntax errors become an InputError with line and column, deep nesting a LimitError. */
export function parseJsonText(text: string, limits: InputLimits = {}): unknown {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (jsonNestingDepth(text, maxDepth) > maxDepth) {
    throw new LimitError(`JSON is nested deeper than ${maxDepth} levels`, { details: { maxDepth } });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /position (\d+)/.exec(message)?.[1];
    const place = position === undefined ? {} : lineColumnAt(text, Number(position));
    throw new InputError(`not valid JSON: ${message}`, { code: 'invalid-json', place, issues: [{ message, ...place }], cause });
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or undefined. Numbers are accepted and stringified (versions like 1.0). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The value as an array: arrays as they are, a single value wrapped, absent as empty. */
export function arr(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function records(value: unknown): JsonRecord[] {
  return arr(value).filter(isRecord);
}

/** Escape one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}
