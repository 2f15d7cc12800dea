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
  /** Length of the PDU at the start of `buffer`, 0 when more bytes are needed, -1 when not this protocol. */
  frameLength(buffer: Uint8Array): number;
  pdu(pdu: Uint8Array): void;
  problem(code: string, message: string): void;
}

export class TcpDirection {
  private next: number | undefined;
  private pending: Uint8Array | undefined;
  private outOfOrder: { seq: number; data: Uint8Array }[] = [];
  private outOfOrderBytes = 0;

  constructor(private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** A SYN starts (or restarts) the sequence space. */
  syn(seq: number): void {
    this.next = (seq + 1) >>> 0;
    this.reset();
  }

  segment(seq: number, payload: Uint8Array, sink: StreamSink): void {
    if (payload.length === 0) return;
    if (this.next === undefined) this.next = seq; // picked up mid-stream
    const delta = (seq - this.next) | 0;
    if (delta < 0) {
      if (delta + payload.length <= 0) return; // retransmission of bytes already seen
      payload = payload.subarray(-delta);
    } else if (delta > 0) {
      this.hold(seq, payload, sink);
      return;
    }
    this.deliver(payload, sink);
    this.drain(sink);
  }

  private hold(seq: number, payload: Uint8Array, sink: StreamSink): void {
    if (this.outOfOrderBytes + payload.length <= this.limits.maxOutOfOrderBytes && this.outOfOrder.length < 64) {
      this.outOfOrder.push({ seq, data: copyOf(payload) });
      this.outOfOrderBytes += payload.length;
      return;
    }
    // The gap will not be filled within our bounds: skip it.
    const missing = (seq - (this.next as number)) >>> 0;
    const earliest = this.outOfOrder.reduce<number>((min, s) => (((s.seq - min) | 0) < 0 ? s.seq : min), seq);
    sink.problem('tcp-gap', `TCP stream is missing ${earliest === seq ? missing : ((earliest - (this.next as number)) >>> 0)} bytes; resynchronising`);
    this.pending = undefined;
    this.next = earliest;
    this.outOfOrder.push({ seq, data: copyOf(payload) });
    this.outOfOrderBytes += payload.length;
    this.drain(sink);
  }

  private drain(sink: StreamSink): void {
    let progressed = true;
    while (progressed && this.outOfOrder.length > 0) {
      progressed = false;
      for (let i = 0; i < this.outOfOrder.length; i++) {
        const s = this.outOfOrder[i] as { seq: number; data: Uint8Array };
        const delta = (s.seq - (this.next as number)) | 0;
        if (delta > 0) continue;
        this.outOfOrder.splice(i, 1);
        this.outOfOrderBytes -= s.data.length;
        if (delta + s.data.length > 0) this.deliver(s.data.subarray(-delta), sink);
        progressed = true;
        break;
      }
    }
  }

  private deliver(data: Uint8Array, sink: StreamSink): void {
    this.next = ((this.next as number) + data.length) >>> 0;
    if (!sink.framed) {
      sink.pdu(data);
      return;
    }
    let buffer = data;
    if (this.pending) {
      buffer = new Uint8Array(this.pending.length + data.length);
      buffer.set(this.pending, 0);
      buffer.set(data, this.pending.length);
      this.pending = undefined;
    }
    let o = 0;
    while (o < buffer.length) {
      // Views only where needed: a segment usually holds exactly one PDU.
      const view = o === 0 ? buffer : buffer.subarray(o);
      const length = sink.frameLength(view);
      if (length === 0) break;
      if (length < 0 || length > this.limits.maxPduBytes) {
        // Framing lost: skip to the next offset where a PDU header is plausible.
        const next = this.resynchronise(buffer, o + 1, sink);
        sink.problem('framing-lost', `skipped ${(next < 0 ? buffer.length : next) - o} bytes of the TCP stream that do not frame as this protocol`);
        if (next < 0) return;
        o = next;
        continue;
      }
      if (length > view.length) break;
      sink.pdu(length === view.length ? view : view.subarray(0, length));
      o += length;
    }
    if (o < buffer.length) {
      const rest = buffer.subarray(o);
      this.pending = rest.length > this.limits.maxPduBytes ? undefined : copyOf(rest);
    }
  }

  private resynchronise(buffer: Uint8Array, from: number, sink: StreamSink): number {
    for (let k = from; k < buffer.length; k++) {
      const length = sink.frameLength(buffer.subarray(k));
      if (length === 0 || (length > 0 && length <= this.limits.maxPduBytes)) return k;
    }
    return -1;
  }

  private reset(): void {
    this.pending = undefined;
    this.outOfOrder = [];
    this.outOfOrderBytes = 0;
  }
}
