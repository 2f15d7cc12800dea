/**
 * Benchmark for passive discovery: builds a large mixed-ICS capture from the shapes of the real
 * fixture captures (each copy shifted to new addresses so that every copy is new hosts and new
 * TCP streams), writes it to a file, measures analyseCapture on that file in MB/s, and runs
 * `tshark -T fields` on the same file for the side-by-side figure.
 *
 * The measuring is done by a fresh child process (this script with `--measure`), as a user's run
 * would be: the generator's hundreds of MB of garbage would otherwise slow every run down. Its
 * first run (cold: module loading, JIT warm-up, the OUI table) is reported apart from the median
 * of the others (warm), as both matter: cold for a small capture, warm for a multi-GB one.
 *
 *   npx tsx bench/discovery.ts [sizeMB=100] [runs=5]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseCapture } from '../src/discovery/index.js';

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

/** One run's wall and CPU (user + system) seconds: on a shared machine wall time also counts waiting for a core. */
interface RunTimes {
  seconds: number;
  cpu: number;
}

/** `--measure FILE RUNS` (the child process): analyses the file RUNS times and prints the times as JSON. */
async function measure(file: string, runs: number): Promise<void> {
  const times: RunTimes[] = [];
  let summary = '';
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const result = await analyseCapture(createReadStream(file, { highWaterMark: 1024 * 1024 }), { name: 'mixed-ics.pcap' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    times.push({ seconds, cpu: (cpu.user + cpu.system) / 1e6 });
    summary = `${result.captures[0]?.frames} frames, ${result.devices.length} devices, ${result.flows.length} flows, ${result.problems.length} problems; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  }
  process.stdout.write(`${JSON.stringify({ times, summary })}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') {
    await measure(process.argv[3] as string, Number(process.argv[4]));
    return;
  }
  const { haveFixtures } = await import('../test/support/fixtures.js');
  if (!haveFixtures) {
    console.error('bench/discovery: the shared fixtures are not present; nothing to build the capture from');
    return;
  }
  const sizeMb = Number(process.argv[2] ?? 100);
  const runs = Math.max(2, Number(process.argv[3] ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-discovery-bench-'));
  const file = join(dir, 'mixed-ics.pcap');
  try {
    const { mixedCapture } = await import('../test/discovery/mixed-capture.js');
    writeFileSync(file, mixedCapture({ targetBytes: sizeMb * 1024 * 1024 }));
    const mb = statSync(file).size / (1024 * 1024);
    console.log(`capture: ${file} (${mb.toFixed(1)} MB)`);
    // Same node, same flags (the tsx loader), same CPU affinity: only the heap is fresh.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', file, String(runs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`bench/discovery: the measuring process failed (status ${child.status})`);
    const { times, summary } = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { times: RunTimes[]; summary: string };
    const [cold, ...warm] = times as [RunTimes, ...RunTimes[]];
    const warmSeconds = median(warm.map((t) => t.seconds));
    const warmCpu = median(warm.map((t) => t.cpu));
    console.log(`analyseCapture, first run (cold): ${cold.seconds.toFixed(2)} s = ${(mb / cold.seconds).toFixed(1)} MB/s, CPU ${cold.cpu.toFixed(2)} s = ${(mb / cold.cpu).toFixed(1)} MB/s of CPU`);
    console.log(
      `analyseCapture, median of the ${warm.length} other runs (warm): ${warmSeconds.toFixed(2)} s = ${(mb / warmSeconds).toFixed(1)} MB/s, CPU ${warmCpu.toFixed(2)} s = ${(mb / warmCpu).toFixed(1)} MB/s of CPU  (${summary})`,
    );
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
    console.log(`speed-up: ${(tsharkSeconds / cold.seconds).toFixed(1)}x (cold), ${(tsharkSeconds / warmSeconds).toFixed(1)}x (warm)`);
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
