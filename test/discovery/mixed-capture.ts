/**
 * Builds a large mixed-ICS pcap from the shapes of the real fixture captures: every Ethernet
 * frame of every fixture, copied again and again with the IPv4 addresses and source MAC shifted
 * per copy, so that each copy is new hosts and new TCP streams. Used by bench/discovery.ts and by
 * the golden tests (a few copies), so that the benchmark's workload is pinned by a test.
 */
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

/** Copy `n` of a frame: IPv4 addresses get their third octet XOR-ed with n (new hosts, new streams). */
function shifted(data: Uint8Array, copy: number): Uint8Array {
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
  }
  // Distinct source MACs per copy too, so the copies are distinct hosts.
  out[10] = out[10]! ^ (copy & 0xff);
  out[9] = out[9]! ^ ((copy >> 8) & 0xff);
  return out;
}

/**
 * A pcap (microsecond, Ethernet) of at least `targetBytes` bytes, or of exactly `copies` copies
 * of the fixture frames when `copies` is given.
 */
export function mixedCapture(options: { targetBytes?: number; copies?: number }): Uint8Array {
  const shapes = ethernetPcaps().flatMap(readPackets);
  const chunks: Uint8Array[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  chunks.push(header);
  let size = 24;
  let time = 1_700_000_000;
  const done = (copy: number): boolean => (options.copies !== undefined ? copy > options.copies : size >= (options.targetBytes ?? 0));
  for (let copy = 1; !done(copy); copy++) {
    for (const p of shapes) {
      const data = shifted(p.data, copy);
      const record = Buffer.alloc(16);
      time += 0.0001;
      record.writeUInt32LE(Math.floor(time), 0);
      record.writeUInt32LE(Math.floor((time % 1) * 1e6), 4);
      record.writeUInt32LE(data.length, 8);
      record.writeUInt32LE(Math.max(p.originalLength, data.length), 12);
      chunks.push(record, data);
      size += 16 + data.length;
    }
  }
  return Buffer.concat(chunks);
}
