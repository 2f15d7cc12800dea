/**
 * Builds a large mixed-ICS pcap from the shapes of the real fixture captures: every Ethernet
 * frame of every fixture, copied again and again with the IPv4 addresses and source MAC shifted
 * per copy, so that each copy is new hosts and new TCP streams. Used by bench/discovery.ts and by
 * the golden tests (a few copies), so that the benchmark's workload is pinned by a test.
 *
 * Two shapes: by default every copy is new hosts (the worst case: the device count, and with it
 * memory, grows with the capture); with `plantCopies` the hosts of copy n are those of copy
 * ((n - 1) mod plantCopies) + 1, as on a real plant's mirror port where a fixed set of devices
 * talks for hours: each later round's TCP data is new to the dissectors, on connections that
 * go on (sequence numbers moved on) or, for those that close in the fixture, on new ones from new
 * client ports (see `TcpRound`), rather than replays of streams already seen.
 */
import { DISSECTORS } from '../../src/discovery/protocols/registry.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader } from '../../src/discovery/capture/reader.js';
import type { CapturedPacket } from '../../src/discovery/types.js';
import { fixture } from '../support/fixtures.js';

/** The Ethernet pcap fixtures, in a stable order. */
export function ethernetPcaps(): string[] {
  const root = fixture('pcap');
  const out: string[] = [];
  for (const dir of readdirSync(root).sort()) {
    const path = join(root, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path).sort()) if (file.endsWith('.pcap')) out.push(join(path, file));
  }
  return out;
}

function readPackets(file: string): CapturedPacket[] {
  const packets: CapturedPacket[] = [];
  const reader = new CaptureReader((p) => packets.push({ ...p, data: new Uint8Array(p.data) }), () => undefined);
  reader.push(readFileSync(file));
  reader.end();
  return packets.filter((p) => p.linkType === 1);
}

/** TCP ports some dissector serves: the other port of a segment is the client's. */
const SERVER_PORTS = new Set(DISSECTORS.flatMap((d) => d.tcpPorts ?? []));
const EPHEMERAL_FROM = 1024;

/** The client port of round `round` of the plant: a different ephemeral port per round, never a server's. */
function clientPort(port: number, round: number): number {
  const span = 65536 - EPHEMERAL_FROM;
  let out = EPHEMERAL_FROM + ((((port - EPHEMERAL_FROM + round * 7919) % span) + span) % span);
  while (SERVER_PORTS.has(out)) out = out + 1 === 65536 ? EPHEMERAL_FROM : out + 1;
  return out;
}

/** Offset of an Ethernet frame's IPv4 header (past any VLAN tags), or undefined. */
function ipv4At(data: Uint8Array): number | undefined {
  let o = 12;
  let type = (data[o]! << 8) | data[o + 1]!;
  while (type === 0x8100 && o + 6 <= data.length) {
    o += 4;
    type = (data[o]! << 8) | data[o + 1]!;
  }
  return type === 0x0800 && data.length >= o + 22 ? o + 2 : undefined;
}

/** Offsets of a frame's IPv4 header and TCP header (first fragments only), or undefined. */
function tcpOffsets(data: Uint8Array): { ip: number; tcp: number; end: number } | undefined {
  const ip = ipv4At(data);
  if (ip === undefined || data[ip + 9] !== 6) return undefined;
  if ((((data[ip + 6]! & 0x1f) << 8) | data[ip + 7]!) !== 0) return undefined;
  const tcp = ip + (data[ip]! & 0x0f) * 4;
  if (data.length < tcp + 20) return undefined;
  const end = Math.min(data.length, ip + ((data[ip + 2]! << 8) | data[ip + 3]!));
  return { ip, tcp, end };
}

const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/**
 * How a TCP frame changes from one round of a plant to the next. A connection that closes in the
 * fixture (FIN both ways, or RST) is opened again each round from a new client port, as an HMI
 * that connects per poll would; one that does not (captured mid-connection) goes on: its sequence
 * and acknowledgement numbers advance by the bytes of one round, so that each round's data follows
 * the last, as on a long-lived polling connection.
 */
