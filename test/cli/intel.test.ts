import { expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { runCli } from '../support/cli.js';
import { describeEachDialect } from '../support/stores.js';

describeEachDialect('bulwark intel CLI', (h) => {
  it('imports files and directories, reports rejected documents with exit 2, shows status and one CVE', { timeout: 300_000 }, () => {
    const db = ['--db', h.location];
    const r = runCli([...db, 'intel', 'import', fixture('kev'), fixture('cve5', 'CVE-2023-20198.json'), '--json']);
    // The KEV folder also holds the catalog's JSON schema, which is not intelligence: rejected, exit 2.
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ imported: 2, rejected: 1 });
    expect(report.documents.find((d: { status: string }) => d.status === 'rejected').name).toMatch(/schema\.json$/);

    const status = JSON.parse(runCli([...db, 'intel', 'status', '--json']).stdout);
    expect(status.counts.kev).toBeGreaterThan(1300);

    const show = runCli([...db, 'intel', 'show', 'cve-2023-20198']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/KEV: added 2023-10-16, due 2023-10-20/);
    expect(show.stdout).toMatch(/exploitation active, automatable yes, technical impact total/);
    expect(runCli([...db, 'intel', 'show', 'CVE-1900-0001']).code).toBe(2);
    expect(runCli([...db, 'intel', 'import', '/does/not/exist']).code).toBe(2);
  });
});
