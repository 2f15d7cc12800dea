/**
 * `bulwark risk` and `bulwark remediation` on both databases, as a user runs them: recompute, the
 * work queue (table and JSON), a finding's rationale, a plan across assets, an update, an
 * acceptance refused for an expiry in the past, and the board.
 */
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { buildPlant } from '../support/risk-plant.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

describeEachDialect('bulwark risk and remediation', (h) => {
  it('recomputes, shows the queue, plans, updates, refuses a past acceptance and lists the board', { timeout: 400_000 }, async () => {
    await buildPlant(h.store, ORG);
    const db = ['--db', h.location];

    const recompute = runCli([...db, 'risk', 'recompute', '--json']);
    expect(recompute.code, recompute.stderr).toBe(0);
    expect(JSON.parse(recompute.stdout)).toMatchObject({ findings: 78, baseline: true, byDecision: { Act: 1, Attend: 3 }, deliveries: [] });

    const table = runCli([...db, 'risk', '--site', 'North', '--limit', '3']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/site North: 40 open finding\(s\) — Act 1 · Attend 2/);
    expect(table.stdout).toMatch(/Act\s+│ \d{4}-\d\d-\d\d \(7 d\)/);
    expect(table.stdout).toContain('CVE-2023-27997 KEV');

    const json = runCli([...db, 'risk', '--decision', 'Act,Attend', '--json']);
    const page = JSON.parse(json.stdout) as { items: { findingId: string; decision: string; asset: { name: string }; vulnerability: { id: string } }[] };
    expect(page.items.map((i) => i.decision)).toEqual(['Act', 'Attend', 'Attend', 'Attend']);
    const act = page.items[0]!;

    const show = runCli([...db, 'risk', 'show', act.findingId]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('CISA Coordinator v2.0.3: (active, yes, total, medium) → Act');
    expect(show.stdout).toContain('vendor_fix (fixed in V7.4.1)');

    const plan = runCli([...db, 'remediation', 'plan', '--vulnerability', 'CVE-2023-27997', '--owner', 'ot-team', '--due', '2030-01-31', '--action', 'update NGFW', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ plan: { owner: 'ot-team', findings: 2 }, skipped: [] });

    const update = runCli([...db, 'remediation', 'update', act.findingId, '--state', 'mitigated', '--applied-at', '2023-06-01', '--evidence', 'SSL-VPN disabled', '--by', 'alice']);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/mitigated since/);
    expect(update.stdout).toContain('alice: planned → mitigated');

    const bad = runCli([...db, 'remediation', 'update', act.findingId, '--state', 'verified']);
    expect(bad.code).toBeGreaterThan(0);
    expect(bad.stderr).toContain('cannot go from mitigated to verified');

    const past = runCli([...db, 'remediation', 'accept', act.findingId, '--expires', '2020-01-01', '--reason', 'legacy']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('is not in the future');

    const board = runCli([...db, 'remediation', 'list', '--json']);
    const items = (JSON.parse(board.stdout) as { items: { state: string; asset: { name: string } }[] }).items;
    expect(items.map((i) => `${i.state} ${i.asset.name}`).sort()).toEqual(['mitigated ape-north', 'planned ape-south']);
  });
});
