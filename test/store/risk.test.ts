/**
 * Risk end to end through the store on both databases: real KEV, CVE 5 + CISA ADP and CSAF
 * documents and a small inventory, matched, recomputed into the work queue; overrides, the policy,
 * plans, mitigations, acceptances that lapse, verification by observed firmware, "applied before
 * exploitation", rollups and their trend; bad input made explicit; organisations kept apart.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError } from '../../src/model/errors.js';
import { organisationScope } from '../../src/model/scope.js';
import { createOrganisation } from '../../src/services/auth/accounts.js';
import { listAudit } from '../../src/services/audit.js';
import { importIntel } from '../../src/services/intel.js';
import { importInventoryFile } from '../../src/services/inventory.js';
import { runMatch } from '../../src/services/matching.js';
import {
  addRemediationEvidence,
  changeRemediation,
  createRemediationPlan,
  getRemediation,
  listRemediationBoard,
  listRemediationPlans,
} from '../../src/services/remediation.js';
import {
  createRiskOverride,
  deleteRiskOverride,
  exploitationRates,
  findingRisk,
  listRiskOverrides,
  recomputeRisk,
  riskDeadlines,
  riskQueue,
  riskRollups,
  riskTrend,
  setRiskPolicy,
  updateRiskOverride,
} from '../../src/services/risk.js';
import { DECISIONS } from '../../src/engine/risk/index.js';
import { fixture } from '../support/fixtures.js';
import { assetId, buildPlant, CSAF, daysFromNow, findingOf, PLANT_CSV, zoneId } from '../support/risk-plant.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const page = { limit: 100, offset: 0 };
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, n: number) => day(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));

describeEachDialect('risk through the store', (h) => {
  it('turns imported intelligence and inventory into a prioritised work queue with explained decisions', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG);
    const first = await recomputeRisk(h.store, ORG);
    expect(first.summary).toMatchObject({ findings: 78, baseline: true, events: 0, written: 78, removed: 0 });
    expect(first.summary.byDecision).toMatchObject({ Act: 1, Attend: 3 });
    expect(Object.values(first.summary.byDecision).reduce((a, b) => a + b, 0)).toBe(78);

    const q = await riskQueue(h.store, ORG, page);
    expect(q).toMatchObject({ total: 78, totalExact: true, counts: { Act: 1, Attend: 3 }, mode: 'organisation' });
    expect(q.items[0]).toMatchObject({ decision: 'Act', vulnerability: { id: 'CVE-2023-27997', kev: true, kevDueDate: '2023-07-04' }, asset: { name: 'ape-north' }, site: { name: 'North' }, state: 'open', exposed: true });
    // Act first, then Attend, Track*, Track; inside a decision by due date, then risk.
    const rank = (d: string) => DECISIONS.indexOf(d as never);
    for (let i = 1; i < q.items.length; i++) {
      const [a, b] = [q.items[i - 1]!, q.items[i]!];
      expect(rank(a.decision)).toBeGreaterThanOrEqual(rank(b.decision));
      if (a.decision === b.decision) expect((a.deadline.dueDate ?? '9') <= (b.deadline.dueDate ?? '9')).toBe(true);
    }
    const page2 = await riskQueue(h.store, ORG, { limit: 3, offset: 2 });
    expect(page2.items.map((i) => i.findingId)).toEqual(q.items.slice(2, 5).map((i) => i.findingId));

    const north = await riskQueue(h.store, ORG, { site: 'north', decisions: ['Act', 'Attend'], ...page });
    expect(north.site?.name).toBe('North');
    expect(north.items.every((i) => i.site?.name === 'North' && ['Act', 'Attend'].includes(i.decision))).toBe(true);
    expect(north.total).toBe(3);
    await expect(riskQueue(h.store, ORG, { site: 'Atlantis', ...page })).rejects.toBeInstanceOf(NotFoundError);

    // Overdue and due-soon against stored due days: a year on, every dated deadline has passed.
    expect((await riskDeadlines(h.store, ORG, 'overdue', page)).total).toBe(0);
    const later = await riskDeadlines(h.store, ORG, 'overdue', { ...page, now: daysFromNow(400) });
    expect(later.total).toBe(78);
    const dues = later.items.map((i) => i.deadline.dueDate!);
    expect(dues).toEqual([...dues].sort());
    expect(later.items[0]!.deadline.status).toBe('overdue');
    const soon = await riskDeadlines(h.store, ORG, 'due-soon', page);
    expect(soon.items.map((i) => i.decision)).toEqual(['Act']);

    // The finding page: every input with its rule and source, both deadlines, the actions.
    const act = await findingRisk(h.store, ORG, q.items[0]!.findingId);
    const why = act.assessment.rationale.join('\n');
    expect(why).toContain('listed in CISA KEV → active');
    expect(why).toContain('CISA ADP Automatable = yes');
    expect(why).toContain('asset exposure attribute = open');
    expect(why).toContain('CISA Coordinator v2.0.3: (active, yes, total, medium) → Act');
    expect(act.assessment.bod).toMatchObject({ cell: 'KEV yes · exposed yes · Automatable yes · Technical Impact total', forensicTriage: true, kevDueDate: '2023-07-04', days: 3 });
    expect(act.assessment.policy).toMatchObject({ days: 7, dueDate: q.items[0]!.deadline.dueDate });
    expect(act.recommendedActions[0]).toMatchObject({ category: 'vendor_fix', fixedVersion: 'V7.4.1', advisories: ['ICSA-24-074-11'] });
    expect(act.recommendedActions.map((a) => a.category)).toContain('mitigation');
    expect(act.firmwareVerdict).toMatchObject({ result: false });
    expect(act.scores.cvss.preferred?.source.kind).toBeDefined();
    expect(act.scores.cvss.all.length).toBeGreaterThan(0);
    expect(act.exploitationEvidence.map((e) => e.kind)).toContain('kev');
    expect(act.stored).toMatchObject({ decision: 'Act', state: 'open' });

    // ape-south: `internet-exposed` no → controlled: the BOD row changes, not the exposure rule.
    const south = await findingRisk(h.store, ORG, await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-south'));
    expect(south.assessment.exposure).toMatchObject({ value: 'controlled', used: 'controlled' });
    expect(south.assessment.bod.cell).toContain('exposed no');
    expect(south.decision).toBe('Attend');

    // BOD 26-04 governs when the policy says so: 3 days from first sighting (after KEV dateAdded).
    await setRiskPolicy(h.store, ORG, { name: 'federal', mode: 'bod-26-04', slaDays: { Act: 7, Attend: 30, 'Track*': 90, Track: 180 } }, 'tester');
    await recomputeRisk(h.store, ORG);
    const bod = await riskQueue(h.store, ORG, { limit: 1, offset: 0 });
    expect(bod.mode).toBe('bod-26-04');
    expect(bod.items[0]!.deadline).toMatchObject({ governing: 'bod-26-04', dueDate: addDays(q.items[0]!.firstSeen.slice(0, 10), 3), bod: { forensicTriage: true } });

    // Nothing changed: nothing is rewritten.
    const again = await recomputeRisk(h.store, ORG);
    expect(again.summary).toMatchObject({ written: 0, removed: 0, derivedVulnerabilities: 0, baseline: false });

    // A large write rebuilds the queue indexes (here from the first row): the queue reads the same.
    await setRiskPolicy(h.store, ORG, { name: 'default', slaDays: { Act: 7, Attend: 30, 'Track*': 90, Track: 180 } }, 'tester');
    expect((await recomputeRisk(h.store, ORG, { indexRebuildRows: 1 })).summary.written).toBe(78);
    expect((await riskQueue(h.store, ORG, page)).items.map((i) => i.findingId)).toEqual(q.items.map((i) => i.findingId));
  });

  it('applies overrides (audited by who, when, why), plans a vulnerability across assets, tracks mitigations and verification', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG);
    await recomputeRisk(h.store, ORG);
    const southFinding = await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-south');
    const northFinding = await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-north');

    // Zone-level exposure and an asset-level Mission Prevalence.
    const cell = await zoneId(h.store, ORG, 'South', 'Cell');
    const zoneOverride = await createRiskOverride(h.store, ORG, { scope: 'zone', scopeId: cell, input: 'exposure', value: 'open', reason: 'remote access through the vendor VPN' }, 'alice');
    expect(zoneOverride).toMatchObject({ targetName: 'South / Cell', createdBy: 'alice', reason: 'remote access through the vendor VPN' });
    const south = await assetId(h.store, ORG, 'ape-south');
    const mission = await createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: south, input: 'missionPrevalence', value: 'minimal', reason: 'spare' }, 'alice');
    const updated = await updateRiskOverride(h.store, ORG, mission.id, { value: 'essential', reason: 'carries the SCADA link' }, 'bob');
    expect(updated.before.value).toBe('minimal');
    expect(updated.after).toMatchObject({ value: 'essential', updatedBy: 'bob', reason: 'carries the SCADA link' });
    await expect(createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: south, input: 'exposure', value: 'sometimes', reason: 'x' }, 'alice')).rejects.toMatchObject({ code: 'invalid-override' });
    await expect(createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: south, input: 'exposure', value: 'open', reason: '' }, 'alice')).rejects.toBeInstanceOf(InputError);
    await expect(createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: 'no-such-asset', input: 'exposure', value: 'open', reason: 'x' }, 'alice')).rejects.toBeInstanceOf(NotFoundError);
    await expect(createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: south, input: 'exploitation', value: 'active', vulnerabilityId: 'CVE-0000-0000', reason: 'x' }, 'alice')).rejects.toMatchObject({ code: 'unknown-vulnerability' });
    expect((await listRiskOverrides(h.store, ORG)).map((o) => o.input).sort()).toEqual(['exposure', 'missionPrevalence']);

    await recomputeRisk(h.store, ORG);
    const view = await findingRisk(h.store, ORG, southFinding);
    expect(view.decision).toBe('Act');
    expect(view.assessment.exposure).toMatchObject({ used: 'open', override: { scope: 'zone', by: 'alice', reason: 'remote access through the vendor VPN' } });
    expect(view.assessment.ssvc.missionPrevalence).toMatchObject({ used: 'essential', override: { by: 'bob' } });
    expect(view.assessment.bod.cell).toContain('exposed yes');
    // 27997 and 41328 (active, total) on an essential asset: Act.
    expect((await riskQueue(h.store, ORG, page)).counts.Act).toBe(3);
    await deleteRiskOverride(h.store, ORG, mission.id);
    expect((await listRiskOverrides(h.store, ORG)).map((o) => o.id)).toEqual([zoneOverride.id]);

    // One vulnerability across both assets at once.
    const plan = await createRemediationPlan(h.store, ORG, { vulnerabilityId: 'CVE-2023-27997', owner: 'ot-team', dueDate: '2030-01-31', action: 'update NGFW to V7.4.1' }, 'alice');
    expect(plan.changed).toHaveLength(2);
    expect(plan.plan).toMatchObject({ vulnerabilityId: 'CVE-2023-27997', owner: 'ot-team', findings: 2, states: { planned: 2 } });
    expect((await listRemediationPlans(h.store, ORG, page)).items.map((p) => p.id)).toEqual([plan.plan.id]);
    const planned = (await riskQueue(h.store, ORG, page)).items.find((i) => i.findingId === northFinding)!;
    expect(planned).toMatchObject({ state: 'planned', remediation: { owner: 'ot-team', planId: plan.plan.id } });
    await expect(createRemediationPlan(h.store, ORG, { vulnerabilityId: 'CVE-2023-27997', owner: 'x', dueDate: 'soon' }, 'alice')).rejects.toMatchObject({ code: 'invalid-due-date' });

    // A mitigation before KEV listed it (2023-06-13) counts as "before"; a remediation today "after".
    await changeRemediation(h.store, ORG, northFinding, { to: 'mitigated', appliedAt: '2023-06-01T08:00:00Z', note: 'SSL-VPN disabled' }, { by: 'alice', evidence: { text: 'change ticket CHG-1', url: 'https://tickets.example/CHG-1' } });
    await changeRemediation(h.store, ORG, southFinding, { to: 'remediated' }, { by: 'bob' });
    await expect(changeRemediation(h.store, ORG, southFinding, { to: 'mitigated' }, { by: 'bob' })).rejects.toBeInstanceOf(ConflictError);
    await expect(changeRemediation(h.store, ORG, northFinding, { to: 'remediated', appliedAt: daysFromNow(2).toISOString() }, { by: 'bob' })).rejects.toMatchObject({ code: 'applied-in-future' });
    const queueAfter = await riskQueue(h.store, ORG, page);
    expect(queueAfter.items.map((i) => i.findingId)).not.toContain(northFinding);
    const rates = await exploitationRates(h.store, ORG, { from: '2023-01-01', to: daysFromNow(1).toISOString() });
    expect(rates.organisation[0]).toMatchObject({ before: 1, after: 1, rate: 0.5 });
    expect(rates.site.map((s) => [s.group, s.before, s.after])).toEqual([['North', 1, 0], ['South', 0, 1]]);
    expect(rates.actions.find((a) => a.findingId === northFinding)).toMatchObject({ outcome: 'before' });

    const withEvidence = await addRemediationEvidence(h.store, ORG, northFinding, { text: 'photo of the firewall rule' }, 'carol');
    expect(withEvidence.evidence.map((e) => e.text)).toEqual(['change ticket CHG-1', 'photo of the firewall rule']);
    expect(withEvidence.history.map((e) => e.to)).toEqual(['planned', 'mitigated']);
    await expect(addRemediationEvidence(h.store, ORG, northFinding, { text: 'x', url: 'javascript:alert(1)' }, 'carol')).rejects.toMatchObject({ code: 'invalid-url' });

    // The firmware on ape-south reaches the fixed version: every open finding the fix covers is verified.
    const otherSouth = await findingOf(h.store, ORG, 'CVE-2022-41328', 'ape-south');
    await importInventoryFile(h.store, Buffer.from('name,model,vendor,firmware,external_id\nape-south,RUGGEDCOM APE1808,Siemens,V7.4.1,A2\n'), { scope: ORG, sourceName: 'survey.csv' });
    const verified = await getRemediation(h.store, ORG, southFinding);
    expect(verified).toMatchObject({ state: 'verified', verification: { by: 'system', observedVersion: 'V7.4.1', fixedVersion: 'V7.4.1' } });
    expect(verified.history.map((e) => e.to)).toEqual(['planned', 'remediated', 'verified']);
    expect(await getRemediation(h.store, ORG, otherSouth)).toMatchObject({ state: 'verified' });
    const board = await listRemediationBoard(h.store, ORG, { states: ['verified'], ...page });
    expect(board.items.length).toBeGreaterThanOrEqual(38);
    expect(board.items.every((i) => i.asset?.name === 'ape-south')).toBe(true);

    // The next match resolves ape-south's findings; the next recompute drops their assessments.
    await runMatch(h.store, ORG);
    const after = await recomputeRisk(h.store, ORG);
    expect(after.summary.removed).toBeGreaterThanOrEqual(38);
    expect((await riskQueue(h.store, ORG, page)).items.every((i) => i.asset?.name !== 'ape-south')).toBe(true);
  });

  it('refuses acceptances that expire in the past and reopens lapsed ones', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG);
    await recomputeRisk(h.store, ORG);
    const finding = await findingOf(h.store, ORG, 'CVE-2022-41328', 'ape-north');
    await expect(changeRemediation(h.store, ORG, finding, { to: 'risk-accepted', expiresAt: '2020-01-01', reason: 'legacy' }, { by: 'boss', approver: 'boss' })).rejects.toMatchObject({ code: 'acceptance-expired' });
    await expect(changeRemediation(h.store, ORG, finding, { to: 'risk-accepted', expiresAt: 'tomorrow', reason: 'legacy' }, { by: 'boss', approver: 'boss' })).rejects.toMatchObject({ code: 'invalid-expiry' });
    await expect(changeRemediation(h.store, ORG, finding, { to: 'risk-accepted', expiresAt: daysFromNow(2).toISOString(), reason: 'x' }, { by: 'boss' })).rejects.toMatchObject({ code: 'missing-approver' });
    const accepted = await changeRemediation(h.store, ORG, finding, { to: 'risk-accepted', expiresAt: daysFromNow(2).toISOString(), reason: 'outage planned in spring' }, { by: 'boss', approver: 'boss' });
    expect(accepted).toMatchObject({ state: 'risk-accepted', acceptance: { approver: 'boss', reason: 'outage planned in spring' } });
    expect((await riskQueue(h.store, ORG, page)).items.map((i) => i.findingId)).not.toContain(finding);

    const lapsed = await recomputeRisk(h.store, ORG, { now: daysFromNow(3) });
    expect(lapsed.summary.lapsed).toBe(1);
    const reopened = await getRemediation(h.store, ORG, finding, daysFromNow(3));
    expect(reopened.state).toBe('open');
    expect(reopened.history.at(-1)).toMatchObject({ from: 'risk-accepted', to: 'open', by: 'system' });
    expect(reopened.history.at(-1)!.note).toContain('risk acceptance expired');
    expect((await riskQueue(h.store, ORG, { ...page, now: daysFromNow(3) })).items.map((i) => i.findingId)).toContain(finding);
    const audit = await listAudit(h.store.db, { orgId: ORG.orgId, action: 'risk.acceptance-lapsed', limit: 10 });
    expect(audit.items.map((e) => e.target)).toEqual([finding]);
  });

  it('rolls risk up per organisation, site, zone and asset, stores the trend daily, and validates the policy', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG);
    await recomputeRisk(h.store, ORG);
    const top = (await riskQueue(h.store, ORG, { limit: 500, offset: 0 })).items.reduce((m, i) => Math.max(m, i.risk), 0);
    const org = await riskRollups(h.store, ORG, { level: 'organisation', ...page });
    expect(org.items).toHaveLength(1);
    expect(org.items[0]).toMatchObject({ score: top, findings: 78, byDecision: { Act: 1, Attend: 3 } });
    expect(org.items[0]!.text).toContain('= highest finding score');
    expect(org.formula.finding).toContain('band + 25 ×');
    const sites = await riskRollups(h.store, ORG, { level: 'site', ...page });
    expect(sites.items.map((s) => s.name)).toEqual(['North', 'South']);
    expect((await riskRollups(h.store, ORG, { level: 'asset', ...page })).items.map((a) => a.name).sort()).toEqual(['ape-north', 'ape-south', 'plc-north']);
    expect((await riskRollups(h.store, ORG, { level: 'zone', site: 'North', ...page })).items.map((z) => z.name).sort()).toEqual(['North / Cell 1', 'North / DMZ']);

    await recomputeRisk(h.store, ORG, { now: daysFromNow(1) });
    const trend = await riskTrend(h.store, ORG, { level: 'organisation', from: day(new Date()), to: day(daysFromNow(1)) });
    expect(trend.series).toHaveLength(1);
    expect(trend.series[0]!.points.map((p) => p.day)).toEqual([day(new Date()), day(daysFromNow(1))]);
    const siteTrend = await riskTrend(h.store, ORG, { level: 'site', group: 'South', from: day(new Date()), to: day(daysFromNow(1)) });
    expect(siteTrend.series.map((s) => s.name)).toEqual(['South']);
    await expect(riskTrend(h.store, ORG, { level: 'asset' as never })).rejects.toMatchObject({ code: 'invalid-level' });
    await expect(riskTrend(h.store, ORG, { level: 'organisation', from: '2025-02-30' })).rejects.toMatchObject({ code: 'invalid-period' });

    await expect(setRiskPolicy(h.store, ORG, { name: 'x', slaDays: { Act: -1, Attend: 30, 'Track*': 90, Track: 180 } }, 't')).rejects.toMatchObject({ code: 'invalid-policy' });
    await expect(setRiskPolicy(h.store, ORG, { name: 'x', mode: 'whenever', slaDays: { Act: 1, Attend: 30, 'Track*': 90, Track: 180 } }, 't')).rejects.toMatchObject({ code: 'invalid-policy' });
    await setRiskPolicy(h.store, ORG, { name: 'plant', slaDays: { Act: 2, Attend: 14, 'Track*': 60, Track: null } }, 't');
    await recomputeRisk(h.store, ORG);
    const q = await riskQueue(h.store, ORG, { decisions: ['Track'], limit: 1, offset: 0 });
    expect(q.items[0]!.deadline).toMatchObject({ kind: 'next-upgrade', dueDate: null, status: 'no-fixed-date' });
    const act = await riskQueue(h.store, ORG, { decisions: ['Act'], limit: 1, offset: 0 });
    expect(act.items[0]!.deadline.dueDate).toBe(addDays(act.items[0]!.firstSeen.slice(0, 10), 2));
  });

  it('shows bad input as problems and explicit unknowns in the rationale, never as silent defaults', { timeout: 120_000 }, async () => {
    const cve = JSON.parse(readFileSync(fixture('cve5', 'CVE-2022-39948.json'), 'utf8'));
    cve.containers.cna.metrics = [
      { format: 'CVSS', cvssV3_1: { version: '3.1', baseScore: 9.9, baseSeverity: 'CRITICAL', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } },
      { format: 'CVSS', cvssV3_1: { version: '3.1', baseScore: 5, baseSeverity: 'MEDIUM', vectorString: 'CVSS:3.1/AV:N/AC:L' } },
    ];
    cve.containers.adp.find((a: { providerMetadata: { shortName: string } }) => a.providerMetadata.shortName === 'CISA-ADP').metrics[0].other.content.timestamp = 'last tuesday';
    const imported = await importIntel(h.store, [{ name: 'mutated.json', bytes: Buffer.from(JSON.stringify(cve)) }, ...CSAF.map((f) => ({ name: f, bytes: readFileSync(fixture(...f.split('/'))) }))], {});
    expect(imported.documents[0]!.issues.map((i) => i.code)).toContain('invalid-cvss');
    await importInventoryFile(h.store, Buffer.from('name,kind,vendor,model,firmware,external_id\nape,other,Siemens,RUGGEDCOM APE1808,V7.2.4,A1\n'), { scope: ORG, sourceName: 'p.csv' });
    await runMatch(h.store, ORG, { full: true });
    await recomputeRisk(h.store, ORG);
    const view = await findingRisk(h.store, ORG, await findingOf(h.store, ORG, 'CVE-2022-39948', 'ape'));
    expect(view.problems.map((p) => p.code).sort()).toEqual(['invalid-date', 'score-mismatch']);
    expect(view.problems.find((p) => p.code === 'invalid-date')!.message).toContain('last tuesday');
    const why = view.assessment.rationale.join('\n');
    expect(why).toContain('contradiction:');
    expect(why).toContain('CISA ADP wins');
    expect(why).toContain('Exposure: unknown → assumed open');
    expect(why).toContain('Mission Prevalence: unknown → assumed support');
    expect(view.assessment.ssvc.unknown).toEqual(expect.arrayContaining(['missionPrevalence', 'publicWellbeing']));
    expect(view.assessment.bod.notes.join(' ')).toContain('unreadable Vulnrichment date');
  });

  it('replaces all of one organisation\'s rows in a large write, keeping every other organisation\'s rows, the key and the queue indexes', { timeout: 120_000 }, async () => {
    const keyAndIndexes = async () =>
      h.store.dialect === 'sqlite'
        ? (await sql<{ d: string }>`SELECT name || ':' || coalesce(sql, '') AS d FROM sqlite_master WHERE tbl_name = 'risk_assessments' ORDER BY name`.execute(h.store.db)).rows.map((r) => r.d)
        : (await sql<{ d: string }>`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'risk_assessments' ORDER BY indexname`.execute(h.store.db)).rows.map((r) => r.d);
    const rowsOf = async (orgId: string) => (await h.store.db.selectFrom('risk_assessments').select(['finding_id', 'decision', 'risk']).where('org_id', '=', orgId).orderBy('finding_id').execute());
    const before = await keyAndIndexes();
    await buildPlant(h.store, ORG);
    // One organisation: the whole table is replaced (on PostgreSQL emptied at once), twice.
    expect((await recomputeRisk(h.store, ORG, { indexRebuildRows: 0 })).summary.written).toBe(78);
    const alone = await rowsOf(ORG.orgId);
    expect((await recomputeRisk(h.store, ORG, { indexRebuildRows: 0 })).summary.written).toBe(78);
    expect(await rowsOf(ORG.orgId)).toEqual(alone);
    // A second organisation: replacing the first one's rows leaves the second's as they were.
    const orgB = organisationScope((await createOrganisation(h.store.db, { name: 'Water Co', kind: 'operator' })).id);
    await importInventoryFile(h.store, Buffer.from('name,kind,vendor,model,firmware,site,external_id\nb-ape,gateway,Siemens,RUGGEDCOM APE1808,V7.2.4,Works,B1\n'), { scope: orgB, sourceName: 'b.csv' });
    await runMatch(h.store, orgB, { full: true });
    await recomputeRisk(h.store, orgB);
    const bRows = await rowsOf(orgB.orgId);
    expect(bRows.length).toBe(38);
    expect((await recomputeRisk(h.store, ORG, { indexRebuildRows: 0 })).summary.written).toBe(78);
    expect(await rowsOf(ORG.orgId)).toEqual(alone);
    expect(await rowsOf(orgB.orgId)).toEqual(bRows);
    expect(await keyAndIndexes()).toEqual(before);
    // The key is enforced again.
    const one = await h.store.db.selectFrom('risk_assessments').selectAll().where('org_id', '=', ORG.orgId).limit(1).executeTakeFirstOrThrow();
    await expect(h.store.db.insertInto('risk_assessments').values(one).execute()).rejects.toThrow(/unique|duplicate/i);
  });

  it('keeps organisations apart: another never sees or changes the queue, plans or overrides', { timeout: 120_000 }, async () => {
    const orgB = organisationScope((await createOrganisation(h.store.db, { name: 'Grid Co', kind: 'operator' })).id);
    await buildPlant(h.store, ORG);
    await importInventoryFile(h.store, Buffer.from('name,kind,vendor,model,firmware,site,external_id\nb-ape,gateway,Siemens,RUGGEDCOM APE1808,V7.2.4,Substation,B1\n'), { scope: orgB, sourceName: 'b.csv' });
    await runMatch(h.store, orgB, { full: true });
    await recomputeRisk(h.store, ORG);
    await recomputeRisk(h.store, orgB);
    const aFinding = await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-north');
    await createRemediationPlan(h.store, ORG, { findingIds: [aFinding], owner: 'a-team', dueDate: '2030-01-01' }, 'alice');
    await createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: await assetId(h.store, ORG, 'ape-north'), input: 'exposure', value: 'small', reason: 'a' }, 'alice');

    const bQueue = await riskQueue(h.store, orgB, { limit: 500, offset: 0 });
    expect(bQueue.total).toBe(38);
    expect(new Set(bQueue.items.map((i) => i.asset?.name))).toEqual(new Set(['b-ape']));
    expect((await riskQueue(h.store, ORG, { limit: 500, offset: 0 })).items.some((i) => i.asset?.name === 'b-ape')).toBe(false);
    await expect(findingRisk(h.store, orgB, aFinding)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeRemediation(h.store, orgB, aFinding, { to: 'mitigated' }, { by: 'mallory' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createRemediationPlan(h.store, orgB, { findingIds: [aFinding], owner: 'm', dueDate: '2030-01-01' }, 'mallory')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getRemediation(h.store, orgB, aFinding)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listRemediationPlans(h.store, orgB, page)).total).toBe(0);
    expect((await listRemediationBoard(h.store, orgB, page)).total).toBe(0);
    expect(await listRiskOverrides(h.store, orgB)).toEqual([]);
    await expect(createRiskOverride(h.store, orgB, { scope: 'asset', scopeId: await assetId(h.store, ORG, 'ape-north'), input: 'exposure', value: 'open', reason: 'm' }, 'mallory')).rejects.toBeInstanceOf(NotFoundError);
    expect((await riskRollups(h.store, orgB, { level: 'asset', ...page })).items.map((a) => a.name)).toEqual(['b-ape']);
    // The plan and the override of A changed nothing in B.
    expect(bQueue.items.every((i) => i.state === 'open' && i.exposed)).toBe(true);
    expect(PLANT_CSV).toContain('ape-north');
  });
});