interface TcpRound {
  tcp: number;
  /** Offset of the client port to change per round, or -1 (the connection goes on). */
  clientPortAt: number;
  /** Sequence space one round takes in this direction and in the other. */
  seqSpan: number;
  ackSpan: number;
}

/** Per fixture frame: its TcpRound, or undefined when not TCP. */
function tcpRounds(shapes: readonly CapturedPacket[]): (TcpRound | undefined)[] {
  interface Direction {
    base: number;
    low: number;
    high: number;
    fin: boolean;
  }
  const directions = new Map<string, Direction>();
  const resets = new Set<string>();
  const keyOf = (d: Uint8Array, ip: number, tcp: number, reverse: boolean): string => {
    const src = `${d.subarray(ip + 12, ip + 16).join('.')}:${(d[tcp]! << 8) | d[tcp + 1]!}`;
    const dst = `${d.subarray(ip + 16, ip + 20).join('.')}:${(d[tcp + 2]! << 8) | d[tcp + 3]!}`;
    return reverse ? `${dst}>${src}` : `${src}>${dst}`;
  };
  const streamOf = (key: string): string => key.split('>').sort().join(' ');
  const frames = shapes.map((p) => {
    const at = tcpOffsets(p.data);
    return at ? { at, d: p.data, key: keyOf(p.data, at.ip, at.tcp, false) } : undefined;
  });
  for (const f of frames) {
    if (!f) continue;
    const { at, d, key } = f;
    const flags = d[at.tcp + 13]!;
    const seq = u32(d, at.tcp + 4);
    const length = Math.max(0, at.end - (at.tcp + (d[at.tcp + 12]! >> 4) * 4)) + (flags & 0x02 ? 1 : 0) + (flags & 0x01 ? 1 : 0);
    let dir = directions.get(key);
    if (!dir) directions.set(key, (dir = { base: seq, low: 0, high: 0, fin: false }));
    // Relative to the first sequence number seen, as a signed 32-bit difference (wrap-around safe).
    const rel = (seq - dir.base) | 0;
    dir.low = Math.min(dir.low, rel);
    dir.high = Math.max(dir.high, rel + length);
    if (flags & 0x01) dir.fin = true;
    if (flags & 0x04) resets.add(streamOf(key));
  }
  return frames.map((f) => {
    if (!f) return undefined;
    const { at, d, key } = f;
    const forward = directions.get(key);
    const backward = directions.get(keyOf(d, at.ip, at.tcp, true));
    const closes = resets.has(streamOf(key)) || (forward?.fin === true && backward?.fin === true);
    const src = (d[at.tcp]! << 8) | d[at.tcp + 1]!;
    const dst = (d[at.tcp + 2]! << 8) | d[at.tcp + 3]!;
    let clientPortAt = -1;
    if (closes && src !== dst) {
      // The client's side: the port no dissector serves (or, when both or neither do, the higher one).
      const srcServes = SERVER_PORTS.has(src);
      const dstServes = SERVER_PORTS.has(dst);
      clientPortAt = srcServes !== dstServes ? (srcServes ? at.tcp + 2 : at.tcp) : src >= dst ? at.tcp : at.tcp + 2;
    }
    const span = (dir: Direction | undefined): number => (dir ? dir.high - dir.low : 0);
    return { tcp: at.tcp, clientPortAt, seqSpan: span(forward), ackSpan: span(backward) };
  });
}

