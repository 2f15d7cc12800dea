/**
 * The recompute's bulk paths against the explained path, on a generated estate (both databases):
 * every stored assessment agrees with the finding page's live assessment (assessFinding from the
 * same inputs), the merged record read for risk is mergeVulnerability's, and the two write paths
 * (rows upserted one by one, or all replaced with the queue indexes built again) store the same
 * rows. The estate has more than 1,000 assets (the one-statement asset read), random CVSS vectors
 * without stated scores, KEV, CISA ADP SSVC, CSAF threats and fixes, zone and site overrides
 * (one of a vulnerability-side input) and remediation states.
 */
import { expect, it } from 'vitest';
import { createRng } from '../../src/demo/prng.js';
import { mergeVulnerability } from '../../src/engine/intel/merge.js';
import { DECISIONS } from '../../src/engine/risk/index.js';
import type { VulnerabilityRecord } from '../../src/model/intel.js';
import { changeRemediation } from '../../src/services/remediation.js';
import { findingRisk, recomputeRisk, riskQueue } from '../../src/services/risk.js';
import { mergedRecord } from '../../src/services/risk-intel.js';
import { insertRows } from '../../src/store/bulk.js';
import type { Store } from '../../src/store/database.js';
import { cvssVectors } from '../../bench/risk-vectors.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const ASSETS = 1_200;
const VULNERABILITIES = 150;
const FINDINGS = 3_000;
const NOW = '2026-01-15T00:00:00.000Z';
const day = (offset: number): string => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const cveId = (i: number) => `CVE-2024-${String(i).padStart(5, '0')}`;

