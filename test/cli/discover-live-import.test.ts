import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { fixture, haveFixtures, repoRoot } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

const S7 = fixture('pcap', 's7comm', 'iti-s7comm_reading_plc_status.pcap');
const dir = mkdtempSync(join(tmpdir(), 'bulwark-dumpcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for dumpcap: records its arguments, writes the capture named by FAKE_DUMPCAP_CAPTURE to
 * standard output, then (FAKE_DUMPCAP_WAIT=1) waits to be stopped by SIGINT like dumpcap does, or
 * (FAKE_DUMPCAP_DENY=1) fails the way dumpcap fails without capture privileges.
 */
const FAKE = join(dir, 'dumpcap');
writeFileSync(
  FAKE,
  `#!${process.execPath}
const fs = require('node:fs');
fs.writeFileSync(process.env.FAKE_DUMPCAP_ARGS, JSON.stringify(process.argv.slice(2)));
if (process.env.FAKE_DUMPCAP_DENY) {
  process.stderr.write("dumpcap: The capture session could not be initiated on interface 'eth0' (You don't have permission to capture on that device).\\n");
  process.exit(2);
}
process.stdout.write(fs.readFileSync(process.env.FAKE_DUMPCAP_CAPTURE), () => {
  if (!process.env.FAKE_DUMPCAP_WAIT) return;
  process.on('SIGINT', () => { fs.writeFileSync(process.env.FAKE_DUMPCAP_ARGS + '.stopped', 'SIGINT'); process.exit(0); });
  fs.writeFileSync(process.env.FAKE_DUMPCAP_ARGS + '.ready', 'ready');
  setInterval(() => undefined, 1000);
});
`,
);
chmodSync(FAKE, 0o755);

let runs = 0;
function fakeEnv(extra: Record<string, string> = {}): { env: Record<string, string>; argsFile: string } {
  const argsFile = join(dir, `args-${++runs}.json`);
  return { argsFile, env: { BULWARK_DUMPCAP: FAKE, FAKE_DUMPCAP_ARGS: argsFile, FAKE_DUMPCAP_CAPTURE: S7, ...extra } };
}

describe.skipIf(!haveFixtures)('bulwark discover --live', { timeout: 300_000 }, () => {
  it('runs dumpcap with the interface, duration and count, and analyses its output', () => {
    const { env, argsFile } = fakeEnv();
    const r = runCli(['discover', '--live', 'eth0', '--duration', '30', '--count', '1000', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual(['-i', 'eth0', '-w', '-', '-q', '-a', 'duration:30', '-c', '1000']);
    const result = JSON.parse(r.stdout);
    expect(result.captures).toEqual([expect.objectContaining({ name: 'live:eth0', frames: 240, complete: true })]);
    expect(result.devices.find((d: { vendor: string | null }) => d.vendor === 'Siemens')).toMatchObject({ firmware: 'V3.2.6', kind: 'plc' });
    expect(result.flows[0]).toMatchObject({ protocol: 's7comm', port: 102 });
  });

  it('stops dumpcap on Ctrl-C (SIGINT) and prints what was captured', async () => {
    const { env, argsFile } = fakeEnv({ FAKE_DUMPCAP_WAIT: '1' });
    const child = spawn(process.execPath, [...CLI, 'discover', '--live', 'eth1'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!existsSync(`${argsFile}.ready`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`${argsFile}.ready`)).toBe(true);
    // Give the CLI a moment to read what dumpcap wrote, then press Ctrl-C.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(0);
    expect(readFileSync(`${argsFile}.stopped`, 'utf8')).toBe('SIGINT');
    expect(stderr).toContain('stopping the capture');
    expect(stdout).toMatch(/IM151-8 PN\/DP CPU/);
    expect(stdout).toMatch(/2 device\(s\), 2 flow\(s\) from 1 capture\(s\), 240 frame\(s\)/);
  });

  it('explains a missing dumpcap and a permission error (exit 1), and refuses bad usage (exit 2)', () => {
    const missing = runCli(['discover', '--live', 'eth0'], { env: { BULWARK_DUMPCAP: join(dir, 'no-such-dumpcap') } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('apt-get install tshark');
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const notExecutable = join(dir, 'not-executable');
    writeFileSync(notExecutable, 'not a program');
    const denied = runCli(['discover', '--live', 'eth0'], { env: { BULWARK_DUMPCAP: notExecutable } });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/permission denied/);

    const { env } = fakeEnv({ FAKE_DUMPCAP_DENY: '1' });
    const noPrivileges = runCli(['discover', '--live', 'eth0'], { env });
    expect(noPrivileges.code).toBe(1);
    expect(noPrivileges.stderr).toContain("You don't have permission to capture on that device");
    expect(noPrivileges.stderr).toContain('setcap cap_net_raw,cap_net_admin=eip');

    expect(runCli(['discover', '--live', 'eth0', S7], { env }).code).toBe(2);
    expect(runCli(['discover', '--live', 'eth0', '--duration', 'soon'], { env }).code).toBe(2);
    expect(runCli(['discover', S7, '--count', '5']).code).toBe(2);
    expect(runCli(['discover']).code).toBe(2);
    expect(runCli(['discover', S7, '--site', 'X']).code).toBe(2);
  });
});

describeEachDialect('bulwark discover --import', (h) => {
  it.skipIf(!haveFixtures)('imports the devices of files and of a live capture, prints the report and the events', { timeout: 300_000 }, async () => {
    const first = runCli(['--db', h.location, 'discover', S7, '--import', '--site', 'Water', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.devices.length).toBe(2);
    expect(result.import.report).toMatchObject({ source: 'iti-s7comm_reading_plc_status.pcap', created: 2, updated: 0, unchanged: 0 });
    expect(result.import.events.map((e: { kind: string }) => e.kind)).toEqual(['new-device', 'new-device']);
    expect(result.import.events[0].detail.captures).toEqual([S7]);

    const text = runCli(['--db', h.location, 'discover', S7, '--import', '--site', 'Water']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('imported into the inventory from iti-s7comm_reading_plc_status.pcap: 0 created, 0 updated, 2 unchanged; 0 event(s)');

    const patched = Buffer.from(readFileSync(S7));
    patched[patched.indexOf(Buffer.from([0x56, 0x03, 0x02, 0x06])) + 3] = 0x09;
    const upgradedFile = join(dir, `upgraded-${h.dialect}.pcap`);
    writeFileSync(upgradedFile, patched);
    const { env } = fakeEnv({ FAKE_DUMPCAP_CAPTURE: upgradedFile });
    const live = runCli(['--db', h.location, 'discover', '--live', 'eth0', '--count', '240', '--import', '--site', 'Water'], { env });
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toContain('imported into the inventory from live:eth0: 0 created, 1 updated, 1 unchanged; 1 event(s)');
    expect(live.stdout).toContain('firmware-changed IM151-8-CPU: firmware "V3.2.6" → "V3.2.9"');

    const list = runCli(['--db', h.location, 'assets', 'list', '--json', '--vendor', 'Siemens']);
    expect(JSON.parse(list.stdout).items?.[0]?.firmware ?? JSON.parse(list.stdout)[0]?.firmware).toBe('V3.2.9');
  });
});
