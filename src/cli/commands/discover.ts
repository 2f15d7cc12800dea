import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { DiscoverySession } from '../../discovery/index.js';
import { formatIssue, InputError } from '../../model/errors.js';
import { printJson, printTable } from '../output.js';

export function registerDiscoverCommand(program: Command): void {
  program
    .command('discover')
    .description('passive OT asset discovery: analyse pcap/pcapng captures (files, or - for standard input)')
    .argument('<captures...>', 'capture files, or - to read one capture from standard input (tcpdump -w - | bulwark discover -)')
    .option('--json', 'print {captures, devices, flows, problems} as JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const session = new DiscoverySession();
      for (const path of paths) {
        if (path === '-') {
          await session.addCapture(process.stdin, { name: 'stdin' });
          continue;
        }
        try {
          if (!(await stat(path)).isFile()) throw new Error('not a file');
        } catch {
          throw new InputError(`cannot read capture ${path}`, { code: 'unreadable-file' });
        }
        await session.addCapture(createReadStream(path), { name: path });
      }
      const result = session.result();
      if (opts.json) return printJson(result);
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
    });
}
