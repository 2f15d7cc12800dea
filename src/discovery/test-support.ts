/** Helpers for the discovery tests: build captures and frames by hand, record what dissectors report. */
import type { DissectContext, HostAddress, Side } from './protocols/dissector.js';
import type { AttributeName, Operation, ProtocolName } from './types.js';

export function bytes(hexText: string): Uint8Array {
  const clean = hexText.replace(/#.*$/gm, '').replace(/[^0-9a-fA-F]/g, '');
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Classic little-endian microsecond pcap with the given link type. */
export function pcap(frames: Uint8Array[], linkType = 1, options: { bigEndian?: boolean; nanoseconds?: boolean } = {}): Uint8Array {
  const le = !options.bigEndian;
  const header = Buffer.alloc(24);
  const u32 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const u16 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  u32(header, options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(header, 2, 4);
  u16(header, 4, 6);
  u32(header, 65535, 16);
  u32(header, linkType, 20);
  const parts: Buffer[] = [header];
  frames.forEach((frame, i) => {
    const record = Buffer.alloc(16);
    u32(record, 1_700_000_000 + i, 0);
    u32(record, options.nanoseconds ? 500_000_000 : 500_000, 4);
    u32(record, frame.length, 8);
    u32(record, frame.length, 12);
    parts.push(record, Buffer.from(frame));
  });
  return Uint8Array.from(Buffer.concat(parts));
}

const MAC_A = '001b1b000001'; // Siemens OUI
const MAC_B = '00000c000002'; // Cisco OUI

/** Ethernet + IPv4 + TCP frame (flags default PSH|ACK). */
export function tcpFrame(o: { src: string; dst: string; sport: number; dport: number; seq: number; payload: Uint8Array; flags?: number; srcMac?: string; dstMac?: string }): Uint8Array {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(o.sport, 0);
  tcp.writeUInt16BE(o.dport, 2);
  tcp.writeUInt32BE(o.seq >>> 0, 4);
  tcp.writeUInt8(0x50, 12);
  tcp.writeUInt8(o.flags ?? 0x18, 13);
  return ipv4Frame(o.src, o.dst, 6, Buffer.concat([tcp, Buffer.from(o.payload)]), o.srcMac ?? MAC_A, o.dstMac ?? MAC_B);
}

export function udpFrame(o: { src: string; dst: string; sport: number; dport: number; payload: Uint8Array; srcMac?: string; dstMac?: string }): Uint8Array {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(o.sport, 0);
  udp.writeUInt16BE(o.dport, 2);
  udp.writeUInt16BE(8 + o.payload.length, 4);
  return ipv4Frame(o.src, o.dst, 17, Buffer.concat([udp, Buffer.from(o.payload)]), o.srcMac ?? MAC_A, o.dstMac ?? MAC_B);
}

export function ipv4Frame(src: string, dst: string, protocol: number, payload: Uint8Array, srcMac = MAC_A, dstMac = MAC_B): Uint8Array {
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + payload.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(protocol, 9);
  Buffer.from(src.split('.').map(Number)).copy(ip, 12);
  Buffer.from(dst.split('.').map(Number)).copy(ip, 16);
  return ethernet(dstMac, srcMac, 0x0800, Buffer.concat([ip, Buffer.from(payload)]));
}

export function ethernet(dstMac: string, srcMac: string, etherType: number, payload: Uint8Array): Uint8Array {
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType, 0);
  return Uint8Array.from(Buffer.concat([Buffer.from(dstMac, 'hex'), Buffer.from(srcMac, 'hex'), type, Buffer.from(payload)]));
}

export interface Recorded {
  identities: { side: Side | HostAddress; field: string; value: string; attribute?: AttributeName; confidence?: number }[];
  operations: { operation: Operation | undefined; name: string }[];
  problems: { code: string; message: string }[];
  binds: { ip: string; mac?: number }[];
  server: Side[];
  protocols: ProtocolName[];
}

/** A DissectContext that records every report, for protocol unit tests. */
export function recordingContext(fromServer?: boolean): DissectContext & { recorded: Recorded; field(name: string): string | undefined } {
  const recorded: Recorded = { identities: [], operations: [], problems: [], binds: [], server: [], protocols: [] };
  const scratch = new Map<string, object>();
  return {
    frame: 1,
    time: 0,
    fromServer,
    recorded,
    field(name: string) {
      return recorded.identities.find((i) => i.field === name)?.value;
    },
    conversation<T extends object>(create: () => T): T {
      if (!scratch.has('s')) scratch.set('s', create());
      return scratch.get('s') as T;
    },
    identity(side, field, value, attribute, confidence) {
      recorded.identities.push({ side, field, value: String(value), attribute, confidence });
    },
    operation(operation, name) {
      recorded.operations.push({ operation, name });
    },
    serverIs(side) {
      recorded.server.push(side);
    },
    protocol(name) {
      recorded.protocols.push(name);
    },
    bind(ip, mac) {
      recorded.binds.push({ ip, mac });
    },
    problem(code, message) {
      recorded.problems.push({ code, message });
    },
  };
}
