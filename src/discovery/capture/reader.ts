/**
 * Streaming reader for pcap (both byte orders, micro/nanosecond) and pcapng (sections, several
 * interfaces, EPB/SPB/PB, if_tsresol, if_tsoffset). Push bytes in any chunking; packets come out
 * through a callback. Memory is bounded by the largest record allowed, not the capture size.
 */
import { copyOf } from '../bytes.js';
import type { Issue } from '../../model/errors.js';
import type { CapturedPacket } from '../types.js';

export interface CaptureReaderOptions {
  /** Capture name used in problems. */
  name?: string;
  /** Largest record accepted, in bytes; anything larger is a bogus length (default 16 MiB). */
  maxRecordBytes?: number;
  /** How many bytes to scan for the next plausible record after a bogus length (default 1 MiB). */
  resyncWindowBytes?: number;
}

export interface CaptureReaderState {
  format: 'pcap' | 'pcapng' | 'unknown';
  linkTypes: Set<number>;
  frames: number;
  bytes: number;
  complete: boolean;
}

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_PB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
/** Block types used to recognise a block boundary when resynchronising. */
const KNOWN_BLOCKS = new Set([PCAPNG_SHB, BLOCK_IDB, BLOCK_PB, BLOCK_SPB, 4, 5, BLOCK_EPB, 10, 0x80000008]);

interface PcapngInterface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

type Mode = 'start' | 'pcap-records' | 'pcapng-blocks' | 'stopped';

/**
 * Receives frames without a per-frame object or view: the frame is `bytes[start..end)`, valid only
 * during the call (copy what must outlive it). Its capture time (seconds since the epoch) is set in
 * `time` just before the call: a field is written in place, where a fractional number passed as an
 * argument would be boxed anew for every frame. The session's hot path; `onPacket` callbacks are
 * served through an adapter that builds a `CapturedPacket`.
 */
export interface FrameSink {
  time: number;
  frame(bytes: Uint8Array, start: number, end: number, frame: number, linkType: number, originalLength: number): void;
}

class PacketAdapter implements FrameSink {
  time = 0;

  constructor(private readonly onPacket: (packet: CapturedPacket) => void) {}

  frame(bytes: Uint8Array, start: number, end: number, frame: number, linkType: number, originalLength: number): void {
    this.onPacket({ frame, time: this.time, linkType, data: bytes.subarray(start, end), originalLength });
  }
}

/** Records straddling two pushed chunks are stitched from this many bytes at most; larger leftovers are joined whole. */
const STITCH_MAX = 256 * 1024;

export class CaptureReader {
  readonly state: CaptureReaderState = { format: 'unknown', linkTypes: new Set(), frames: 0, bytes: 0, complete: true };
  private readonly maxRecord: number;
  private readonly resyncWindow: number;
  private readonly name: string | undefined;
  private buffer: Uint8Array = new Uint8Array(0);
  /** File offset of buffer[0]. */
  private bufferOffset = 0;
  private mode: Mode = 'start';
  private littleEndian = true;
  // pcap
  private nanoseconds = false;
  private pcapLinkType = 1;
  private pcapSnapLength = 0;
  private lastSeconds: number | undefined;
  // pcapng
  private interfaces: PcapngInterface[] = [];
  private readonly sink: FrameSink;

  /** `onPacket` gets each frame as a `CapturedPacket` (its `data` a view valid during the call), or a `FrameSink` gets it without allocation. */
  constructor(
    onPacket: ((packet: CapturedPacket) => void) | FrameSink,
    private readonly onProblem: (issue: Issue & { code: string }) => void,
    options: CaptureReaderOptions = {},
  ) {
    this.sink = typeof onPacket === 'function' ? new PacketAdapter(onPacket) : onPacket;
    this.maxRecord = options.maxRecordBytes ?? 16 * 1024 * 1024;
    this.resyncWindow = options.resyncWindowBytes ?? 1024 * 1024;
    this.name = options.name;
  }

