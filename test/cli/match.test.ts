import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-match-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADVISORY = fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json');
const PLANT = 'name,kind,vendor,model,firmware,external_id\nplc-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,P1\nrtu-1,rtu,Rockwell Automation,ControlLogix 5580,33.011,R1\n';

describeEachDialect('bulwark match, findings and scan', (h) => {
  it('matches, lists findings as documented JSON, explains, rejects and scans with a CI gate', { timeout: 300_000 }, () => {
    const db = ['--db', h.location];
    const plant = join(dir, `plant-${h.dialect}.csv`);
    writeFileSync(plant, PLANT);
    expect(runCli([...db, 'intel', 'import', ADVISORY]).code).toBe(0);
    expect(runCli([...db, 'assets', 'import', plant]).code).toBe(0);

    const match = runCli([...db, 'match', '--json']);
    expect(match.code, match.stderr).toBe(0);
    expect(JSON.parse(match.stdout)).toMatchObject({ mode: 'full', targets: { assets: 2, components: 0 }, findings: { created: 2 } });
    const oneThread = runCli([...db, 'match', '--full', '--workers', '0', '--json']);
    expect(oneThread.code, oneThread.stderr).toBe(0);
    expect(JSON.parse(oneThread.stdout)).toMatchObject({ mode: 'full', workers: 0, findings: { created: 0, unchanged: 2 } });
    const badWorkers = runCli([...db, 'match', '--workers', 'many']);
    expect(badWorkers.code).toBe(2);
    expect(badWorkers.stderr).toMatch(/--workers expects/);

    const list = runCli([...db, 'findings', 'list', '--json', '--status', 'affected']);
    expect(list.code, list.stderr).toBe(0);
    const findings = JSON.parse(list.stdout) as Array<{ id: string; vulnerability: { id: string; aliases: unknown }; evidence: unknown[] }>;
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f).toMatchObject({ asset: { name: 'plc-1', externalId: 'P1' }, status: 'affected', confidence: 'version-range-name' });
      expect(f.vulnerability.id).toMatch(/^CVE-2019-109(29|43)$/);
      expect(Array.isArray(f.vulnerability.aliases)).toBe(true);
      expect(f.evidence[0]).toMatchObject({ matcher: 'csaf', source: { advisoryId: 'ICSA-19-344-06' } });
    }
    expect(JSON.parse(runCli([...db, 'findings', 'list', '--json', '--kev']).stdout)).toEqual([]);

    const explain = runCli([...db, 'findings', 'explain', findings[0]!.id]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/evidence:\n1\. \[csaf\] affected/);
    expect(explain.stdout).toMatch(/version: V2\.6\.1 vs .* → in range/);

    const reject = runCli([...db, 'findings', 'reject', findings[0]!.id, '--reason', 'not installed', '--json']);
    expect(reject.code, reject.stderr).toBe(0);
    expect(JSON.parse(reject.stdout)).toMatchObject({ status: 'not_affected', decision: { decision: 'reject', reason: 'not installed' } });
    expect(runCli([...db, 'findings', 'explain', 'no-such-finding']).code).toBe(2);
    expect(runCli([...db, 'findings', 'list', '--status', 'bogus']).code).toBe(2);

    // Scan: nothing is imported; the gate trips on a CVSS ≥ 7 only, so "high" passes here (5.3 and 7.5 are the advisory's scores).
    const scan = runCli([...db, 'scan', plant, '--format', 'json']);
    expect(scan.code, scan.stderr).toBe(0);
    const result = JSON.parse(scan.stdout);
    expect(result).toMatchObject({ kind: 'inventory', targets: 2 });
    expect(result.findings.filter((f: { status: string }) => f.status === 'affected')).toHaveLength(2);
    const sarif = runCli([...db, 'scan', plant, '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
    const high = Math.max(...result.findings.map((f: { vulnerability: { cvssScore: number | null } }) => f.vulnerability.cvssScore ?? 0));
    expect(runCli([...db, 'scan', plant, '--fail-on', 'high']).code).toBe(high >= 7 ? 3 : 0);
    expect(runCli([...db, 'scan', plant, '--fail-on', 'kev']).code).toBe(0);
    expect(runCli([...db, 'scan', join(dir, 'missing.csv')]).code).toBe(2);
  });
});
