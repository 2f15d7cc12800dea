import { spawn } from 'node:child_process';
import { createReadStream, openAsBlob, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { DiscoverySession, type CaptureSummary, type DiscoveryResult } from '../../discovery/index.js';
import { BulwarkError, formatIssue, InputError } from '../../model/errors.js';
import { importDiscovery, type DiscoveryImportResult } from '../../services/discovery.js';
import type { AssetEvent } from '../../store/repositories/events.js';
import { resolveTarget, withTarget, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import type { UploadFile } from '../remote/client.js';

/** Bytes per read of a capture file. */
const CAPTURE_READ_BYTES = 1024 * 1024;

interface DiscoverOptions {
  json?: boolean;
  live?: string;
  duration?: string;
  count?: string;
  import?: boolean;
  site?: string;
}

export interface LiveCapture {
  iface: string;
  duration?: number;
  count?: number;
}

const INSTALL_HINT = 'install it with `apt-get install tshark` (Debian/Ubuntu; it provides dumpcap) or point BULWARK_DUMPCAP at it';
const PERMISSION_HINT =
  'capturing needs privileges: add your user to the wireshark group (`sudo dpkg-reconfigure wireshark-common`, then `sudo usermod -aG wireshark $USER`) ' +
  'or give dumpcap the capabilities (`sudo setcap cap_net_raw,cap_net_admin=eip $(command -v dumpcap)`)';

function positiveInteger(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new InputError(`${flag} needs a positive whole number, not "${raw}"`, { code: 'bad-usage' });
  }
  return Number(raw);
}

/** The dumpcap arguments for a live capture written as pcapng to standard output. */
export function dumpcapArgs(live: LiveCapture): string[] {
  const args = ['-i', live.iface, '-w', '-', '-q'];
  if (live.duration !== undefined) args.push('-a', `duration:${live.duration}`);
  if (live.count !== undefined) args.push('-c', String(live.count));
  return args;
}

/**
 * Runs dumpcap (`$BULWARK_DUMPCAP`, default `dumpcap` on PATH) and analyses its pcapng output as it
 * arrives. Ctrl-C (SIGINT) or SIGTERM stops dumpcap; what was captured until then is analysed.
 */
export async function captureLive(session: DiscoverySession, live: LiveCapture): Promise<CaptureSummary> {
  const command = process.env.BULWARK_DUMPCAP || 'dumpcap';
  const child = spawn(command, dumpcapArgs(live), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  const finished = new Promise<{ error?: NodeJS.ErrnoException; code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ error, code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      // A second Ctrl-C: dumpcap did not stop, so end it.
      child.kill('SIGKILL');
      return;
    }
    stopping = true;
    process.stderr.write('stopping the capture…\n');
    child.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const reading = session.addCapture(child.stdout, { name: `live:${live.iface}` }).then(
      (summary) => ({ summary }),
      (error: unknown) => ({ error }),
    );
    const outcome = await finished;
    if (outcome.error) {
      child.stdout.destroy();
      if (outcome.error.code === 'ENOENT') {
        throw new BulwarkError('dumpcap-missing', `cannot run ${command}: not found; ${INSTALL_HINT}`);
      }
      if (outcome.error.code === 'EACCES' || outcome.error.code === 'EPERM') {
        throw new BulwarkError('capture-permission', `cannot run ${command}: permission denied; ${PERMISSION_HINT}`);
      }
      throw new BulwarkError('capture-failed', `cannot run ${command}: ${outcome.error.message}`);
    }
    const read = await reading;
    if ('error' in read) throw read.error;
    const clean = outcome.code === 0 || (stopping && (outcome.signal !== null || outcome.code === 130 || outcome.code === 143));
    if (!clean) {
      const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
      if (/permission|not permitted|operation not permitted|EPERM|EACCES/i.test(stderr)) {
        throw new BulwarkError('capture-permission', `dumpcap cannot capture on ${live.iface}${said ? `: ${said}` : ''}; ${PERMISSION_HINT}`);
      }
      throw new BulwarkError(
        'capture-failed',
        `dumpcap ${outcome.signal ? `was ended by ${outcome.signal}` : `exited with code ${outcome.code}`} while capturing on ${live.iface}${said ? `: ${said}` : ''}`,
      );
    }
    return read.summary;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function printEvents(events: AssetEvent[]): void {
  for (const e of events.slice(0, 50)) {
    const what = e.detail.changes
      .filter((c) => e.kind !== 'new-device' || ['kind', 'vendor', 'model', 'firmware'].includes(c.attribute))
      .map((c) => (e.kind === 'new-device' ? `${c.attribute} ${String(c.after)}` : `${c.attribute} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`))
      .join(', ');
    process.stdout.write(`  ${e.kind} ${e.assetName ?? e.assetId}${what ? `: ${what}` : ''}\n`);
  }
  if (events.length > 50) process.stdout.write(`  … and ${events.length - 50} more (use --json for all)\n`);
}

function printImport(imported: DiscoveryImportResult): void {
  const r = imported.report;
  process.stdout.write(`imported into the inventory from ${r.source}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ${imported.events.length} event(s)\n`);
  printEvents(imported.events);
  const skipped = imported.devices.filter((d) => d.action === 'skipped');
  for (const d of skipped.slice(0, 20)) process.stderr.write(`  skipped ${d.device}: ${d.reason}\n`);
  for (const p of imported.problems.slice(0, 20)) process.stderr.write(`  ${formatIssue(p)}${p.code ? ` [${p.code}]` : ''}\n`);
}

function printResult(result: DiscoveryResult): void {
  printTable(
    ['ip', 'mac', 'kind', 'vendor', 'model', 'firmware', 'serial', 'protocols'],
    result.devices.map((d) => [d.ips.join(' '), d.macs.join(' '), d.kind, d.vendor, d.model, d.firmware, d.serial, d.protocols.join(' ')]),
  );
  printTable(
    ['client', 'server', 'protocol', 'port', 'packets', 'bytes', 'operations'],
    result.flows.map((f) => [f.client, f.server, f.protocol, f.port, f.packets, f.bytes, f.operations.join(' ')]),
  );
  const frames = result.captures.reduce((n, c) => n + c.frames, 0);
  process.stdout.write(`${result.devices.length} device(s), ${result.flows.length} flow(s) from ${result.captures.length} capture(s), ${frames} frame(s); ${result.problems.length} problem(s)\n`);
  for (const p of result.problems.slice(0, 20)) process.stderr.write(`  ${formatIssue(p)} [${p.code}]\n`);
}

export function registerDiscoverCommand(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command('discover')
    .description('passive OT asset discovery: analyse pcap/pcapng captures (files, - for standard input, or --live IFACE)')
    .argument('[captures...]', 'capture files, or - to read one capture from standard input (tcpdump -w - | bulwark discover -)')
    .option('--live <iface>', 'capture live on this interface with dumpcap ($BULWARK_DUMPCAP, default dumpcap); Ctrl-C stops and prints the result')
    .option('--duration <seconds>', 'with --live: stop after this many seconds')
    .option('--count <n>', 'with --live: stop after this many packets')
    .option('--import', 'merge the discovered devices into the inventory (source kind discovery) and record new or changed devices as events')
    .option('--site <site>', 'with --import: the site of the discovered devices')
    .option('--json', 'print {captures, devices, flows, problems} (and import: {report, events, devices, problems}) as JSON')
    .action(async (paths: string[], opts: DiscoverOptions) => {
      if (opts.live !== undefined && paths.length > 0) throw new InputError('give capture files or --live IFACE, not both', { code: 'bad-usage' });
      if (opts.live === undefined && paths.length === 0) throw new InputError('give capture files, - for standard input, or --live IFACE', { code: 'bad-usage' });
      if (opts.live !== undefined && opts.live.trim() === '') throw new InputError('--live needs an interface name', { code: 'bad-usage' });
      if (opts.live === undefined && (opts.duration !== undefined || opts.count !== undefined)) {
        throw new InputError('--duration and --count apply to --live only', { code: 'bad-usage' });
      }
      if (opts.site !== undefined && !opts.import) throw new InputError('--site applies to --import only', { code: 'bad-usage' });
      const duration = positiveInteger('--duration', opts.duration);
      const count = positiveInteger('--count', opts.count);

      // Against a server, --import uploads the captures (the server merges them); the analysis shown stays local.
      const remoteImport = opts.import === true && resolveTarget(globals()).mode === 'remote';
      if (remoteImport && opts.live !== undefined) {
        throw new InputError('--live --import works on a local database only: capture to a file (dumpcap -w FILE) and run bulwark discover FILE --import, or give --db', { code: 'local-only' });
      }
      const uploads: UploadFile[] = [];
      const session = new DiscoverySession();
      if (opts.live !== undefined) {
        await captureLive(session, { iface: opts.live, duration, count });
      }
      for (const path of paths) {
        if (path === '-') {
          if (remoteImport) {
            const bytes = readFileSync(0);
            uploads.push({ name: 'stdin', data: new Blob([bytes]) });
            await session.addCapture(Readable.from([bytes]), { name: 'stdin' });
          } else await session.addCapture(process.stdin, { name: 'stdin' });
          continue;
        }
        try {
          if (!(await stat(path)).isFile()) throw new Error('not a file');
        } catch {
          throw new InputError(`cannot read capture ${path}`, { code: 'unreadable-file' });
        }
        // 1 MiB reads: with the default 64 KiB, a multi-GB capture takes 1.7x as long on one core
        // (each read is a hand-off to the file thread and back).
        await session.addCapture(createReadStream(path, { highWaterMark: CAPTURE_READ_BYTES }), { name: path });
        if (remoteImport) uploads.push({ name: basename(path), data: await openAsBlob(path) });
      }
      const result = session.result();
      const imported = opts.import
        ? await withTarget(globals(), {
            local: (store, scope) => importDiscovery(store, result, { scope, site: opts.site }),
            remote: async (api) => (await api.upload<{ import: DiscoveryImportResult }>('/api/discovery/analyse', uploads, { import: true, site: opts.site })).import,
          })
        : undefined;
      if (opts.json) return printJson(imported ? { ...result, import: imported } : result);
      printResult(result);
      if (imported) printImport(imported);
    });
}