async function generate(store: Store): Promise<VulnerabilityRecord[]> {
  const rng = createRng(8);
  const random = rng.next;
  const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
  const { v31, v40, v2 } = cvssVectors(pick);
  const org = ORG.orgId;
  const records: VulnerabilityRecord[] = [];
  await store.db.transaction().execute(async (trx) => {
    const raw = store.sqlite;
    await insertRows(trx, raw, 'sites', Array.from({ length: 5 }, (_, s) => ({ id: `s${s}`, org_id: org, name: `Site ${s}`, created_at: NOW })));
    await insertRows(trx, raw, 'zones', Array.from({ length: 20 }, (_, z) => ({ id: `z${z}`, site_id: `s${z % 5}`, name: `Zone ${z}`, purdue_level: null, created_at: NOW })));
    const kinds = ['plc', 'rtu', 'hmi', 'ews', 'historian', 'server', 'workstation', 'ied', 'sis', 'network', 'gateway', 'drive', 'sensor', 'other'];
    await insertRows(
      trx,
      raw,
      'assets',
      Array.from({ length: ASSETS }, (_, i) => {
        const custom = random() < 0.3 ? { exposure: pick(['open', 'controlled', 'small', 'sideways']) } : random() < 0.2 ? { 'internet-exposed': pick(['yes', 'no', 'maybe']) } : {};
        // A few assets without a site or zone.
        const zone = i % 50 === 7 ? null : i % 20;
        return {
          id: `a${i}`, org_id: org, tlp: 'AMBER+STRICT', name: `asset-${i}`, kind: pick(kinds), vendor: 'Vendor', model: `M${i % 7}`, firmware: `V${1 + (i % 9)}.${i % 7}`,
          hardware_version: null, serial: null, hostname: null, site_id: zone === null ? null : `s${zone % 5}`, zone_id: zone === null ? null : `z${zone}`, purdue_level: null,
          criticality: pick(['low', 'medium', 'high', 'critical', null]), owner: null, country: null, external_id: `X-${i}`, ips: '[]', macs: '[]', cpes: '[]', purls: '[]',
          tags: random() < 0.05 ? '["safety"]' : '[]', custom: JSON.stringify(custom), provenance: '{}', search_text: '', created_at: NOW, updated_at: NOW,
        };
      }),
    );
    const vulnerabilities: Record<string, unknown>[] = [];
    const sources: Record<string, unknown>[] = [];
    for (let i = 0; i < VULNERABILITIES; i++) {
      const id = cveId(i);
      const published = Math.floor(random() * 700);
      const metrics: Record<string, unknown>[] = [{ version: '3.1', vector: v31(), type: 'secondary', assessor: 'nvd@nist.gov', source: { kind: 'nvd-api' } }];
      if (random() < 0.5) metrics.push({ version: '4.0', vector: v40(), type: 'primary', assessor: 'vendor', source: { kind: 'cve5' } });
      if (random() < 0.2) metrics.push({ version: '2.0', vector: v2(), type: 'secondary', assessor: 'nvd@nist.gov', source: { kind: 'nvd-api' } });
      // A stated score (sometimes wrong) on a few.
      if (random() < 0.1) metrics.push({ version: '3.1', vector: v31(), baseScore: pick([5, 7.5, 9.8]), type: 'primary', assessor: 'vendor', source: { kind: 'cve5' } });
      const kev = random() < 0.1 ? { dateAdded: day(published + 30), dueDate: day(published + 51), source: { kind: 'kev' } } : undefined;
      const ssvc =
        random() < 0.6
          ? { exploitation: pick(['none', 'public poc', 'active']), automatable: pick(['yes', 'no']), technicalImpact: pick(['partial', 'total']), version: '2.0.3', timestamp: `${day(published + 5)}T12:00:00Z`, raw: {}, source: { kind: 'cve5', provider: 'CISA-ADP' } }
          : undefined;
      const record = { id, aliases: [], descriptions: [], published: day(published), status: 'published', tags: [], cwes: [], references: [], metrics, kev, ssvc, source: { kind: 'cve5' } };
      records.push(record as unknown as VulnerabilityRecord);
      vulnerabilities.push({
        id, title: `Vulnerability ${i}`, description: null, published: day(published), last_modified: null, status: 'published', cvss_score: null, cvss_version: null,
        cvss_vector: null, cvss_severity: null, cvss_assessor: null, epss_score: random() < 0.8 ? random() ** 3 : null, epss_percentile: random(), epss_date: '2025-09-03', epss_model: 'v2025.03.14',
        in_kev: kev ? 1 : 0, kev_date_added: kev?.dateAdded ?? null, kev_due_date: kev?.dueDate ?? null, ssvc_exploitation: ssvc?.exploitation ?? null,
        aliases: '[]', sources: '["cve5"]', summary: '{}', search_text: id.toLowerCase(), updated_at: NOW,
      });
      sources.push({ vulnerability_id: id, source_key: 'cve5', source_kind: 'cve5', document: null, record: JSON.stringify(record), content_hash: id, imported_at: NOW });
    }
    await insertRows(trx, raw, 'vulnerabilities', vulnerabilities);
    await insertRows(trx, raw, 'vulnerability_sources', sources);
    const advisories: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    for (let a = 0; a < 10; a++) {
      const vulns = Array.from({ length: 5 }, (_, k) => cveId(a * 5 + k));
      const record = {
        id: `ICSA-T-${a}`, title: `Advisory ${a}`, category: 'csaf_security_advisory', notes: [], references: [], products: [], productGroups: [], source: { kind: 'csaf' },
        vulnerabilities: vulns.map((cve) => ({
          id: cve, cve, ids: [], cwes: [], notes: [], productStatus: {}, threats: [], flags: [], scores: [],
          remediations: [{ category: 'vendor_fix', details: 'Update to V9.9 or later', productIds: ['P1'], groupIds: [], fixedVersion: 'V9.9' }],
          exploitStatus: random() < 0.5 ? [{ details: pick(['Exploited in the wild.', 'A proof-of-concept exploit is publicly available.', 'No known public exploitation has been reported.']), productIds: [], date: '2024-06-01' }] : [],
        })),
      };
      advisories.push({ id: record.id, category: record.category, title: record.title, publisher: 'CISA', tlp: 'WHITE', released: '2024-06-01', version: '1', vulnerability_count: 5, product_count: 1, record: JSON.stringify(record), document: '{}', content_hash: record.id, imported_at: NOW });
      for (const v of vulns) links.push({ advisory_id: record.id, vulnerability_id: v });
    }
    await insertRows(trx, raw, 'advisories', advisories);
    await insertRows(trx, raw, 'advisory_vulnerabilities', links);
    await insertRows(
      trx,
      raw,
      'findings',
      Array.from({ length: FINDINGS }, (_, i) => {
        const asset = i % ASSETS;
        const v = (Math.floor(random() ** 2 * (VULNERABILITIES / 3)) * 3 + Math.floor(i / ASSETS)) % VULNERABILITIES;
        // Timestamps with and without a zone, a date only, and one unreadable.
        const seen = pick([`${day(Math.floor(random() * 700))}T10:00:00.000Z`, `${day(Math.floor(random() * 700))}T23:30:00-05:00`, day(Math.floor(random() * 700)), i === 5 ? 'not a date' : `${day(3)}T00:00:00Z`]);
        return {
          id: `f${String(i).padStart(5, '0')}`, org_id: org, tlp: 'AMBER+STRICT', target_id: `a:a${asset}`, target_kind: 'asset', target_name: `asset-${asset}`,
          asset_id: `a${asset}`, sbom_id: null, component_idx: null, vulnerability_id: cveId(v), status: 'affected', confidence: 'exact', decided_by: 2, user_decided: 0,
          reason: 'test', justification: null, evidence: '[]', content_hash: 'h', first_seen: seen, last_seen: NOW, resolved_at: null, updated_at: NOW,
        };
      }),
    );
    const override = (id: string, scope: string, scopeId: string, input: string, value: string, vulnerabilityId: string | null = null) => ({
      id, org_id: org, scope, scope_id: scopeId, input, value, vulnerability_id: vulnerabilityId, reason: 'test', created_by: 'ot', created_at: NOW, updated_by: null, updated_at: null,
    });
    await insertRows(trx, raw, 'risk_overrides', [
      override('o1', 'zone', 'z3', 'exposure', 'controlled'),
      override('o2', 'site', 's1', 'publicWellbeing', 'material'),
      override('o3', 'zone', 'z4', 'exploitation', 'active'),
      override('o4', 'site', 's2', 'technicalImpact', 'partial', cveId(1)),
      override('o5', 'asset', 'a10', 'missionPrevalence', 'essential'),
    ]);
  });
  return records;
}