/** Round `round` of a plant for a TCP frame (in `out`): a new client port, or sequence numbers moved on. */
function shiftTcp(out: Uint8Array, plan: TcpRound, round: number): void {
  if (plan.clientPortAt >= 0) {
    const at = plan.clientPortAt;
    const port = clientPort((out[at]! << 8) | out[at + 1]!, round);
    out[at] = port >> 8;
    out[at + 1] = port & 0xff;
    return;
  }
  const tcp = plan.tcp;
  putU32(out, tcp + 4, (u32(out, tcp + 4) + round * plan.seqSpan) >>> 0);
  if (out[tcp + 13]! & 0x10) putU32(out, tcp + 8, (u32(out, tcp + 8) + round * plan.ackSpan) >>> 0);
}

/**
 * Copy `n` of a frame: IPv4 addresses get their third octet XOR-ed with n (new hosts, new
 * streams); in round `round` > 0 of a plant, TCP segments also change as `plan` says.
 */
function shifted(data: Uint8Array, copy: number, round = 0, plan?: TcpRound): Uint8Array {
  const out = new Uint8Array(data);
  const ip = ipv4At(out);
  if (ip !== undefined) {
    out[ip + 14] = out[ip + 14]! ^ (copy & 0xff);
    out[ip + 18] = out[ip + 18]! ^ (copy & 0xff);
    out[ip + 13] = out[ip + 13]! ^ ((copy >> 8) & 0xff);
    out[ip + 17] = out[ip + 17]! ^ ((copy >> 8) & 0xff);
    if (round > 0 && plan) shiftTcp(out, plan, round);
  }
  // Distinct source MACs per copy too, so the copies are distinct hosts.
  out[10] = out[10]! ^ (copy & 0xff);
  out[9] = out[9]! ^ ((copy >> 8) & 0xff);
  return out;
}

export interface MixedCaptureOptions {
  /** At least this many bytes (whole copies of the fixture frames). */
  targetBytes?: number;
  /** Exactly this many copies (instead of `targetBytes`). */
  copies?: number;
  /** The hosts repeat every `plantCopies` copies (see above); by default every copy is new hosts. */
  plantCopies?: number;
}

/** The pcap of `mixedCapture` in pieces of about 4 MB (a capture of gigabytes need not be held whole). */
export function* mixedCapturePieces(options: MixedCaptureOptions): Generator<Uint8Array> {
  const plant = options.plantCopies ?? Infinity;
  const shapes = ethernetPcaps().flatMap(readPackets);
  const rounds = Number.isFinite(plant) ? tcpRounds(shapes) : [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  let chunks: Uint8Array[] = [header];
  let pending = header.length;
  let size = header.length;
  let time = 1_700_000_000;
  const done = (copy: number): boolean => (options.copies !== undefined ? copy > options.copies : size >= (options.targetBytes ?? 0));
  for (let copy = 1; !done(copy); copy++) {
    for (let i = 0; i < shapes.length; i++) {
      const p = shapes[i]!;
      const data = Number.isFinite(plant) ? shifted(p.data, ((copy - 1) % plant) + 1, Math.floor((copy - 1) / plant), rounds[i]) : shifted(p.data, copy);
      const record = Buffer.alloc(16);
      time += 0.0001;
      record.writeUInt32LE(Math.floor(time), 0);
      record.writeUInt32LE(Math.floor((time % 1) * 1e6), 4);
      record.writeUInt32LE(data.length, 8);
      record.writeUInt32LE(Math.max(p.originalLength, data.length), 12);
      chunks.push(record, data);
      size += 16 + data.length;
      pending += 16 + data.length;
    }
    if (pending >= 4 << 20) {
      yield Buffer.concat(chunks);
      chunks = [];
      pending = 0;
    }
  }
  if (chunks.length > 0) yield Buffer.concat(chunks);
}

/**
 * A pcap (microsecond, Ethernet) of at least `targetBytes` bytes, or of exactly `copies` copies
 * of the fixture frames when `copies` is given; with `plantCopies`, the hosts repeat every
 * `plantCopies` copies (see above).
 */
export function mixedCapture(options: MixedCaptureOptions): Uint8Array {
  return Buffer.concat([...mixedCapturePieces(options)]);
}
