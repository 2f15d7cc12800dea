import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';

it('bulwark discover reads captures from files and standard input and reports devices and flows', { timeout: 180_000 }, () => {
  const s7 = fixture('pcap', 's7comm', 'icsnpp-s7ident.pcap');
  const fromFile = runCli(['discover', s7, '--json']);
  expect(fromFile.code, fromFile.stderr).toBe(0);
  const result = JSON.parse(fromFile.stdout);
  const plc = result.devices.find((d: { protocols: string[] }) => d.protocols.includes('s7comm'));
  expect(plc).toMatchObject({ vendor: 'Siemens', model: 'CPU 315-2 PN/DP', firmware: 'V3.2.6', kind: 'plc' });
  expect(result.flows[0]).toMatchObject({ protocol: 's7comm', port: 102 });

  const fromStdin = runCli(['discover', '-', '--json'], { input: readFileSync(s7) });
  expect(JSON.parse(fromStdin.stdout).devices).toEqual(result.devices.map((d: { evidence: { capture: string }[] }) => ({
    ...d,
    evidence: d.evidence.map((e) => ({ ...e, capture: 'stdin' })),
  })));

  const garbage = runCli(['discover', '-', '--json'], { input: randomBytes(4096) });
  expect(garbage.code).toBe(0);
  expect(JSON.parse(garbage.stdout).problems.length).toBeGreaterThan(0);
  expect(runCli(['discover', '/nonexistent.pcap']).code).toBe(2);
});
