/**
 * Benchmark for passive discovery: builds a large mixed-ICS capture from the shapes of the real
 * fixture captures (each copy shifted to new addresses so that every copy is new hosts and new
 * TCP streams), measures analyseCapture in MB/s (median of 3), and runs `tshark -T fields` on
 * the same file for the side-by-side figure.
 *
 *   npx tsx bench/discovery.ts [sizeMB=100]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureReader } from '../src/discovery/capture/reader.js';
import { analyseCapture } from '../src/discovery/index.js';
import type { CapturedPacket } from '../src/discovery/types.js';
import { fixture, haveFixtures } from '../test/support/fixtures.js';

/** Identity fields asked of tshark (the same ones analyseCapture extracts). */
export const TSHARK_IDENTITY_FIELDS = [
  'frame.number',
  'ip.src',
  'ip.dst',
  'eth.src',
  'modbus.object_str_value',
  'enip.lir.vendor',
  'enip.lir.devtype',
  'enip.lir.prodcode',
  'enip.lir.serial',
  'enip.lir.name',
  's7comm.szl.xy11.0001.index',
  's7comm.szl.001c.0005.serialn',
  'bacapp.vendor_identifier',
  'bacapp.instance_number',
  'dnp3.src',
  'dnp3.dst',
  'iec60870_asdu.addr',
  'iec60870_asdu.typeid',
  'opcua.transport.endpoint',
  'opcua.ApplicationUri',
  'pn_dcp.suboption_device_nameofstation',
  'lldp.tlv.system.name',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function ethernetPcaps(): string[] {
  const root = fixture('pcap');
  const out: string[] = [];
  for (const dir of readdirSync(root)) {
    const path = join(root, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path)) if (file.endsWith('.pcap')) out.push(join(path, file));
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

function buildCapture(path: string, targetBytes: number): number {
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
  for (let copy = 1; size < targetBytes; copy++) {
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
  writeFileSync(path, Buffer.concat(chunks));
  return size;
}

async function main(): Promise<void> {
  if (!haveFixtures) {
    console.error('bench/discovery: the shared fixtures are not present; nothing to build the capture from');
    return;
  }
  const sizeMb = Number(process.argv[2] ?? 100);
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-discovery-bench-'));
  const file = join(dir, 'mixed-ics.pcap');
  try {
    const bytes = buildCapture(file, sizeMb * 1024 * 1024);
    const mb = bytes / (1024 * 1024);
    console.log(`capture: ${file} (${mb.toFixed(1)} MB)`);
    const ours: number[] = [];
    let summary = '';
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      const result = await analyseCapture(createReadStream(file, { highWaterMark: 1024 * 1024 }), { name: 'mixed-ics.pcap' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      ours.push(seconds);
      summary = `${result.captures[0]?.frames} frames, ${result.devices.length} devices, ${result.flows.length} flows, ${result.problems.length} problems; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`;
    }
    const oursSeconds = median(ours);
    console.log(`analyseCapture: median ${oursSeconds.toFixed(2)} s = ${(mb / oursSeconds).toFixed(1)} MB/s  (${summary})`);
    const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
    if (!haveTshark) {
      console.log('tshark: not installed; no side-by-side figure');
      return;
    }
    const theirs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      execFileSync('tshark', ['-r', file, '-T', 'fields', ...TSHARK_IDENTITY_FIELDS.flatMap((f) => ['-e', f])], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
      theirs.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const tsharkSeconds = median(theirs);
    console.log(`tshark -T fields: median ${tsharkSeconds.toFixed(2)} s = ${(mb / tsharkSeconds).toFixed(1)} MB/s`);
    console.log(`speed-up: ${(tsharkSeconds / oursSeconds).toFixed(1)}x`);
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
