/**
 * Benchmark for passive discovery: builds a large mixed-ICS capture from the shapes of the real
 * fixture captures (each copy shifted to new addresses so that every copy is new hosts and new
 * TCP streams), measures analyseCapture in MB/s (median of 5 runs), and runs `tshark -T fields` on
 * the same file for the side-by-side figure.
 *
 *   npx tsx bench/discovery.ts [sizeMB=100] [runs=5]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseCapture } from '../src/discovery/index.js';
import { mixedCapture } from '../test/discovery/mixed-capture.js';
import { haveFixtures } from '../test/support/fixtures.js';

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

async function main(): Promise<void> {
  if (!haveFixtures) {
    console.error('bench/discovery: the shared fixtures are not present; nothing to build the capture from');
    return;
  }
  const sizeMb = Number(process.argv[2] ?? 100);
  const runs = Math.max(1, Number(process.argv[3] ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-discovery-bench-'));
  const file = join(dir, 'mixed-ics.pcap');
  try {
    const capture = mixedCapture({ targetBytes: sizeMb * 1024 * 1024 });
    writeFileSync(file, capture);
    const bytes = capture.length;
    const mb = bytes / (1024 * 1024);
    console.log(`capture: ${file} (${mb.toFixed(1)} MB)`);
    const ours: number[] = [];
    // CPU time (user + system) too: on a shared machine wall time also counts waiting for a core.
    const oursCpu: number[] = [];
    let summary = '';
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      const result = await analyseCapture(createReadStream(file, { highWaterMark: 1024 * 1024 }), { name: 'mixed-ics.pcap' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const cpu = process.cpuUsage(cpuStart);
      ours.push(seconds);
      oursCpu.push((cpu.user + cpu.system) / 1e6);
      summary = `${result.captures[0]?.frames} frames, ${result.devices.length} devices, ${result.flows.length} flows, ${result.problems.length} problems; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
    }
    const oursSeconds = median(ours);
    const oursCpuSeconds = median(oursCpu);
    console.log(`analyseCapture: median ${oursSeconds.toFixed(2)} s = ${(mb / oursSeconds).toFixed(1)} MB/s, CPU ${oursCpuSeconds.toFixed(2)} s = ${(mb / oursCpuSeconds).toFixed(1)} MB/s of CPU  (${summary})`);
    const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
    if (!haveTshark) {
      console.log('tshark: not installed; no side-by-side figure');
      return;
    }
    const theirs: number[] = [];
    for (let run = 0; run < runs; run++) {
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
