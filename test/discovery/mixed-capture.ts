/**
 * Builds a large mixed-ICS pcap from the shapes of the real fixture captures: every Ethernet
 * frame of every fixture, copied again and again with the IPv4 addresses and source MAC shifted
 * per copy, so that each copy is new hosts and new TCP streams. Used by bench/discovery.ts and by
 * the golden tests (a few copies), so that the benchmark's workload is pinned by a test.
 *
 * Two shapes: by default every copy is new hosts (the worst case: the device count, and with it
 * memory, grows with the capture); with `plantCopies` the hosts of copy n are those of copy
 * ((n - 1) mod plantCopies) + 1, as on a real plant's mirror port where a fixed set of devices
 * talks for hours, and each later round opens its TCP connections from new client ports (new
 * streams, dissected in full like the first ones, rather than replays of finished streams).
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

/** Gives the TCP segment at `tcp` (in `out`) its round's client port. */
function shiftClientPort(out: Uint8Array, tcp: number, round: number): void {
  const src = (out[tcp]! << 8) | out[tcp + 1]!;
  const dst = (out[tcp + 2]! << 8) | out[tcp + 3]!;
  // Both sides on one port (DNP3 from 20000 to 20000): no client port to change; the
  // connection of the round goes on the same four-tuple.
  if (src === dst) return;
  const srcServes = SERVER_PORTS.has(src);
  const dstServes = SERVER_PORTS.has(dst);
  // The client's side: the port no dissector serves (or, when both or neither do, the higher one).
  const at = srcServes !== dstServes ? (srcServes ? tcp + 2 : tcp) : src >= dst ? tcp : tcp + 2;
  const port = clientPort((out[at]! << 8) | out[at + 1]!, round);
  out[at] = port >> 8;
  out[at + 1] = port & 0xff;
}

/**
 * Copy `n` of a frame: IPv4 addresses get their third octet XOR-ed with n (new hosts, new
 * streams); in round `round` > 0 of a plant, TCP segments also get a new client port.
 */
function shifted(data: Uint8Array, copy: number, round = 0): Uint8Array {
  const out = new Uint8Array(data);
  let o = 12;
  let type = (out[o]! << 8) | out[o + 1]!;
  while (type === 0x8100 && o + 6 <= out.length) {
    o += 4;
    type = (out[o]! << 8) | out[o + 1]!;
  }
  const ip = o + 2;
  if (type === 0x0800 && out.length >= ip + 20) {
    out[ip + 14] = out[ip + 14]! ^ (copy & 0xff);
    out[ip + 18] = out[ip + 18]! ^ (copy & 0xff);
    out[ip + 13] = out[ip + 13]! ^ ((copy >> 8) & 0xff);
    out[ip + 17] = out[ip + 17]! ^ ((copy >> 8) & 0xff);
    const tcp = ip + (out[ip]! & 0x0f) * 4;
    const firstFragment = (((out[ip + 6]! & 0x1f) << 8) | out[ip + 7]!) === 0;
    if (round > 0 && out[ip + 9] === 6 && firstFragment && out.length >= tcp + 4) shiftClientPort(out, tcp, round);
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
    for (const p of shapes) {
      const data = Number.isFinite(plant) ? shifted(p.data, ((copy - 1) % plant) + 1, Math.floor((copy - 1) / plant)) : shifted(p.data, copy);
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
