import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { importIntel, type IntelInput } from '../../src/services/intel.js';
import { getAdvisory, getVulnerability, intelStatus, listAdvisories, listVulnerabilities } from '../../src/store/repositories/intel.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

const file = (...parts: string[]): IntelInput => ({ name: parts[parts.length - 1]!, bytes: readFileSync(fixture(...parts)) });
const epss = (date: string, rows: string) =>
  ({ name: `epss-${date}.csv`, bytes: Buffer.from(`#model_version:v2025.03.14,score_date:${date}T00:00:00Z\ncve,epss,percentile\n${rows}`) }) satisfies IntelInput;

describeEachDialect('intelligence import', (h) => {
  it('merges NVD and CVE 5 statements about one CVE, keeping each source, and is idempotent', async () => {
    const r = await importIntel(h.store, [file('nvd', 'fkie-cad', 'CVE-2023-1935.json'), file('cve5', 'CVE-2023-1935.json')]);
    expect(r.documents.map((d) => [d.kind, d.status])).toEqual([['nvd-api', 'imported'], ['cve5', 'imported']]);
    const v = (await getVulnerability(h.store.db, 'CVE-2023-1935'))!;
    expect(v.sources).toEqual(['cve5', 'nvd']);
    expect(v.record.metrics.length).toBeGreaterThan(0);
    expect(v.record.metrics.every((m) => m.source.kind === 'nvd-api' || m.source.kind === 'cve5')).toBe(true);
    expect(v.cvss).not.toBeNull();
    expect(v.specs.map((s) => s.kind).sort()).toEqual(expect.arrayContaining(['cpe-config', 'cve5-affected']));
    const again = await importIntel(h.store, [file('nvd', 'fkie-cad', 'CVE-2023-1935.json')]);
    expect(again.documents[0]!.status).toBe('unchanged');
    expect((await intelStatus(h.store.db)).counts.vulnerabilities).toBe(1);
  });

  it('imports the KEV catalog and records when a known CVE enters KEV', async () => {
    await importIntel(h.store, [file('cve5', 'CVE-2023-20198.json')], { now: '2026-01-01T00:00:00Z' });
    expect((await getVulnerability(h.store.db, 'CVE-2023-20198'))!.events.map((e) => e.kind)).toEqual(['kev-added']);
    const r = await importIntel(h.store, [file('kev', 'known_exploited_vulnerabilities.json')], { now: '2026-02-01T00:00:00Z' });
    expect(r.documents[0]).toMatchObject({ kind: 'kev', status: 'imported', records: 1404 });
    const status = await intelStatus(h.store.db);
    expect(status.counts.kev).toBeGreaterThan(1300);
    expect(status.sources.map((s) => s.source)).toEqual(['cve5', 'kev']);
    const old = (await getVulnerability(h.store.db, 'CVE-2020-0601'))!;
    expect(old.kev).toMatchObject({ dateAdded: '2021-11-03', dueDate: '2020-01-29' });
    const kevOnly = await listVulnerabilities(h.store.db, { kev: true, limit: 5, offset: 0, sort: 'id' });
    expect(kevOnly.total).toBe(status.counts.kev);
  });

  it('stores CSAF advisories with their product statuses and the original document; rejects invalid ones', { timeout: 180_000 }, async () => {
    const r = await importIntel(h.store, [file('csaf', 'cisa-ot', 'icsa-24-046-01.json'), file('csaf', 'vex', 'redhat-CVE-2023-20862.json')]);
    expect(r.documents.map((d) => d.status)).toEqual(['imported', 'rejected']);
    expect(r.documents[1]!.issues.some((i) => /6[._]1[._]16/.test(i.message))).toBe(true);
    const list = await listAdvisories(h.store.db, { limit: 10, offset: 0 });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: 'ICSA-24-046-01', vulnerabilityCount: 14, productCount: 3 });
    const adv = (await getAdvisory(h.store.db, 'ICSA-24-046-01'))!;
    expect(JSON.parse(adv.document).document.tracking.id).toBe('ICSA-24-046-01');
    const cve = adv.record.vulnerabilities[0]!.cve!;
    const v = (await getVulnerability(h.store.db, cve))!;
    expect(v.advisories.map((a) => a.id)).toEqual(['ICSA-24-046-01']);
    expect(v.specs.some((s) => s.kind === 'csaf-product' && s.status === 'affected')).toBe(true);
  });

  it('keeps EPSS history, updates the latest score and records threshold crossings', async () => {
    await importIntel(h.store, [file('cve5', 'CVE-2023-20198.json')]);
    await importIntel(h.store, [epss('2026-11-01', 'CVE-2023-20198,0.05,0.90\nCVE-1999-0001,0.01,0.10\n')]);
    await importIntel(h.store, [epss('2026-11-02', 'CVE-2023-20198,0.93,0.99\n')]);
    const v = (await getVulnerability(h.store.db, 'CVE-2023-20198'))!;
    expect(v.epss).toMatchObject({ score: 0.93, percentile: 0.99, date: '2026-11-02' });
    expect(v.epssHistory.map((e) => e.score)).toEqual([0.05, 0.93]);
    expect(v.events.map((e) => e.kind)).toContain('epss-threshold');
    const high = await listVulnerabilities(h.store.db, { minEpss: 0.5, limit: 10, offset: 0 });
    expect(high.items.map((i) => i.id)).toEqual(['CVE-2023-20198']);
  });

  it('resolves OSV aliases to the CVE and serves either id', async () => {
    const r = await importIntel(h.store, [file('osv', 'ghsa', readFirst('osv', 'ghsa'))]);
    expect(r.documents[0]!.status).toBe('imported');
    const id = (await listVulnerabilities(h.store.db, { limit: 1, offset: 0 })).items[0]!;
    for (const alias of [id.id, ...id.aliases]) expect((await getVulnerability(h.store.db, alias))?.id).toBe(id.id);
  });

  it('rejects unreadable documents with a reason and keeps what it had', async () => {
    await importIntel(h.store, [file('cve5', 'CVE-2023-20198.json')]);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const r = await importIntel(
      h.store,
      [
        { name: 'broken.json', bytes: Buffer.from('{"cveMetadata": {"cveId": "CVE-2024-1",') },
        { name: 'hello.txt', bytes: Buffer.from('hello') },
        { name: 'deep.json', bytes: Buffer.from('['.repeat(10_000) + ']'.repeat(10_000)) },
        { name: 'bomb.json.gz', bytes: bomb },
        { name: 'truncated.json.gz', bytes: gzipSync(Buffer.from('{"a":1}')).subarray(0, 10) },
      ],
      { maxBytes: 16 * 1024 * 1024 },
    );
    expect(r.documents.map((d) => d.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const d of r.documents) expect(d.issues[0]!.message.length).toBeGreaterThan(10);
    expect((await intelStatus(h.store.db)).counts.vulnerabilities).toBe(1);
  });
});

