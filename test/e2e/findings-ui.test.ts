/**
 * The findings pages driven as a user would, in real headless Chromium, against the real server
 * with the demo plant (seeded by `serve` on its fresh database). Every real CISA ICS CSAF advisory
 * of ../shared/fixtures/csaf/cisa-ot is imported through the API and a full match is run through
 * the API, so what the pages show is what the matching engine concluded about the demo plant: its
 * Siemens SIMATIC S7-1500 and S7-1200 PLCs are affected by CVE-2019-10943 and CVE-2019-10929
 * (ICSA-19-344-06). Screenshots go to test-results/ for a human look.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type RunningServer } from './support/server.js';

interface EvidenceJson {
  matcher: string;
  status: string;
  compared: { attribute: string; target: string; spec: string; result: string }[];
  versionScheme?: string;
  heuristic?: boolean;
  source: { kind: string; advisoryId?: string };
}
interface FindingJson {
  id: string;
  asset?: { id: string; name: string };
  component?: { id: string; name: string };
  vulnerability: { id: string; inKev: boolean };
  status: string;
  confidence: string;
  decision: { decision: string; reason: string | null } | null;
  evidence?: EvidenceJson[];
}
interface PageJson<T> {
  items: T[];
  total: number;
}
interface MatchStatusJson {
  lastRun: string | null;
  open: { byStatus: Record<string, number>; bySeverity: Record<string, number>; kev: number; affectedTargets: number };
  rules: unknown[];
}
interface MatchSummaryJson {
  mode: string;
  targets: { assets: number; components: number };
  findings: { created: number };
}
interface AssetJson {
  id: string;
  name: string;
  vendor: string | null;
  model: string | null;
}

const resultsDir = join(repoRoot, 'test-results');
const CSAF_DIR = fixture('csaf', 'cisa-ot');
const DEFAULT_STATUSES = 'affected,cannot_decide,under_investigation';
const norm = (s: string | null | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

describe.skipIf(!haveChromium() || !haveFixtures)('findings in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let firstMatch: MatchSummaryJson;

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await server.fetch(`${server.baseUrl}${path}`, init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const findings = (query: string) => api<PageJson<FindingJson>>(`/api/findings?limit=200&offset=0&${query}`);
  const rowIds = (): Promise<string[]> => page.getByTestId('finding-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id') ?? ''));
  const summaryValue = async (testId: string): Promise<number> => Number(await page.getByTestId(testId).getAttribute('data-value'));

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    const form = new FormData();
    const names = readdirSync(CSAF_DIR).filter((n) => n.endsWith('.json'));
    for (const name of names) form.append('file', new Blob([new Uint8Array(readFileSync(join(CSAF_DIR, name)))]), name);
    const report = await api<{ imported: number; rejected: number }>('/api/intel/import', { method: 'POST', body: form });
    expect(report.rejected).toBe(0);
    expect(report.imported).toBe(names.length);
    firstMatch = await api<MatchSummaryJson>('/api/match', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ full: true }),
    });
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('matched the demo plant against the advisories: the S7 PLCs are affected by ICSA-19-344-06', async () => {
    expect(firstMatch.mode).toBe('full');
    expect(firstMatch.targets.assets).toBeGreaterThan(300);
    expect(firstMatch.findings.created).toBeGreaterThan(0);
    const hits = await findings('vulnerability=CVE-2019-10943&evidence=true');
    expect(hits.total).toBeGreaterThan(0);
    for (const f of hits.items) {
      expect(f.status).toBe('affected');
      expect(f.asset?.name).toMatch(/PLC/);
      expect(f.evidence?.[0]?.source.advisoryId).toBe('ICSA-19-344-06');
    }
  });

  it('opens the findings page from the navigation, with the open-findings summary', async () => {
    await page.goto(`${server.baseUrl}/assets`);
    expect(await page.getByTestId('nav-findings').getAttribute('href')).toBe('/findings');
    await page.getByTestId('nav-findings').click();
    await page.waitForURL(/\/findings$/);
    await page.getByTestId('findings-table').waitFor();

    const status = await api<MatchStatusJson>('/api/match/status');
    expect(status.lastRun).not.toBeNull();
    await expect.poll(() => summaryValue('summary-status-affected')).toBe(status.open.byStatus.affected ?? 0);
    expect(await summaryValue('summary-status-cannot_decide')).toBe(status.open.byStatus.cannot_decide ?? 0);
    expect(await summaryValue('summary-status-not_affected')).toBe(status.open.byStatus.not_affected ?? 0);
    expect(await summaryValue('summary-kev')).toBe(status.open.kev);
    expect(await summaryValue('summary-targets')).toBe(status.open.affectedTargets);
    expect(await page.getByTestId('match-last-run').getAttribute('data-last-run')).toBe(status.lastRun);
    for (const [severity, n] of Object.entries(status.open.bySeverity)) {
      expect(await summaryValue(`summary-severity-${severity.toLowerCase()}`)).toBe(n);
    }

    // The list: what needs a look (affected, cannot decide, under investigation), worst CVSS first.
    const expected = await api<PageJson<FindingJson>>(`/api/findings?limit=50&offset=0&sort=-cvss&status=${DEFAULT_STATUSES}`);
    await expect.poll(rowIds).toEqual(expected.items.map((f) => f.id));
    expect(await page.getByTestId('findings-total').getAttribute('data-total')).toBe(String(expected.total));
    await page.screenshot({ path: join(resultsDir, 'findings.png'), fullPage: true });
  });

  it('finds a known affected finding by search, and filters by status through the URL', async () => {
    await page.getByTestId('finding-search').fill('CVE-2019-10943');
    await page.waitForURL((url) => url.searchParams.get('q') === 'CVE-2019-10943');
    const expected = await findings(`q=CVE-2019-10943&sort=-cvss&status=${DEFAULT_STATUSES}`);
    await expect.poll(rowIds).toEqual(expected.items.map((f) => f.id));
    const vulns = await page.getByTestId('finding-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vuln-id')));
    expect(new Set(vulns)).toEqual(new Set(['CVE-2019-10943']));
    expect(await page.getByTestId('finding-row').first().getByTestId('finding-status').getAttribute('data-status')).toBe('affected');
    expect(await page.getByTestId('finding-row').first().getByTestId('finding-vuln').getAttribute('href')).toBe('/vulnerabilities/CVE-2019-10943');

    // Only what the engine could not decide: deselect "affected" and "under investigation".
    await page.goto(`${server.baseUrl}/findings`);
    await page.getByTestId('filter-status-affected').click();
    await page.waitForURL((url) => [...(url.searchParams.get('status') ?? '').split(',')].sort().join(',') === 'cannot_decide,under_investigation');
    const undecided = await findings('status=cannot_decide,under_investigation&sort=-cvss');
    await expect.poll(rowIds).toEqual(undecided.items.map((f) => f.id));
    const statuses = await page.getByTestId('finding-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.every((s) => s === 'cannot_decide' || s === 'under_investigation')).toBe(true);
  });

  it('groups the page by vulnerability and by asset, with a count on each group header', async () => {
    await page.goto(`${server.baseUrl}/findings`);
    await page.getByTestId('findings-table').waitFor();
    await page.locator('[data-testid="finding-group-by"] label', { hasText: 'By vulnerability' }).click();
    await page.waitForURL((url) => url.searchParams.get('group') === 'vulnerability');
    const expected = await api<PageJson<FindingJson>>(`/api/findings?limit=50&offset=0&sort=-cvss&status=${DEFAULT_STATUSES}`);
    const perVuln = new Map<string, number>();
    for (const f of expected.items) perVuln.set(f.vulnerability.id, (perVuln.get(f.vulnerability.id) ?? 0) + 1);
    await expect.poll(() => page.getByTestId('finding-group').count()).toBe(perVuln.size);
    const group = page.locator('[data-testid="finding-group"][data-group-key="vulnerability:CVE-2019-10943"]');
    expect(await group.getByTestId('finding-group-count').getAttribute('data-count')).toBe(String(perVuln.get('CVE-2019-10943')));
    await page.screenshot({ path: join(resultsDir, 'findings-by-vulnerability.png'), fullPage: true });

    // "Only this vulnerability" narrows the whole list (all pages) to that group.
    await group.getByTestId('finding-group-only').click();
    await page.waitForURL((url) => url.searchParams.get('vulnerability') === 'CVE-2019-10943');
    await page.getByTestId('scope-vulnerability').waitFor();
    const all = await findings(`vulnerability=CVE-2019-10943&status=${DEFAULT_STATUSES}`);
    await expect.poll(() => page.getByTestId('finding-row').count()).toBe(all.total);

    await page.goto(`${server.baseUrl}/findings?group=target`);
    const perTarget = new Set(expected.items.map((f) => f.asset?.id ?? f.component?.id));
    await expect.poll(() => page.getByTestId('finding-group').count()).toBe(perTarget.size);
    expect(await page.getByTestId('finding-row').count()).toBe(expected.items.length);
  });

  it('runs a full match from the page and reports what it did', async () => {
    await page.goto(`${server.baseUrl}/findings`);
    await page.getByTestId('findings-table').waitFor();
    await page.getByTestId('match-full').click();
    await page.getByTestId('match-run').click();
    const result = page.getByTestId('match-result');
    await result.waitFor();
    expect(await result.getAttribute('data-mode')).toBe('full');
    expect(await result.textContent()).toMatch(/Full match: [\d,]+ assets/);
  });

  it("links a vulnerability's page to its findings in the plant", async () => {
    const open = await findings(`vulnerability=CVE-2019-10943&status=${DEFAULT_STATUSES}`);
    await page.goto(`${server.baseUrl}/vulnerabilities/CVE-2019-10943`);
    const link = page.getByTestId('vuln-findings-link');
    await link.waitFor();
    expect(await link.getAttribute('data-count')).toBe(String(open.total));
    await link.click();
    await page.waitForURL((url) => url.pathname === '/findings' && url.searchParams.get('vulnerability') === 'CVE-2019-10943');
    await expect.poll(() => page.getByTestId('finding-row').count()).toBe(open.total);
  });

  it('explains a finding: status with the reason and each piece of evidence', async () => {
    const target = (await findings('vulnerability=CVE-2019-10943')).items.find((f) => f.asset)!;
    await page.goto(`${server.baseUrl}/findings?q=CVE-2019-10943`);
    await page.locator(`[data-testid="finding-row"][data-finding-id="${target.id}"]`).getByTestId('finding-link').click();
    await page.waitForURL(new RegExp(`/findings/${target.id}$`));
    const detail = page.getByTestId('finding-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('affected');
    expect(await page.getByTestId('finding-title').textContent()).toBe(`CVE-2019-10943 on ${target.asset!.name}`);
    expect(await page.getByTestId('finding-reason').textContent()).toContain('ICSA-19-344-06');

    const full = await api<FindingJson>(`/api/findings/${target.id}`);
    const cards = page.getByTestId('evidence');
    await expect.poll(() => cards.count()).toBe(full.evidence!.length);
    const csaf = page.locator('[data-testid="evidence"][data-matcher="csaf"]').first();
    expect(await csaf.getAttribute('data-status')).toBe('affected');
    expect(await csaf.getByTestId('evidence-advisory').textContent()).toContain('ICSA-19-344-06');
    const comparisons = csaf.getByTestId('evidence-comparison');
    const compared = full.evidence!.find((e) => e.matcher === 'csaf')!.compared;
    await expect.poll(() => comparisons.count()).toBe(compared.length);
    const vendor = csaf.locator('[data-testid="evidence-comparison"][data-attribute="vendor"]');
    expect(await vendor.textContent()).toContain('Siemens');
    const version = compared.find((c) => c.attribute === 'version')!;
    expect(await csaf.locator('[data-testid="evidence-comparison"][data-attribute="version"]').getByTestId('evidence-result').textContent()).toBe(version.result);
    if (full.evidence!.find((e) => e.matcher === 'csaf')!.heuristic) await csaf.getByTestId('evidence-heuristic').waitFor();
    await page.screenshot({ path: join(resultsDir, 'finding-detail.png'), fullPage: true });
  });

  it('rejects the finding with a reason: it becomes not affected; clearing the decision restores it', async () => {
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('decision-reject').click();
    expect(await page.getByTestId('decision-submit').isDisabled()).toBe(true);
    await page.getByTestId('decision-reason').fill('Firmware module not loaded on this CPU');
    await page.getByTestId('decision-submit').click();
    await expect.poll(() => page.getByTestId('finding-detail').getAttribute('data-status')).toBe('not_affected');
    expect(await page.getByTestId('finding-decision').getAttribute('data-decision')).toBe('reject');
    expect(await page.getByTestId('finding-decision-reason').textContent()).toContain('Firmware module not loaded on this CPU');
    // The user decision now decides, listed first; the vendor's statement is still shown under it.
    await expect.poll(() => page.getByTestId('evidence').first().getAttribute('data-matcher')).toBe('user');
    await page.locator('[data-testid="evidence"][data-matcher="csaf"]').waitFor();
    const after = await api<FindingJson>(`/api/findings/${id}`);
    expect(after.status).toBe('not_affected');
    expect(after.decision?.reason).toBe('Firmware module not loaded on this CPU');
    await page.screenshot({ path: join(resultsDir, 'finding-rejected.png'), fullPage: true });

    // The summary counts it.
    await page.goto(`${server.baseUrl}/findings?status=not_affected`);
    await expect.poll(rowIds).toEqual([id]);

    await page.goto(`${server.baseUrl}/findings/${id}`);
    await page.getByTestId('decision-clear').click();
    await expect.poll(() => page.getByTestId('finding-detail').getAttribute('data-status')).toBe('affected');
    expect(await page.getByTestId('finding-decision').count()).toBe(0);
    expect((await api<FindingJson>(`/api/findings/${id}`)).status).toBe('affected');

    // Reject it again for the asset tab below.
    await page.getByTestId('decision-reject').click();
    await page.getByTestId('decision-reason').fill('Firmware module not loaded on this CPU');
    await page.getByTestId('decision-submit').click();
    await expect.poll(() => page.getByTestId('finding-detail').getAttribute('data-status')).toBe('not_affected');
  });

  it("shows the findings tab on an asset's page, each finding linking to its explanation", async () => {
    const rejected = (await findings('vulnerability=CVE-2019-10943&status=not_affected')).items[0]!;
    const assetId = rejected.asset!.id;
    const open = await findings(`asset=${assetId}&status=${DEFAULT_STATUSES}`);
    const every = await findings(`asset=${assetId}`);
    await page.goto(`${server.baseUrl}/assets/${assetId}`);
    await page.getByTestId('asset-detail').waitFor();
    const countBadge = page.getByTestId('asset-findings-count');
    await expect.poll(async () => ((await countBadge.count()) > 0 ? Number(await countBadge.getAttribute('data-count')) : 0)).toBe(open.total);
    await page.getByTestId('asset-tab-findings').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'findings');
    const table = page.getByTestId('asset-findings-table');
    await table.waitFor();
    await expect.poll(() => table.getByTestId('finding-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id')).sort())).toEqual(
      open.items.map((f) => f.id).sort(),
    );
    expect(await page.getByTestId('asset-findings-total').getAttribute('data-total')).toBe(String(open.total));

    // Every status: the rejected finding is there too, as not affected.
    await page.locator('[data-testid="asset-findings-scope"] label', { hasText: 'Every status' }).click();
    await expect.poll(() => table.getByTestId('finding-row').count()).toBe(every.total);
    const row = table.locator(`[data-testid="finding-row"][data-finding-id="${rejected.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('not_affected');
    await page.screenshot({ path: join(resultsDir, 'asset-findings.png'), fullPage: true });
    await row.getByTestId('finding-link').click();
    await page.waitForURL(new RegExp(`/findings/${rejected.id}$`));
    await page.getByTestId('finding-detail').waitFor();

    // The finding's asset link leads back to the asset.
    await page.getByTestId('finding-target-link').click();
    await page.waitForURL(new RegExp(`/assets/${assetId}$`));
  });

  it('makes a rejection a rule for every asset of the same vendor and model', async () => {
    const all = (await findings('vulnerability=CVE-2019-10929')).items.filter((f) => f.asset);
    const assets = new Map<string, AssetJson>();
    for (const f of all) assets.set(f.asset!.id, await api<AssetJson>(`/api/assets/${f.asset!.id}`));
    const sameModel = (f: FindingJson, a: AssetJson) => {
      const b = assets.get(f.asset!.id)!;
      return norm(b.model) === norm(a.model) && norm(b.vendor) === norm(a.vendor);
    };
    const first = all[0]!;
    const model = assets.get(first.asset!.id)!;
    const same = all.filter((f) => sameModel(f, model));
    const others = all.filter((f) => !sameModel(f, model));
    expect(same.length).toBeGreaterThan(1);
    expect(others.length).toBeGreaterThan(0);

    await page.goto(`${server.baseUrl}/findings/${first.id}`);
    await page.getByTestId('decision-reject').click();
    await page.getByTestId('decision-reason').fill('Not reachable: the web server is disabled on this model');
    const rule = page.getByTestId('decision-rule');
    expect(await rule.textContent()).toContain(`Make this a rule for every ${model.vendor} ${model.model}`);
    await rule.locator('input').check();
    await page.getByTestId('decision-submit').click();
    await expect.poll(() => page.getByTestId('finding-decision').getAttribute('data-decision')).toBe('reject');
    await page.screenshot({ path: join(resultsDir, 'finding-rule.png'), fullPage: true });

    // Every finding of that vendor and model from the same product statement no longer needs a look
    // (not affected, or resolved because the statement no longer matches); other models are untouched.
    const stillOpen = (f: FindingJson & { resolvedAt?: string | null }) => f.status !== 'not_affected' && !f.resolvedAt;
    for (const f of same) expect(stillOpen(await api(`/api/findings/${f.id}`)), f.asset!.name).toBe(false);
    for (const f of others) {
      const after = await api<FindingJson & { resolvedAt: string | null }>(`/api/findings/${f.id}`);
      expect([after.status, after.resolvedAt], f.asset!.name).toEqual(['affected', null]);
    }
    expect((await api<MatchStatusJson>('/api/match/status')).rules.length).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/findings?vulnerability=CVE-2019-10929`);
    await expect.poll(rowIds).toEqual((await findings(`vulnerability=CVE-2019-10929&status=${DEFAULT_STATUSES}&sort=-cvss`)).items.map((f) => f.id));
    expect((await rowIds()).some((id) => same.some((f) => f.id === id))).toBe(false);
  });

  it('shows a not-found state for an unknown finding, and the page ran without errors', async () => {
    await page.goto(`${server.baseUrl}/findings/00000000-0000-7000-8000-000000000000`);
    await page.getByTestId('finding-not-found').waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
