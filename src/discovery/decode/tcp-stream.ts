/**
 * One direction of a TCP connection: puts segments in sequence order (bounded out-of-order
 * buffer), drops retransmissions, and cuts the byte stream into PDUs with the dissector's
 * `frameLength`. When a gap cannot be filled or framing is lost, it reports it and resynchronises
 * at the next offset where a PDU header is plausible.
 */
import { copyOf } from '../bytes.js';

export interface StreamLimits {
  /** Bytes of out-of-order segments kept per direction (default 256 KiB). */
  maxOutOfOrderBytes: number;
  /** Largest PDU accepted (default 1 MiB); larger announced lengths mean framing is lost. */
  maxPduBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxOutOfOrderBytes: 256 * 1024, maxPduBytes: 1024 * 1024 };

export interface StreamSink {
  /** Whether the stream is cut into PDUs with `frameLength`; if not, each in-order chunk is a PDU. */
  readonly framed: boolean;
  /** Length of the PDU at `bytes[start]` (of `bytes[start..end)`), 0 when more bytes are needed, -1 when not this protocol. */
  frameLength(bytes: Uint8Array, start: number, end: number): number;
  /** One PDU (or in-order chunk), `bytes[start..end)`, valid only during the call. */
  pdu(bytes: Uint8Array, start: number, end: number): void;
  problem(code: string, message: string): void;
}

interface HeldSegment {
  seq: number;
  data: Uint8Array;
}

/** Stands for an empty out-of-order buffer (most streams never need one); never added to. */
const NONE_HELD: readonly HeldSegment[] = [];

export class TcpDirection {
  /**
   * The next sequence number expected, -1 before the first segment or SYN (always a number: a
   * field that may hold undefined would box every sequence number stored into it).
   */
  private next = -1;
  private pending: Uint8Array | undefined;
  private outOfOrder = NONE_HELD as HeldSegment[];
  private outOfOrderBytes = 0;

  constructor(private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** A SYN starts (or restarts) the sequence space. */
  syn(seq: number): void {
    this.next = (seq + 1) >>> 0;
    this.reset();
  }

  /**
   * The segment whose payload is `bytes[start..end)` (read in place: in-order segments, the usual
   * case, are framed and dissected without a view or a copy).
   */
  segment(seq: number, bytes: Uint8Array, start: number, end: number, sink: StreamSink): void {
    const length = end - start;
    if (length <= 0) return;
    if (this.next < 0) this.next = seq; // picked up mid-stream
    const delta = (seq - this.next) | 0;
    if (delta < 0) {
      if (delta + length <= 0) return; // retransmission of bytes already seen
      start -= delta;
    } else if (delta > 0) {
      this.hold(seq, bytes.subarray(start, end), sink);
      return;
    }
    this.deliver(bytes, start, end, sink);
    this.drain(sink);
  }

  private hold(seq: number, payload: Uint8Array, sink: StreamSink): void {
    if (this.outOfOrderBytes + payload.length <= this.limits.maxOutOfOrderBytes && this.outOfOrder.length < 64) {
      this.keep(seq, payload);
      return;
    }
    // The gap will not be filled within our bounds: skip it.
    const missing = (seq - this.next) >>> 0;
    const earliest = this.outOfOrder.reduce<number>((min, s) => (((s.seq - min) | 0) < 0 ? s.seq : min), seq);
    sink.problem('tcp-gap', `TCP stream is missing ${earliest === seq ? missing : ((earliest - this.next) >>> 0)} bytes; resynchronising`);
    this.pending = undefined;
    this.next = earliest;
    this.keep(seq, payload);
    this.drain(sink);
  }

  private keep(seq: number, payload: Uint8Array): void {
    if (this.outOfOrder === NONE_HELD) this.outOfOrder = [];
    this.outOfOrder.push({ seq, data: copyOf(payload) });
    this.outOfOrderBytes += payload.length;
  }

  private drain(sink: StreamSink): void {
    let progressed = true;
    while (progressed && this.outOfOrder.length > 0) {
      progressed = false;
      for (let i = 0; i < this.outOfOrder.length; i++) {
        const s = this.outOfOrder[i] as HeldSegment;
        const delta = (s.seq - this.next) | 0;
        if (delta > 0) continue;
        this.outOfOrder.splice(i, 1);
        this.outOfOrderBytes -= s.data.length;
        if (delta + s.data.length > 0) this.deliver(s.data, -delta, s.data.length, sink);
        progressed = true;
        break;
      }
    }
  }

  /** In-order bytes `data[start..end)`: framed into PDUs after what is pending from earlier segments. */
  private deliver(data: Uint8Array, start: number, end: number, sink: StreamSink): void {
    this.next = (this.next + (end - start)) >>> 0;
    if (!sink.framed) {
      sink.pdu(data, start, end);
      return;
    }
    let buffer = data;
    let o = start;
    if (this.pending) {
      const pending = this.pending;
      buffer = new Uint8Array(pending.length + (end - start));
      buffer.set(pending, 0);
      buffer.set(data.subarray(start, end), pending.length);
      this.pending = undefined;
      o = 0;
      end = buffer.length;
    }
    while (o < end) {
      const length = sink.frameLength(buffer, o, end);
      if (length === 0) break;
      if (length < 0 || length > this.limits.maxPduBytes) {
        // Framing lost: skip to the next offset where a PDU header is plausible.
        const next = this.resynchronise(buffer, o + 1, end, sink);
        sink.problem('framing-lost', `skipped ${(next < 0 ? end : next) - o} bytes of the TCP stream that do not frame as this protocol`);
        if (next < 0) return;
        o = next;
        continue;
      }
      if (length > end - o) break;
      sink.pdu(buffer, o, o + length);
      o += length;
    }
    if (o < end) this.pending = end - o > this.limits.maxPduBytes ? undefined : copyOf(buffer.subarray(o, end));
  }

  private resynchronise(buffer: Uint8Array, from: number, end: number, sink: StreamSink): number {
    for (let k = from; k < end; k++) {
      const length = sink.frameLength(buffer, k, end);
      if (length === 0 || (length > 0 && length <= this.limits.maxPduBytes)) return k;
    }
    return -1;
  }

  private reset(): void {
    this.pending = undefined;
    this.outOfOrder = NONE_HELD as HeldSegment[];
    this.outOfOrderBytes = 0;
  }
}