  push(chunk: Uint8Array): void {
    this.state.bytes += chunk.length;
    if (this.mode === 'stopped') return;
    // A plain Uint8Array view of a Node Buffer: `subarray` on it is much cheaper than Buffer's.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.buffer.length === 0) {
      this.buffer = chunk;
      this.consume(this.parse(this.buffer, false));
      return;
    }
    // A record straddles the previous chunk and this one: complete just that record from the
    // head of this chunk, rather than copying the whole chunk behind the leftover.
    const need = this.straddlingRecordRest(chunk);
    if (need > 0) {
      const stitched = new Uint8Array(this.buffer.length + need);
      stitched.set(this.buffer, 0);
      stitched.set(chunk.subarray(0, need), this.buffer.length);
      const used = this.parse(stitched, false);
      if (used === stitched.length) {
        this.bufferOffset += this.buffer.length;
        this.buffer = chunk;
        this.consume(need + this.parseFrom(chunk, need, false));
        return;
      }
      // Not consumed whole after all (cannot happen for a record that passed the checks): join.
    }
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    this.consume(this.parse(this.buffer, false));
  }

  /**
   * When the leftover is the start of one record whose header is plausible and which `chunk`
   * completes, the number of bytes of `chunk` that complete it; 0 otherwise (join whole instead).
   */
  private straddlingRecordRest(chunk: Uint8Array): number {
    const left = this.buffer;
    if (left.length > STITCH_MAX) return 0;
    if (this.mode === 'pcap-records') {
      if (left.length < 16) return 0;
      const view = new DataView(left.buffer, left.byteOffset, left.byteLength);
      const le = this.littleEndian;
      const fraction = view.getUint32(4, le);
      const capturedLength = view.getUint32(8, le);
      const limit = Math.max(this.pcapSnapLength, 262_144);
      if (capturedLength > limit || capturedLength > this.maxRecord || fraction >= (this.nanoseconds ? 1e9 : 1e6)) return 0;
      const need = 16 + capturedLength - left.length;
      return need > 0 && need <= chunk.length ? need : 0;
    }
    if (this.mode === 'pcapng-blocks') {
      if (left.length < 12) return 0;
      const view = new DataView(left.buffer, left.byteOffset, left.byteLength);
      if (view.getUint32(0, true) === PCAPNG_SHB) return 0; // byte order may change: take the general path
      const le = this.littleEndian;
      const totalLength = view.getUint32(4, le);
      if (totalLength < 12 || totalLength % 4 !== 0 || totalLength > this.maxRecord) return 0;
      const need = totalLength - left.length;
      if (need < 4 || need > chunk.length) return 0;
      // The trailing length must agree, or the general path resynchronises.
      const tail = new DataView(chunk.buffer, chunk.byteOffset + need - 4, 4).getUint32(0, le);
      return tail === totalLength ? need : 0;
    }
    return 0;
  }

  /** Signals the end of input; reports a truncated last record. */
  end(): CaptureReaderState {
    if (this.state.bytes === 0) {
      this.problem('empty-capture', 'the capture is empty', { offset: 0 });
      this.state.complete = false;
      this.mode = 'stopped';
    }
    if (this.mode !== 'stopped') {
      this.consume(this.parse(this.buffer, true));
      if (this.buffer.length > 0 && (this.mode as Mode) !== 'stopped') {
        this.problem('truncated-capture', `the capture ends in the middle of a record (${this.buffer.length} bytes left over)`, {
          frame: this.state.frames + 1,
          offset: this.bufferOffset,
        });
        this.state.complete = false;
      }
    }
    this.mode = 'stopped';
    this.buffer = new Uint8Array(0);
    return this.state;
  }

  private consume(used: number): void {
    if (used <= 0) return;
    this.bufferOffset += used;
    // Copy the leftover so the caller's chunk can be released.
    this.buffer = used >= this.buffer.length ? new Uint8Array(0) : copyOf(this.buffer.subarray(used));
  }

  private problem(code: string, message: string, place: { frame?: number; offset?: number }): void {
    this.onProblem({ code, message, file: this.name, ...place });
  }

  private stop(code: string, message: string, place: { frame?: number; offset?: number }): number {
    this.problem(code, message, place);
    this.state.complete = false;
    this.mode = 'stopped';
    this.buffer = new Uint8Array(0);
    return 0;
  }

  /** Parses as many whole records as `b` holds; returns how many bytes were used. */
  private parse(b: Uint8Array, atEnd: boolean): number {
    return this.parseFrom(b, 0, atEnd);
  }

  /** Parses whole records of `b` from `start` (0 unless the file header is behind); returns the bytes used after `start`. */
  private parseFrom(b: Uint8Array, start: number, atEnd: boolean): number {
    if (start > 0) {
      if (this.mode === 'pcap-records') return this.parsePcapRecords(b, start, atEnd);
      if (this.mode === 'pcapng-blocks') return this.parsePcapngBlocks(b, start, atEnd);
      return 0;
    }
    let used = 0;
    if (this.mode === 'start') {
      if (b.length < 4 && !atEnd) return 0;
      const headerUsed = this.parseFileHeader(b, atEnd);
      if (headerUsed === undefined) return 0;
      used = headerUsed;
    }
    if (this.mode === 'pcap-records') return used + this.parsePcapRecords(b, used, atEnd);
    if (this.mode === 'pcapng-blocks') return used + this.parsePcapngBlocks(b, used, atEnd);
    return used;
  }

  /** Bytes of file header used (0 for pcapng, whose header is a block), or undefined to wait for more. */
  private parseFileHeader(b: Uint8Array, atEnd: boolean): number | undefined {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (b.length < 4) {
      return this.stop('unknown-format', 'too short to be a pcap or pcapng capture', { offset: 0 });
    }
    const be = view.getUint32(0, false);
    const le = view.getUint32(0, true);
    if (be === PCAPNG_SHB) {
      this.state.format = 'pcapng';
      this.mode = 'pcapng-blocks';
      return 0;
    }
    const magic = be === PCAP_MICRO || be === PCAP_NANO ? be : le === PCAP_MICRO || le === PCAP_NANO ? le : undefined;
    if (magic === undefined) {
      return this.stop('unknown-format', 'not a pcap or pcapng capture (unknown magic number)', { offset: 0 });
    }
    if (b.length < 24) {
      if (atEnd) return this.stop('truncated-capture', 'the pcap file header is truncated', { offset: 0 });
      return undefined;
    }
    this.state.format = 'pcap';
    this.littleEndian = le === magic;
    this.nanoseconds = magic === PCAP_NANO;
    this.pcapSnapLength = view.getUint32(16, this.littleEndian);
    // The upper bits of the link type field carry FCS information (pcap-savefile(5)).
    this.pcapLinkType = view.getUint32(20, this.littleEndian) & 0x0fffffff;
    this.state.linkTypes.add(this.pcapLinkType);
    this.mode = 'pcap-records';
    return 24;
  }

  private parsePcapRecords(b: Uint8Array, start: number, atEnd: boolean): number {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const le = this.littleEndian;
    let o = start;
    const limit = Math.max(this.pcapSnapLength, 262_144);
    while (b.length - o >= 16) {
      const seconds = view.getUint32(o, le);
      const fraction = view.getUint32(o + 4, le);
      const capturedLength = view.getUint32(o + 8, le);
      const originalLength = view.getUint32(o + 12, le);
      const frame = this.state.frames + 1;
      if (capturedLength > limit || capturedLength > this.maxRecord || fraction >= (this.nanoseconds ? 1e9 : 1e6)) {
        const next = this.resyncPcap(view, o + 1);
        if (next < 0 && !atEnd && b.length - o < this.resyncWindow) return o - start; // wait for more bytes
        this.problem('bogus-record-length', `record header is not plausible (captured length ${capturedLength}); skipping to the next plausible record`, {
          frame,
          offset: this.bufferOffset + o,
        });
        if (next < 0) {
          this.state.complete = false;
          this.mode = 'stopped';
          return b.length - start;
        }
        o = next;
        continue;
      }
      if (b.length - o < 16 + capturedLength) break;
      this.state.frames = frame;
      this.lastSeconds = seconds;
      if (originalLength < capturedLength) {
        this.problem('bad-original-length', `original length ${originalLength} is smaller than captured length ${capturedLength}`, { frame, offset: this.bufferOffset + o });
      }
      this.sink.time = seconds + fraction / (this.nanoseconds ? 1e9 : 1e6);
      this.sink.frame(b, o + 16, o + 16 + capturedLength, frame, this.pcapLinkType, Math.max(originalLength, capturedLength));
      o += 16 + capturedLength;
    }
    return o - start;
  }

  /** Finds the next offset whose 16 bytes look like a pcap record header; -1 if none in the buffer. */
  private resyncPcap(view: DataView, from: number): number {
    const le = this.littleEndian;
    const limit = Math.max(this.pcapSnapLength, 262_144);
    const end = Math.min(view.byteLength - 16, from + this.resyncWindow);
    for (let o = from; o <= end; o++) {
      const seconds = view.getUint32(o, le);
      const fraction = view.getUint32(o + 4, le);
      const captured = view.getUint32(o + 8, le);
      const original = view.getUint32(o + 12, le);
      if (captured === 0 || captured > limit || original < captured || original > 262_144 * 4) continue;
      if (fraction >= (this.nanoseconds ? 1e9 : 1e6)) continue;
      if (this.lastSeconds !== undefined && Math.abs(seconds - this.lastSeconds) > 86_400) continue;
      if (o + 16 + captured > view.byteLength) continue;
      return o;
    }
    return -1;
  }

  private parsePcapngBlocks(b: Uint8Array, start: number, atEnd: boolean): number {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let o = start;
    const origin = start;
    while (b.length - o >= 12) {
      const typeLE = view.getUint32(o, true);
      if (typeLE === PCAPNG_SHB) {
        // Section header: byte order comes from its byte-order magic.
        const bom = view.getUint32(o + 8, true);
        if (bom === PCAPNG_BOM) this.littleEndian = true;
        else if (bom === 0x4d3c2b1a) this.littleEndian = false;
        else {
          return this.stop('bad-section-header', 'pcapng section header has an unknown byte-order magic', { offset: this.bufferOffset + o });
        }
        this.interfaces = [];
      }
      const le = this.littleEndian;
      const type = view.getUint32(o, le);
      const totalLength = view.getUint32(o + 4, le);
      const frame = this.state.frames + 1;
      const lengthValid = totalLength >= 12 && totalLength % 4 === 0 && totalLength <= this.maxRecord;
      if (lengthValid && b.length - o < totalLength) break;
      if (!lengthValid || view.getUint32(o + totalLength - 4, le) !== totalLength) {
        const next = this.resyncPcapng(view, o + 4);
        if (next < 0 && !atEnd && b.length - o < this.resyncWindow) return o - origin; // wait for more bytes
        this.problem('bogus-block-length', `pcapng block length ${totalLength} is not valid; skipping to the next valid block`, {
          frame,
          offset: this.bufferOffset + o,
        });
        if (next < 0) {
          this.state.complete = false;
          this.mode = 'stopped';
          return b.length - origin;
        }
        o = next;
        continue;
      }
      this.pcapngBlock(b, view, o, type, totalLength);
      o += totalLength;
    }
    return o - origin;
  }

  /** After a bogus block length, finds the next known block whose leading and trailing lengths agree; -1 if none yet. */
  private resyncPcapng(view: DataView, from: number): number {
    const le = this.littleEndian;
    const windowEnd = Math.min(view.byteLength - 12, from + this.resyncWindow);
    for (let o = from + ((4 - (from % 4)) % 4); o <= windowEnd; o += 4) {
      if (!KNOWN_BLOCKS.has(view.getUint32(o, le))) continue;
      const length = view.getUint32(o + 4, le);
      if (length < 12 || length % 4 !== 0 || length > this.maxRecord || o + length > view.byteLength) continue;
      if (view.getUint32(o + length - 4, le) !== length) continue;
      return o;
    }
    return -1;
  }

  private pcapngBlock(b: Uint8Array, view: DataView, o: number, type: number, totalLength: number): void {
    const le = this.littleEndian;
    const bodyEnd = o + totalLength - 4;
    if (type === BLOCK_IDB) {
      if (totalLength < 20) {
        this.problem('bad-interface-block', 'pcapng interface description block is too short', { offset: this.bufferOffset + o });
        return;
      }
      const iface: PcapngInterface = {
        linkType: view.getUint16(o + 8, le),
        snapLength: view.getUint32(o + 12, le),
        unitsPerSecond: 1e6,
        offsetSeconds: 0,
      };
      this.readInterfaceOptions(view, o + 16, bodyEnd, iface);
      this.interfaces.push(iface);
      this.state.linkTypes.add(iface.linkType);
      return;
    }
    if (type !== BLOCK_EPB && type !== BLOCK_SPB && type !== BLOCK_PB) return;
    const frame = this.state.frames + 1;
    this.state.frames = frame;
    let interfaceId = 0;
    let time = 0;
    let capturedLength: number;
    let originalLength: number;
    let dataStart: number;
    if (type === BLOCK_SPB) {
      originalLength = view.getUint32(o + 8, le);
      dataStart = o + 12;
      const iface = this.interfaces[0];
      capturedLength = Math.min(originalLength, bodyEnd - dataStart, iface && iface.snapLength > 0 ? iface.snapLength : Infinity);
    } else {
      if (totalLength < 32) {
        this.problem('bad-packet-block', 'pcapng packet block is too short', { frame, offset: this.bufferOffset + o });
        return;
      }
      interfaceId = type === BLOCK_PB ? view.getUint16(o + 8, le) : view.getUint32(o + 8, le);
      const high = view.getUint32(o + 12, le);
      const low = view.getUint32(o + 16, le);
      capturedLength = view.getUint32(o + 20, le);
      originalLength = view.getUint32(o + 24, le);
      dataStart = o + 28;
      const iface = this.interfaces[interfaceId];
      if (iface) time = (high * 4294967296 + low) / iface.unitsPerSecond + iface.offsetSeconds;
      if (capturedLength > bodyEnd - dataStart) {
        this.problem('bad-packet-length', `captured length ${capturedLength} exceeds the block`, { frame, offset: this.bufferOffset + o });
        capturedLength = bodyEnd - dataStart;
      }
    }
    const iface = this.interfaces[interfaceId];
    if (!iface) {
      this.problem('unknown-interface', `packet refers to interface ${interfaceId}, which was not described`, { frame, offset: this.bufferOffset + o });
      return;
    }
    this.sink.time = time;
    this.sink.frame(b, dataStart, dataStart + capturedLength, frame, iface.linkType, Math.max(originalLength, capturedLength));
  }

  private readInterfaceOptions(view: DataView, from: number, end: number, iface: PcapngInterface): void {
    const le = this.littleEndian;
    let o = from;
    while (o + 4 <= end) {
      const code = view.getUint16(o, le);
      const length = view.getUint16(o + 2, le);
      if (code === 0 || o + 4 + length > end) return;
      if (code === 9 && length >= 1) {
        const resolution = view.getUint8(o + 4);
        const exponent = resolution & 0x7f;
        iface.unitsPerSecond = resolution & 0x80 ? 2 ** exponent : 10 ** exponent;
        if (!Number.isFinite(iface.unitsPerSecond) || iface.unitsPerSecond === 0) iface.unitsPerSecond = 1e6;
      } else if (code === 14 && length >= 8) {
        iface.offsetSeconds = Number(view.getBigInt64(o + 4, le));
      }
      o += 4 + length + ((4 - (length % 4)) % 4);
    }
  }
}

/** Names of the link types this module decodes (others are counted but not dissected). */
export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case 0:
      return 'null';
    case 1:
      return 'ethernet';
    case 12:
    case 14:
    case 101:
      return 'raw-ip';
    case 108:
      return 'loop';
    case 113:
      return 'linux-sll';
    case 228:
      return 'ipv4';
    case 229:
      return 'ipv6';
    case 276:
      return 'linux-sll2';
    default:
      return `linktype-${linkType}`;
  }
}