function readFirst(...parts: string[]): string {
  return readdirSync(fixture(...parts)).filter((f) => f.endsWith('.json')).sort()[0]!;
}

describeEachDialect('streamed NVD feed import', (h) => {
  it('streams a feed in batches, and an interrupted feed keeps what landed and says where it broke', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { importIntelFile } = await import('../../src/services/intel.js');
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-nvd-'));
    const page = readFileSync(fixture('nvd', 'vunnel-api-pages', 'full-page-38-records.json'));
    writeFileSync(join(dir, 'page.json'), page);
    const ok = await importIntelFile(h.store, join(dir, 'page.json'), { streamThresholdBytes: 0 });
    expect(ok).toMatchObject({ status: 'imported', kind: 'nvd-api', records: 38 });
    expect((await intelStatus(h.store.db)).counts.vulnerabilities).toBe(38);
    expect((await importIntelFile(h.store, join(dir, 'page.json'), { streamThresholdBytes: 0 })).status).toBe('unchanged');

    const text = page.toString('utf8');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, Math.floor(text.length * 0.6)));
    const cut = await importIntelFile(h.store, join(dir, 'cut.json'), { streamThresholdBytes: 0 });
    expect(cut.status).toBe('rejected');
    expect(cut.issues[0]!.message).toMatch(/records before this point were kept/);
  });
});

describeEachDialect('every real intelligence fixture', (h) => {
  it('imports, except the documents a person would also reject', { timeout: 120_000 }, async () => {
    const { readdirSync: list, statSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of list(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(json|csv|gz)$/.test(name)) files.push(full);
      }
    };
    for (const folder of ['nvd', 'cve5', 'kev', 'csaf', 'osv']) walk(fixture(folder));
    const r = await importIntel(h.store, files.map((f) => ({ name: relative(fixture(), f), bytes: readFileSync(f) })));
    const rejected = Object.fromEntries(r.documents.filter((d) => d.status === 'rejected').map((d) => [d.name, d.issues.map((i) => i.message).join(' | ')]));
    expect(Object.keys(rejected).sort()).toEqual([
      // Red Hat's VEX documents state tracking.version 1 with a later revision: CSAF mandatory test 6.1.16 fails.
      'csaf/vex/redhat-CVE-2023-20862.json',
      'csaf/vex/redhat-cve-2023-0044.json',
      // The KEV catalog's JSON schema is not intelligence.
      'kev/known_exploited_vulnerabilities_schema.json',
    ]);
    expect(rejected['csaf/vex/redhat-cve-2023-0044.json']).toMatch(/6_1_16.*version does not match latest revision/);
    expect(rejected['kev/known_exploited_vulnerabilities_schema.json']).toMatch(/not a KEV catalog/);
    expect(r.imported).toBe(files.length - 3);
    const status = await intelStatus(h.store.db);
    expect(status.counts.kev).toBe(1404);
    expect(status.counts.advisories).toBeGreaterThanOrEqual(39);
  });
});

describeEachDialect('OSV per-ecosystem zip archives', (h) => {
  it('imports every record of an all.zip, reports a bad entry, and refuses zip bombs', async () => {
    const { makeZip } = await import('../support/zip.js');
    const dir = fixture('osv', 'ghsa');
    const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().slice(0, 3);
    const zip = makeZip([
      ...names.map((n) => ({ name: `GHSA/${n}`, content: readFileSync(join(dir, n)) })),
      { name: 'broken.json', content: '{"id": ' },
      { name: 'README.txt', content: 'not a record' },
    ]);
    const r = await importIntel(h.store, [{ name: 'all.zip', bytes: zip }]);
    expect(r.documents[0]).toMatchObject({ kind: 'zip', status: 'imported', records: 3 });
    expect(r.documents[0]!.issues.some((i) => i.file === 'all.zip!broken.json')).toBe(true);
    expect((await intelStatus(h.store.db)).counts.vulnerabilities).toBe(3);

    const bomb = makeZip([{ name: 'a.json', content: Buffer.alloc(32 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(100_000);
    const refused = await importIntel(h.store, [{ name: 'bomb.zip', bytes: bomb }, { name: 'junk.zip', bytes: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]) }], { maxBytes: 8 * 1024 * 1024 });
    expect(refused.documents.map((d) => d.status)).toEqual(['rejected', 'rejected']);
    expect(refused.documents[0]!.issues[0]!.message).toMatch(/limit/);
    expect((await intelStatus(h.store.db)).counts.vulnerabilities).toBe(3);
  });
});
