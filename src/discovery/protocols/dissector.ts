/**
 * The one small interface every protocol dissector implements. A dissector gets whole PDUs (TCP is
 * reassembled and cut with `frameLength`; UDP and layer-2 payloads arrive as they are) and reports
 * what it learns through the context: identity fields, operations, address bindings, problems.
 */
import type { AttributeName, Operation, ProtocolName } from '../types.js';

/** The host that sent the PDU (`src`) or the one it was sent to (`dst`). */
export type Side = 'src' | 'dst';

/** A host named inside a payload rather than by the packet's addresses. */
export interface HostAddress {
  mac?: number;
  ip?: string;
}

export interface DissectContext {
  readonly frame: number;
  /** Seconds since the epoch. */
  readonly time: number;
  /** True when the PDU goes from server to client, false for client to server, undefined when unknown. */
  readonly fromServer: boolean | undefined;
  /** Scratch space kept per conversation (one object per dissector and conversation). */
  conversation<T extends object>(create: () => T): T;
  /**
   * A raw identity field of the host at `side`. With `attribute`, the value also competes for that
   * device attribute with the given confidence (0..1).
   */
  identity(side: Side | HostAddress, field: string, value: string | number, attribute?: AttributeName, confidence?: number): void;
  /** The PDU is a request doing `operation` (if it maps to one); `name` is the protocol's function name. */
  operation(operation: Operation | undefined, name: string): void;
  /** Tells which side is the server when the ports cannot (both sides use the well-known port). */
  serverIs(side: Side): void;
  /** Refines the protocol of this conversation, e.g. port 102 carrying `s7comm-plus`. */
  protocol(name: ProtocolName): void;
  /**
   * The protocol states that this IP address belongs to the host with this MAC (ARP, DCP, DHCP,
   * LLDP management address); `mac` defaults to the frame's source MAC.
   */
  bind(ip: string, mac?: number): void;
  /** Something in the PDU is wrong; reported with the frame number, dissection of other PDUs goes on. */
  problem(code: string, message: string): void;
}

export interface Dissector {
  readonly name: ProtocolName;
  readonly tcpPorts?: readonly number[];
  readonly udpPorts?: readonly number[];
  readonly etherTypes?: readonly number[];
  /**
   * For TCP: the length of the PDU starting at `bytes[start]` (default 0), looking no further than
   * `bytes[end]` (default the end), 0 when more bytes are needed to tell, -1 when the bytes are not
   * this protocol (framing lost).
   */
  frameLength?(bytes: Uint8Array, start?: number, end?: number): number;
  /** Recognises the protocol on a non-standard TCP port from the first payload of a stream. */
  looksLike?(payload: Uint8Array): boolean;
  dissect(pdu: Uint8Array, context: DissectContext): void;
  /**
   * Optional, for the busiest protocols: the same as `dissect(bytes.subarray(start, end))` without
   * making the view (`bytes` is valid only during the call). Implementations read the window
   * through a `ByteWindow` (bytes.ts), which checks bounds against the window, not the buffer.
   */
  dissectAt?(bytes: Uint8Array, start: number, end: number, context: DissectContext): void;
}
