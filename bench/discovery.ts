/**
 * Benchmark for passive discovery: builds mixed-ICS captures from the shapes of the real fixture
 * captures (test/discovery/mixed-capture.ts), writes them to files, measures analyseCapture on
 * each in MB/s, and runs `tshark -T fields` on the same files for the side-by-side figures:
 *  - a plant of SIZE MB (default 500): a fixed set of ~1,450 devices talking on, each round's TCP
 *    data new to the dissectors (connections going on, those that close opened again) — a real
 *    site's mirror port, the headline figure;
 *  - the same plant at 50 MB: its peak RSS against the large one's shows memory independent of
 *    the capture's size;
 *  - 50 MB where every copy is new hosts: the worst case, devices and flows growing with the bytes.
 *
 * The measuring is done by a fresh child process (this script with `--measure`), as a user's run
 * would be: the generator's hundreds of MB of garbage would otherwise slow every run down. Its
 * first run (cold: module loading, JIT warm-up, the OUI table) is reported apart from the median
 * of the others (warm), as both matter: cold for a small capture, warm for a multi-GB one.
 *
 *   npx tsx bench/discovery.ts [sizeMB=500] [runs=3]    (pin to one core: taskset -c 1 npx tsx …)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** One capture measured by a fresh process: its cold first run, the median of the warm others, and its summary (counts, heap, peak RSS). */
interface Measured {
  mb: number;
  cold: RunTimes;
  warmSeconds: number;
  warmCpu: number;
  summary: string;
}

function measureInChild(file: string, runs: number): Measured {
  // Same node, same flags (the tsx loader), same CPU affinity: only the heap is fresh.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', file, String(runs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`bench/discovery: the measuring process failed (status ${child.status})`);
  const { times, summary } = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { times: RunTimes[]; summary: string };
  const [cold, ...warm] = times as [RunTimes, ...RunTimes[]];
  return { mb: statSync(file).size / (1024 * 1024), cold, warmSeconds: median(warm.map((t) => t.seconds)), warmCpu: median(warm.map((t) => t.cpu)), summary };
}

function report(label: string, m: Measured): void {
  console.log(`${label}: ${m.mb.toFixed(1)} MB — ${m.summary}`);
  console.log(`  first run in a fresh process (cold): ${m.cold.seconds.toFixed(2)} s = ${(m.mb / m.cold.seconds).toFixed(1)} MB/s, CPU ${m.cold.cpu.toFixed(2)} s = ${(m.mb / m.cold.cpu).toFixed(1)} MB/s of CPU`);
  console.log(`  median of the other runs (warm): ${m.warmSeconds.toFixed(2)} s = ${(m.mb / m.warmSeconds).toFixed(1)} MB/s, CPU ${m.warmCpu.toFixed(2)} s = ${(m.mb / m.warmCpu).toFixed(1)} MB/s of CPU`);
}

/** tshark's median seconds over `runs` runs on the file. */
function tshark(file: string, runs: number): number {
  const theirs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    execFileSync('tshark', ['-r', file, '-T', 'fields', ...TSHARK_IDENTITY_FIELDS.flatMap((f) => ['-e', f])], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    theirs.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(theirs);
}

function writeCapture(file: string, pieces: Iterable<Uint8Array>): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/** Copies of the fixture frames per plant: about 1,450 devices, 2,600 flows (a large site's mirror port). */
const PLANT_COPIES = 16;
const SMALL_MB = 50;

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
  const sizeMb = Number(process.argv[2] ?? 500);
  const runs = Math.max(2, Number(process.argv[3] ?? 3));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-discovery-bench-'));
  try {
    // Loaded here, not at the top: the measuring child needs neither the generator nor the fixtures.
    const { mixedCapturePieces } = await import('../test/discovery/mixed-capture.js');
    const plant = join(dir, 'plant.pcap');
    const plantSmall = join(dir, 'plant-small.pcap');
    const newHosts = join(dir, 'new-hosts.pcap');
    writeCapture(plant, mixedCapturePieces({ targetBytes: sizeMb * 1024 * 1024, plantCopies: PLANT_COPIES }));
    writeCapture(plantSmall, mixedCapturePieces({ targetBytes: SMALL_MB * 1024 * 1024, plantCopies: PLANT_COPIES }));
    writeCapture(newHosts, mixedCapturePieces({ targetBytes: SMALL_MB * 1024 * 1024 }));
    const big = measureInChild(plant, runs);
    report(`plant (the same hosts talking on: connections going on, those that close opened again), ${sizeMb} MB`, big);
    const small = measureInChild(plantSmall, runs);
    report(`plant, ${SMALL_MB} MB (memory against the ${sizeMb} MB one: independent of the capture's size)`, small);
    const worst = measureInChild(newHosts, runs);
    report(`every copy new hosts (devices, flows and memory grow with the capture), ${SMALL_MB} MB`, worst);
    const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
    if (!haveTshark) {
      console.log('tshark: not installed; no side-by-side figure');
      return;
    }
    // tshark runs once on the large capture (minutes), `runs` times on the small ones.
    for (const [label, file, m, tsharkRuns] of [
      [`plant ${sizeMb} MB`, plant, big, 1],
      [`plant ${SMALL_MB} MB`, plantSmall, small, runs],
      [`new hosts ${SMALL_MB} MB`, newHosts, worst, runs],
    ] as const) {
      const seconds = tshark(file, tsharkRuns);
      console.log(
        `tshark -T fields, ${label}: ${tsharkRuns > 1 ? 'median ' : ''}${seconds.toFixed(2)} s = ${(m.mb / seconds).toFixed(1)} MB/s; Bulwark ${(seconds / m.cold.seconds).toFixed(1)}x faster (cold), ${(seconds / m.warmSeconds).toFixed(1)}x (warm)`,
      );
    }
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
