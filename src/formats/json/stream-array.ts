/**
 * Streaming extraction of the elements of one large array inside a JSON document (e.g. the NVD feed's
 * `vulnerabilities`, 300,000 records and hundreds of MB), with memory bounded by the largest element.
 * A byte-level scanner tracks strings, nesting and member names; each element's bytes are collected
 * and parsed on their own. Structural characters are ASCII, so scanning UTF-8 bytes is safe.
 */
import { InputError, LimitError } from '../../model/errors.js';
import { DEFAULT_MAX_JSON_DEPTH, jsonSyntaxError } from './parse.js';
import { childPointer, jsonPointer } from './pointer.js';

export interface StreamedElement {
  value: unknown;
  /** 0-based index in the array. */
  index: number;
  /** JSON pointer of the element, e.g. `/vulnerabilities/12345`. */
  pointer: string;
  /** 1-based line where the element starts. */
  line: number;
}

export interface StreamArrayOptions {
  /** Member names from the root object to the array (`['vulnerabilities']`); `[]` when the root is the array. */
  path: string[];
  maxDepth?: number;
  /** Largest element accepted, in bytes (default 64 MiB). */
  maxElementBytes?: number;
  file?: string;
  /** Called with each root-level member outside the path (envelope fields such as `totalResults`). */
  onMember?: (name: string, value: unknown) => void;
  /** Root members larger than this are not parsed for `onMember` (default 1 MiB). */
  maxMemberBytes?: number;
}

interface Frame {
  isObject: boolean;
  expectKey: boolean;
  /** Current member name; only tracked for frames on the way to the target. */
  key?: string;
}

