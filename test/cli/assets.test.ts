import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/stores.js';
import { runCli } from '../support/cli.js';

const CSV = [
  'name,kind,vendor,model,firmware,ip,mac,site,zone,purdue_level,criticality,external_id,panel',
  'PLC-01,plc,Siemens,S7-1500,V2.9.4,10.1.1.10,00:1b:1b:01:02:03,Water,Filtration,1,critical,A-1,P1',
  'HMI-01,hmi,Rockwell Automation,PanelView Plus 7,12.011,10.1.2.20,,Water,SCADA,2,high,A-2,',
].join('\n');

describeEachDialect('bulwark assets CLI', (h) => {
  it('imports (dry run, then real), lists as JSON, shows provenance, exports and re-imports', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
    const file = join(dir, 'plant.csv');
    writeFileSync(file, CSV);
    // The store handle keeps its own connection; the CLI opens the same database.
    const db = ['--db', h.location];

    const dry = runCli([...db, 'assets', 'import', file, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/2 would be created/);
    expect(JSON.parse(runCli([...db, 'assets', 'list', '--json']).stdout)).toEqual([]);

    const real = runCli([...db, 'assets', 'import', file, '--json']);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ created: 2, dryRun: false });

    const list = JSON.parse(runCli([...db, 'assets', 'list', '--json', '--kind', 'plc']).stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'PLC-01', externalId: 'A-1', kind: 'plc', vendor: 'Siemens', firmware: 'V2.9.4', ips: ['10.1.1.10'],
      macs: ['00:1b:1b:01:02:03'], site: 'Water', zone: 'Filtration', purdueLevel: '1', criticality: 'critical', custom: { panel: 'P1' },
    });
    expect(Object.keys(list[0])).toEqual(expect.arrayContaining(['id', 'hardwareVersion', 'serial', 'hostname', 'owner', 'country', 'cpes', 'purls', 'tags']));

    const show = runCli([...db, 'assets', 'show', 'A-1']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/firmware\s*│\s*V2\.9\.4\s*│\s*import: plant\.csv/);
    const shown = JSON.parse(runCli([...db, 'assets', 'show', list[0].id, '--json']).stdout);
    expect(shown.provenance.firmware.sourceName).toBe('plant.csv');

    const exported = runCli([...db, 'assets', 'export', '--format', 'csv']);
    expect(exported.code).toBe(0);
    const again = runCli([...db, 'assets', 'import', '-', '--json'], { input: exported.stdout });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('exits 2 with every problem listed for bad input, and 2 for bad usage', { timeout: 300_000 }, async () => {
    const db = ['--db', h.location];
    const bad = runCli([...db, 'assets', 'import', '-'], { input: 'name,kind,ip\nA,plc,1.2.3\nB,robot,\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 2, column ip: invalid IP "1.2.3"/);
    expect(bad.stderr).toMatch(/line 3, column kind: unknown kind "robot"/);
    expect(runCli([...db, 'assets', 'show', 'nope']).code).toBe(2);
    expect(runCli([...db, 'assets', 'list', '--kind', 'toaster']).code).toBe(2);
    expect(runCli([...db, 'frobnicate']).code).toBe(2);
    expect(runCli([...db, 'assets', 'import', '/nonexistent/file.csv']).code).toBe(2);
  });
});

it('exits 1 when the database cannot be opened', () => {
  const r = runCli(['--db', 'postgres://nobody@127.0.0.1:1/none', 'assets', 'list']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/cannot connect to PostgreSQL/);
});