type Row = Record<string, unknown>;

async function storedRows(store: Store): Promise<Row[]> {
  const rows = await store.db.selectFrom('risk_assessments').selectAll().where('org_id', '=', ORG.orgId).orderBy('finding_id').execute();
  return rows.map(({ computed_at: _c, ...r }) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x) && k !== 'finding_id' ? Number(x) : x])));
}

describeEachDialect('risk recompute at scale agrees with the explained path', (h) => {
  it('stores what assessFinding says for every finding, writes the same rows either way, merges records as mergeVulnerability', { timeout: 240_000 }, async () => {
    const records = await generate(h.store);
    for (const record of records) {
      const statements = [{ key: 'cve5', record }];
      expect(mergedRecord(record.id, statements)).toEqual(mergeVulnerability(record.id, statements, null).record);
    }

    const now = new Date(NOW);
    const first = await recomputeRisk(h.store, ORG, { now, indexRebuildRows: 10 ** 9 });
    expect(first.summary.findings).toBe(FINDINGS);
    expect(first.summary.assets).toBe(ASSETS);
    // A few remediation states (their rows are rewritten with the state, score and queue membership).
    const ids = (await storedRows(h.store)).map((r) => String(r.finding_id));
    await changeRemediation(h.store, ORG, ids[3]!, { to: 'mitigated' }, { by: 'ot', now });
    await changeRemediation(h.store, ORG, ids[4]!, { to: 'planned', owner: 'ot', dueDate: '2026-02-01' }, { by: 'ot', now });
    await changeRemediation(h.store, ORG, ids[5]!, { to: 'risk-accepted', reason: 'replacement due', expiresAt: '2026-06-01T00:00:00Z' }, { by: 'ot', approver: 'ciso', now });
    await recomputeRisk(h.store, ORG, { now });
    const upserted = await storedRows(h.store);

    // Every other stored row against the finding page's live assessment.
    for (const row of upserted.filter((_, i) => i % 2 === 0)) {
      const view = await findingRisk(h.store, ORG, String(row.finding_id), now);
      const a = view.assessment;
      expect({ id: row.finding_id, decision: DECISIONS[Number(row.decision)], risk: Number(row.risk), state: row.state }).toEqual({
        id: row.finding_id, decision: a.ssvc.decision, risk: a.risk.score, state: a.state,
      });
      expect(view.stored).toMatchObject({ decision: a.ssvc.decision, risk: a.risk.score });
      expect(row.policy_due ?? null).toBe(a.policy.dueDate ?? null);
      expect(row.bod_due ?? null).toBe(a.bod.dueDate ?? null);
    }

    // The same rows through the other write path (all replaced, indexes rebuilt).
    await h.store.db.deleteFrom('risk_assessments').where('org_id', '=', ORG.orgId).execute();
    await h.store.db.deleteFrom('risk_runs').where('org_id', '=', ORG.orgId).execute();
    // Twice, as above: a finding with an unreadable first sighting gets its policy clock (today) from its first run.
    await recomputeRisk(h.store, ORG, { now, indexRebuildRows: 0 });
    await recomputeRisk(h.store, ORG, { now, indexRebuildRows: 0 });
    const replaced = await storedRows(h.store);
    expect(replaced.length).toBe(upserted.length);
    for (let i = 0; i < replaced.length; i++) expect(replaced[i]).toEqual(upserted[i]);
    const queue = await riskQueue(h.store, ORG, { limit: 50, offset: 0, now });
    expect(queue.items.length).toBe(50);
  });
});
