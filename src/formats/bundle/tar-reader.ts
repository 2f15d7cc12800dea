/**
 * Pull-based ustar reader over an async byte stream. The caller sees each header before its body
 * is read, so that it can refuse an entry (type, path, size) without buffering a byte of it.
 * Memory is bounded by the largest body the caller asks for.
 */
import { InputError, LimitError } from '../../model/errors.js';
import { TAR_BLOCK_SIZE, decodeTarHeader, isZeroBlock, type TarHeader } from './tar.js';

export interface TarEntry extends TarHeader {
  /** Byte offset of the entry's header in the (decompressed) tar stream. */
  offset: number;
}

export interface TarReaderOptions {
  /** Cap on tar bytes read from the source; more throws LimitError. */
  maxBytes: number;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Reads exact byte counts from an async chunk stream, keeping count of the offset. */
class ByteQueue {
  private readonly iterator: AsyncIterator<Uint8Array | string>;
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;
  /** Bytes handed out so far. */
  offset = 0;
  /** Bytes pulled from the source so far. */
  private pulled = 0;

  constructor(
    source: AsyncIterable<Uint8Array | string>,
    private readonly maxBytes: number,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = toBuffer(next.value);
    this.pulled += chunk.byteLength;
    if (this.pulled > this.maxBytes) {
      throw new LimitError(`bundle exceeds the limit of ${this.maxBytes} bytes`, { place: { offset: this.maxBytes }, details: { maxBytes: this.maxBytes } });
    }
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    return true;
  }

  /** Returns up to `count` bytes in pieces as they arrive; fewer only at the end of the source. */
  async *take(count: number): AsyncGenerator<Buffer> {
    let wanted = count;
    while (wanted > 0) {
      if (this.chunks.length === 0 && !(await this.pull())) return;
      const head = this.chunks[0];
      if (head === undefined) continue;
      const piece = head.byteLength <= wanted ? head : head.subarray(0, wanted);
      if (piece === head) this.chunks.shift();
      else this.chunks[0] = head.subarray(wanted);
      this.buffered -= piece.byteLength;
      this.offset += piece.byteLength;
      wanted -= piece.byteLength;
      yield piece;
    }
  }

  /** Exactly `count` bytes in one buffer, or fewer at the end of the source. */
  async read(count: number): Promise<Buffer> {
    const pieces: Buffer[] = [];
    for await (const piece of this.take(count)) pieces.push(piece);
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  async close(): Promise<void> {
    this.done = true;
    await this.iterator.return?.();
  }
}

function truncated(what: string, offset: number, entry?: string): InputError {
  const message = `archive is truncated: it ends inside ${what}`;
  return new InputError(message, {
    code: 'bundle-truncated',
    place: { file: entry, offset },
    issues: [{ message, file: entry, offset, code: 'bundle-truncated' }],
  });
}

export class TarReader {
  private readonly bytes: ByteQueue;
  private current: TarEntry | undefined;
  private bodyRead = true;
  private finished = false;
  /** Offset of the end-of-archive marker, once reached. */
  endOffset = 0;

  constructor(source: AsyncIterable<Uint8Array | string>, options: TarReaderOptions) {
    this.bytes = new ByteQueue(source, options.maxBytes);
  }

  /** The next entry's header, skipping the unread body of the previous one; undefined at the end of the archive. */
  async next(): Promise<TarEntry | undefined> {
    if (this.finished) return undefined;
    if (!this.bodyRead && this.current) await this.skipBody();
    const offset = this.bytes.offset;
    const block = await this.bytes.read(TAR_BLOCK_SIZE);
    if (block.byteLength === 0 && offset === 0) {
      throw new InputError('bundle is empty', { code: 'bundle-empty', place: { offset } });
    }
    if (block.byteLength < TAR_BLOCK_SIZE) throw truncated('a header (no end-of-archive marker)', offset);
    if (isZeroBlock(block)) {
      await this.finish(offset);
      return undefined;
    }
    this.current = { ...decodeTarHeader(block, offset), offset };
    this.bodyRead = false;
    return this.current;
  }

  /** Streams the body of the current entry (and consumes its padding). */
  async *body(): AsyncGenerator<Buffer> {
    const entry = this.current;
    if (!entry || this.bodyRead) throw new Error('TarReader.body() called without a current entry');
    this.bodyRead = true;
    let received = 0;
    for await (const piece of this.bytes.take(entry.size)) {
      received += piece.byteLength;
      yield piece;
    }
    if (received < entry.size) throw truncated(`the body of ${entry.path}`, entry.offset, entry.path);
    await this.consumePadding(entry);
  }

  private async skipBody(): Promise<void> {
    const pieces = this.body();
    while (!(await pieces.next()).done);
  }

  private async consumePadding(entry: TarEntry): Promise<void> {
    const remainder = entry.size % TAR_BLOCK_SIZE;
    if (remainder === 0) return;
    const padding = await this.bytes.read(TAR_BLOCK_SIZE - remainder);
    if (padding.byteLength < TAR_BLOCK_SIZE - remainder) throw truncated(`the padding of ${entry.path}`, entry.offset, entry.path);
  }

  /** After the first zero block: a second must follow, then only zero bytes (record padding) until the end. */
  private async finish(offset: number): Promise<void> {
    this.finished = true;
    this.endOffset = offset;
    const second = await this.bytes.read(TAR_BLOCK_SIZE);
    if (second.byteLength < TAR_BLOCK_SIZE) throw truncated('the end-of-archive marker', offset);
    if (!isZeroBlock(second)) {
      throw new InputError('a lone zero block inside the archive (corrupt or concatenated archive)', {
        code: 'bundle-invalid-tar',
        place: { offset: offset + TAR_BLOCK_SIZE },
      });
    }
    for (;;) {
      const at = this.bytes.offset;
      const tail = await this.bytes.read(64 * 1024);
      if (tail.byteLength === 0) return;
      const stray = tail.findIndex((byte) => byte !== 0);
      if (stray !== -1) {
        throw new InputError('data after the end of the archive', { code: 'bundle-trailing-data', place: { offset: at + stray } });
      }
    }
  }

  /** Releases the source early (the caller stopped reading). */
  async close(): Promise<void> {
    this.finished = true;
    await this.bytes.close();
  }
}
