/**
 * Bounded gunzip for feeds delivered as .gz: output is capped so that a gzip bomb fails with
 * LimitError instead of exhausting memory, and truncated or corrupt archives give a clear InputError.
 */
import { createGunzip, gunzipSync } from 'node:zlib';
import { InputError, LimitError } from '../../model/errors.js';

/** Default cap on decompressed size: 2 GiB would not fit a JS string anyway; 1 GiB covers NVD yearly feeds. */
export const DEFAULT_MAX_GUNZIP_BYTES = 1024 * 1024 * 1024;

export interface GunzipOptions {
  /** Maximum decompressed bytes; more throws LimitError. */
  maxOutputBytes?: number;
  file?: string;
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function zlibCode(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function gzipError(error: unknown, maxOutputBytes: number, file: string | undefined): Error {
  const code = zlibCode(error);
  if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
    return new LimitError(`gzip output exceeds the limit of ${maxOutputBytes} bytes (possible gzip bomb)`, {
      place: { file },
      details: { maxOutputBytes },
    });
  }
  if (code === 'Z_BUF_ERROR') {
    return new InputError('truncated gzip data: the archive ends before its end marker', { code: 'truncated-gzip', place: { file }, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(`corrupt gzip data: ${message}`, { code: 'invalid-gzip', place: { file }, cause: error });
}

/** Decompresses a whole gzip buffer with an output cap. */
export function gunzipBounded(bytes: Uint8Array, options: GunzipOptions = {}): Buffer {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_GUNZIP_BYTES;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxOutputBytes });
  } catch (error) {
    throw gzipError(error, maxOutputBytes, options.file);
  }
}

/** Returns the bytes, gunzipped first when they carry the gzip magic number. */
export function maybeGunzip(bytes: Uint8Array, options: GunzipOptions = {}): Uint8Array {
  return isGzip(bytes) ? gunzipBounded(bytes, options) : bytes;
}

/** Turns a string or (possibly gzipped) bytes into text, dropping a UTF-8 byte-order mark. */
export function decodeInputText(input: string | Uint8Array, options: GunzipOptions = {}): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const bytes = maybeGunzip(input, options);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Streams a gzip source, yielding decompressed chunks; the total is capped and memory is bounded by back-pressure. */
export async function* gunzipStream(
  source: AsyncIterable<Uint8Array | string>,
  options: GunzipOptions = {},
): AsyncGenerator<Buffer> {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_GUNZIP_BYTES;
  const highWaterBytes = 4 * 1024 * 1024;
  const gunzip = createGunzip();
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let produced = 0;
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  gunzip.on('data', (chunk: Buffer) => {
    produced += chunk.byteLength;
    // Counted as it is produced, not as it is consumed, so a bomb stops before it fills memory.
    if (produced > maxOutputBytes) {
      failure ??= gzipError(new RangeError('too large'), maxOutputBytes, options.file);
      gunzip.destroy();
    } else {
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes > highWaterBytes) gunzip.pause();
    }
    notify();
  });
  gunzip.on('error', (error) => {
    failure ??= error;
    notify();
  });
  gunzip.on('end', () => {
    ended = true;
    notify();
  });

  const feed = (async () => {
    try {
      for await (const chunk of source) {
        if (failure !== undefined || gunzip.destroyed) return;
        if (!gunzip.write(toBuffer(chunk))) {
          await new Promise<void>((resolve) => {
            gunzip.once('drain', resolve);
            gunzip.once('close', resolve);
          });
        }
      }
      if (!gunzip.destroyed) gunzip.end();
    } catch (error) {
      failure ??= error;
      notify();
    }
  })();

  try {
    for (;;) {
      while (pending.length > 0) {
        const chunk = pending.shift() as Buffer;
        pendingBytes -= chunk.byteLength;
        yield chunk;
      }
      if (failure !== undefined) {
        if (failure instanceof InputError || failure instanceof LimitError) throw failure;
        throw gzipError(failure, maxOutputBytes, options.file);
      }
      if (ended) break;
      if (gunzip.isPaused()) gunzip.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    await feed;
  } finally {
    gunzip.destroy();
  }
}

/** Yields the source unchanged, or gunzipped when its first bytes are the gzip magic number. */
export async function* maybeGunzipStream(
  source: AsyncIterable<Uint8Array | string>,
  options: GunzipOptions = {},
): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && toBuffer(first.value).byteLength === 0) first = await iterator.next();
  if (first.done) return;
  const head = toBuffer(first.value);
  const rest: AsyncIterable<Uint8Array | string> = {
    [Symbol.asyncIterator]: () => ({
      next: () => iterator.next(),
      return: async () => (iterator.return ? iterator.return() : { done: true, value: undefined }),
    }),
  };
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of rest) yield toBuffer(chunk);
  }
  // A 1-byte first chunk cannot show the magic number; gzip always starts with 1f, plain JSON/CSV never does.
  if (head[0] === 0x1f) yield* gunzipStream(replay(), options);
  else yield* replay();
}