interface Capture {
  kind: 'element' | 'member';
  parts: Buffer[];
  size: number;
  line: number;
  member?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_KEY_BYTES = 64 * 1024;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Yields each element of the array at `options.path`. Throws InputError for broken JSON, LimitError for limits. */
export async function* streamJsonArray(
  source: AsyncIterable<Uint8Array | string>,
  options: StreamArrayOptions,
): AsyncGenerator<StreamedElement> {
  const { path, file } = options;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const maxElementBytes = options.maxElementBytes ?? 64 * 1024 * 1024;
  const maxMemberBytes = options.maxMemberBytes ?? 1024 * 1024;
  const arrayPointer = jsonPointer(...path);

  const stack: Frame[] = [];
  let inString = false;
  let escaped = false;
  let line = 1;
  let offset = 0;
  let targetDepth = -1; // stack length inside the target array, once found
  let targetDone = false;
  let index = 0;
  let capture: Capture | undefined;
  let captureFrom = 0;
  let keyParts: Buffer[] | undefined;
  let keyFrom = 0;
  let keySize = 0;
  let valueAtRoot = false;

  const limitPlace = (): { file?: string; line: number; offset: number } => ({ file, line, offset });

  const finishCapture = (chunk: Buffer, end: number, ready: StreamedElement[]): void => {
    const current = capture as Capture;
    capture = undefined;
    current.parts.push(chunk.subarray(captureFrom, end));
    const text = Buffer.concat(current.parts).toString('utf8');
    if (current.kind === 'member') {
      if (current.size + end - captureFrom <= maxMemberBytes && current.member !== undefined) {
        try {
          options.onMember?.(current.member, JSON.parse(text) as unknown);
        } catch (error) {
          throw annotate(jsonSyntaxError(text.trim(), file, error), current.line, jsonPointer(current.member));
        }
      }
      return;
    }
    const pointer = childPointer(arrayPointer, index);
    if (text.trim() === '') {
      throw new InputError('invalid JSON: empty array element', { code: 'invalid-json', place: { file, line: current.line, pointer } });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw annotate(jsonSyntaxError(text.trimEnd(), file, error), current.line, pointer);
    }
    ready.push({ value, index, pointer, line: current.line });
    index++;
  };

  const onPath = (): boolean => {
    if (stack.length !== path.length) return false;
    for (let i = 0; i < path.length; i++) {
      const frame = stack[i] as Frame;
      if (!frame.isObject || frame.key !== path[i]) return false;
    }
    return true;
  };

  for await (const rawChunk of source) {
    const chunk = toBuffer(rawChunk);
    const ready: StreamedElement[] = [];
    captureFrom = 0;
    for (let i = 0; i < chunk.length; i++, offset++) {
      const byte = chunk[i] as number;
      if (byte === 0x0a) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (keyParts) {
            keyParts.push(chunk.subarray(keyFrom, i));
            const frame = stack[stack.length - 1] as Frame;
            frame.key = JSON.parse(`"${Buffer.concat(keyParts).toString('utf8')}"`) as string;
            keyParts = undefined;
          }
        } else if (keyParts && (keySize += 1) > MAX_KEY_BYTES) {
          throw new LimitError(`JSON member name longer than ${MAX_KEY_BYTES} bytes`, { place: limitPlace() });
        }
        continue;
      }
      if (isWhitespace(byte)) continue;
      const depth = stack.length;
      const top = stack[depth - 1];

      // Element boundaries inside the target array.
      if (depth === targetDepth && !targetDone) {
        if (byte === 0x2c /* , */) {
          if (capture) finishCapture(chunk, i, ready);
          else throw new InputError('invalid JSON: missing array element before \',\'', { code: 'invalid-json', place: { file, line, pointer: childPointer(arrayPointer, index) } });
          continue;
        }
        if (byte === 0x5d /* ] */) {
          if (capture) finishCapture(chunk, i, ready);
          targetDone = true;
          stack.pop();
          continue;
        }
        if (!capture) {
          capture = { kind: 'element', parts: [], size: 0, line };
          captureFrom = i;
        }
      }
      // Root member values (envelope), outside the target.
      if (depth === 1 && top?.isObject && !top.expectKey) {
        if (byte === 0x2c || byte === 0x7d) {
          if (capture?.kind === 'member') finishCapture(chunk, i, ready);
          valueAtRoot = false;
        } else if (!valueAtRoot && byte !== 0x3a /* : */) {
          valueAtRoot = true;
          if (options.onMember && top.key !== path[0]) {
            capture = { kind: 'member', parts: [], size: 0, line, member: top.key };
            captureFrom = i;
          }
        }
      }

      if (byte === QUOTE) {
        inString = true;
        if (top?.isObject && top.expectKey) {
          if (depth <= path.length || depth === 1) {
            keyParts = [];
            keyFrom = i + 1;
            keySize = 0;
          }
        }
      } else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
        if (depth + 1 > maxDepth) {
          throw new LimitError(`JSON nesting deeper than the limit of ${maxDepth}`, { place: limitPlace(), details: { maxDepth } });
        }
        const isTarget = byte === 0x5b && targetDepth === -1 && onPath();
        stack.push({ isObject: byte === 0x7b, expectKey: byte === 0x7b });
        if (isTarget) targetDepth = stack.length;
      } else if (byte === 0x7d || byte === 0x5d) {
        if (depth === 0 || top?.isObject !== (byte === 0x7d)) {
          throw new InputError(`invalid JSON: unexpected '${String.fromCharCode(byte)}'`, { code: 'invalid-json', place: { file, line, offset } });
        }
        stack.pop();
      } else if (byte === 0x3a /* : */) {
        if (top?.isObject) top.expectKey = false;
      } else if (byte === 0x2c /* , */) {
        if (top?.isObject) top.expectKey = true;
      }
    }
    // Carry partial element/key bytes over to the next chunk.
    if (capture) {
      const part = chunk.subarray(captureFrom);
      capture.parts.push(part);
      capture.size += part.byteLength;
      if (capture.kind === 'element' && capture.size > maxElementBytes) {
        throw new LimitError(`array element larger than ${maxElementBytes} bytes`, {
          place: { file, line: capture.line, pointer: childPointer(arrayPointer, index) },
          details: { maxElementBytes },
        });
      }
      if (capture.kind === 'member' && capture.size > maxMemberBytes) capture.parts = []; // too big to keep; drop its bytes
    }
    if (keyParts) {
      keyParts.push(chunk.subarray(keyFrom));
      keyFrom = 0; // the key continues at the start of the next chunk
    }
    for (const element of ready) yield element;
  }

  if (inString || stack.length > 0) {
    throw new InputError(`invalid JSON: input ended inside ${inString ? 'a string' : 'an unclosed object or array'} (truncated?)`, {
      code: 'truncated-json',
      place: { file, line, offset },
    });
  }
  if (targetDepth === -1) {
    throw new InputError(`no array found at ${arrayPointer === '' ? 'the document root' : arrayPointer}`, {
      code: 'missing-array',
      place: { file, pointer: arrayPointer },
    });
  }
}

function annotate(error: InputError, startLine: number, pointer: string): InputError {
  const relativeLine = error.place?.line ?? 1;
  const line = startLine + relativeLine - 1;
  const place = { file: error.place?.file, line, column: relativeLine === 1 ? undefined : error.place?.column, pointer };
  const message = error.issues[0]?.message ?? error.message;
  return new InputError(`invalid JSON in array element: ${message}`, {
    code: 'invalid-json',
    place,
    issues: [{ ...place, message, code: 'invalid-json' }],
    cause: error,
  });
}
