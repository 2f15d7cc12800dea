/**
 * The risk pages driven as a user would, in real headless Chromium, against the real server with
 * the demo plant. Real intelligence is imported through the API (every CISA ICS CSAF advisory of
 * ../shared/fixtures/csaf/cisa-ot, the CISA KEV catalog, and CVE 5 records with CISA ADP SSVC
 * data), two RUGGEDCOM APE1808 gateways (Fortinet NGFW inside, ICSA-24-074-11) are added to the
 * demo sites through the inventory import, a full match and a recompute run through the API; then
 * every figure the pages show is compared with the API's own answer. Screenshots go to
 * test-results/ for a human look.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type Credentials, type RunningServer } from './support/server.js';

type Decision = 'Act' | 'Attend' | 'Track*' | 'Track';
interface QueueItemJson {
  findingId: string;
  decision: Decision;
  vulnerability: { id: string; kev: boolean };
  asset: { id: string; name: string } | null;
  site: { id: string; name: string } | null;
  deadline: { dueDate: string | null; status: string };
  state: string;
  risk: number;
}
interface QueuePageJson {
  items: QueueItemJson[];
  total: number;
  counts: Record<Decision, number>;
  computedAt: string | null;
}
interface StepJson {
  input: string;
  value: string;
  used: string;
  assumed: boolean;
  rule: string;
  source: string;
}
interface FindingRiskJson {
  decision: Decision;
  assessment: {
    ssvc: Record<'exploitation' | 'automatable' | 'technicalImpact' | 'missionPrevalence' | 'publicWellbeing' | 'mwi', StepJson> & { rationale: string[]; unknown: string[] };
    exposure: StepJson;
    bod: { dueDate?: string; kevDueDate?: string };
    policy: { dueDate?: string };
    risk: { score: number };
  };
  problems: unknown[];
  recommendedActions: unknown[];
  remediation: { state: string; plan: { owner: string; dueDate: string; action: string | null } | null; acceptance: { expiresAt: string; reason: string } | null };
}
interface BoardPageJson {
  items: Array<{ findingId: string; state: string }>;
  total: number;
}
interface RollupJson {
  groupId: string;
  name: string;
  score: number;
  findings: number;
  byDecision: Record<Decision, number>;
}
interface RatesJson {
  organisation: Array<{ group: string; rate: number | null; before: number; after: number }>;
  site: Array<{ group: string; rate: number | null; before: number; after: number }>;
}
interface TrendJson {
  series: Array<{ points: Array<{ day: string; score: number }> }>;
}

const resultsDir = join(repoRoot, 'test-results');
const CSAF_DIR = fixture('csaf', 'cisa-ot');
const INTEL = [fixture('kev', 'known_exploited_vulnerabilities.json'), ...['CVE-2023-27997', 'CVE-2022-41328', 'CVE-2022-39948'].map((id) => fixture('cve5', `${id}.json`))];
/** Two gateways on the demo sites: one exposed and of high criticality, one behind a firewall. */
const GATEWAYS_CSV = `name,kind,vendor,model,firmware,site,zone,criticality,external_id,exposure,internet-exposed
NRS-DMZ-APE01,gateway,Siemens,RUGGEDCOM APE1808,V7.2.4,North Ridge 138/13.8 kV Substation,Substation DMZ,high,E2E-APE-1,open,
RWU-RA-APE01,gateway,Siemens,RUGGEDCOM APE1808,V7.0.0,Riverside Water Utility,Remote Access,,E2E-APE-2,,no
`;
const OPERATOR: Credentials = { username: 'e2e-operator', password: 'operator pass phrase 42' };
const AUDITOR: Credentials = { username: 'e2e-auditor', password: 'auditor pass phrase 42' };
const URGENCY: Decision[] = ['Act', 'Attend', 'Track*', 'Track'];
/** The machine is shared and slow: give the UI a few seconds to show what the API answered. */
const POLL = { timeout: 10_000, interval: 100 };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!haveChromium() || !haveFixtures)('risk pages in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await server.fetch(`${server.baseUrl}${path}`, init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const post = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const upload = async (files: string[]) => {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([new Uint8Array(readFileSync(file))]), file.split('/').pop()!);
    return api<{ imported: number; rejected: number }>('/api/intel/import', { method: 'POST', body: form });
  };
  const rowIds = (testId = 'queue-row'): Promise<string[]> => page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id') ?? ''));
  const queueRows = () => page.getByTestId('queue-table').getByTestId('queue-row');
  const shot = (name: string) => page.screenshot({ path: join(resultsDir, name), fullPage: true });

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    const csaf = readdirSync(CSAF_DIR).filter((n) => n.endsWith('.json')).map((n) => join(CSAF_DIR, n));
    expect(await upload(csaf)).toMatchObject({ imported: csaf.length, rejected: 0 });
    expect(await upload(INTEL)).toMatchObject({ imported: INTEL.length, rejected: 0 });
    const inventory = new FormData();
    inventory.append('file', new Blob([GATEWAYS_CSV]), 'gateways.csv');
    expect(await api<{ created: number }>('/api/assets/import', { method: 'POST', body: inventory })).toMatchObject({ created: 2 });
    await post('/api/match', { full: true });
    await post('/api/risk/recompute', {});
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page?.screenshot({ path: join(resultsDir, `risk-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the intelligence and the demo plant give Act and Attend findings', async () => {
    const queue = await api<QueuePageJson>('/api/risk/queue?limit=5&offset=0');
    expect(queue.computedAt).not.toBeNull();
    expect(queue.counts.Act).toBeGreaterThan(0);
    expect(queue.counts.Attend).toBeGreaterThan(0);
    expect(queue.items[0]).toMatchObject({ decision: 'Act', vulnerability: { kev: true } });
  });

  it('opens the work queue from the navigation: Act and Attend first, then by due date, as the API orders it', async () => {
    await page.goto(`${server.baseUrl}/assets`);
    await page.getByTestId('asset-row').first().waitFor();
    await page.getByTestId('nav-work-queue').click();
    await page.waitForURL(/\/risk$/);
    const expected = await api<QueuePageJson>('/api/risk/queue?limit=50&offset=0');
    await expect.poll(() => rowIds(), POLL).toEqual(expected.items.map((i) => i.findingId));
    const decisions = await queueRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-decision')));
    expect(decisions).toEqual(expected.items.map((i) => i.decision));
    // Never a less urgent decision above a more urgent one.
    expect(decisions.map((d) => URGENCY.indexOf(d as Decision))).toEqual([...decisions.map((d) => URGENCY.indexOf(d as Decision))].sort((a, b) => a - b));
    for (const d of URGENCY) expect(await page.getByTestId(`count-${d}`).getAttribute('data-value')).toBe(String(expected.counts[d]));
    expect(await page.getByTestId('queue-total').getAttribute('data-total')).toBe(String(expected.total));
    // One colour per decision, the same on every row.
    const colours = await page.getByTestId('queue-table').getByTestId('decision-badge').evaluateAll((badges) => {
      // Runs in the page (the test's own TypeScript has no DOM library).
      const style = (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string; color: string } }).getComputedStyle;
      return badges.map((b) => [b.getAttribute('data-decision'), style(b).backgroundColor, style(b).color] as const);
    });
    const byDecision = new Map<string, string>();
    for (const [d, bg, fg] of colours) {
      const look = `${bg}|${fg}`;
      expect(byDecision.get(d!) ?? look).toBe(look);
      byDecision.set(d!, look);
    }
    expect(new Set(byDecision.values()).size).toBe(byDecision.size);
    await shot('risk-queue.png');
  });

  it('filters by decision, site and deadline and pages on the server, like the API', async () => {
    await page.getByTestId('count-Act').click();
    await page.waitForURL(/decision=Act/);
    const act = await api<QueuePageJson>('/api/risk/queue?decision=Act&limit=50&offset=0');
    await expect.poll(() => rowIds(), POLL).toEqual(act.items.map((i) => i.findingId));
    await page.getByTestId('clear-filters').click();

    const top = (await api<QueuePageJson>('/api/risk/queue?limit=1&offset=0')).items[0]!;
    await page.getByTestId('filter-site').click();
    await page.getByRole('option', { name: top.site!.name }).click();
    await page.waitForURL(/site=/);
    const bySite = await api<QueuePageJson>(`/api/risk/queue?site=${encodeURIComponent(top.site!.id)}&limit=50&offset=0`);
    await expect.poll(() => rowIds(), POLL).toEqual(bySite.items.map((i) => i.findingId));
    expect(bySite.items.every((i) => i.site?.id === top.site!.id)).toBe(true);
    await page.getByTestId('clear-filters').click();

    await page.getByTestId('filter-due').getByText('Due soon').click();
    await page.waitForURL(/due=due-soon/);
    const dueSoon = await api<QueuePageJson>('/api/risk/queue?dueSoon=true&limit=50&offset=0');
    if (dueSoon.items.length > 0) await expect.poll(() => rowIds(), POLL).toEqual(dueSoon.items.map((i) => i.findingId));
    else await page.getByTestId('queue-empty').waitFor();
    await page.getByTestId('clear-filters').click();

    const all = await api<QueuePageJson>('/api/risk/queue?limit=50&offset=50');
    expect(all.total).toBeGreaterThan(50);
    await page.getByTestId('page-next').click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => rowIds(), POLL).toEqual(all.items.map((i) => i.findingId));
    await page.getByTestId('page-previous').click();
  });

  it('opens the most urgent finding: the Risk section shows the decision with every input, rule and source as the API explains it', async () => {
    const top = (await api<QueuePageJson>('/api/risk/queue?limit=1&offset=0')).items[0]!;
    await page.goto(`${server.baseUrl}/risk`);
    await page.locator(`[data-testid="queue-row"][data-finding-id="${top.findingId}"]`).getByTestId('queue-finding-link').click();
    await page.waitForURL(new RegExp(`/findings/${top.findingId}$`));
    const risk = await api<FindingRiskJson>(`/api/risk/findings/${top.findingId}`);
    await expect.poll(() => page.getByTestId('finding-risk-body').getAttribute('data-decision'), POLL).toBe(risk.decision);
    expect(await page.getByTestId('finding-risk').getByTestId('decision-badge').first().getAttribute('data-decision')).toBe(risk.decision);
    const steps = [risk.assessment.ssvc.exploitation, risk.assessment.ssvc.automatable, risk.assessment.ssvc.technicalImpact, risk.assessment.ssvc.missionPrevalence, risk.assessment.ssvc.publicWellbeing, risk.assessment.ssvc.mwi, risk.assessment.exposure];
    const rows = await page.getByTestId('rationale-row').evaluateAll((trs) =>
      trs.map((tr) => ({
        input: tr.getAttribute('data-input'),
        used: tr.getAttribute('data-used'),
        value: tr.getAttribute('data-value'),
        assumed: tr.hasAttribute('data-assumed'),
        rule: tr.querySelector('[data-testid="rationale-rule"]')?.textContent,
        source: tr.querySelector('[data-testid="rationale-source"]')?.textContent,
      })),
    );
    expect(rows).toEqual(steps.map((s) => ({ input: s.input, used: s.used, value: s.value, assumed: s.assumed, rule: s.rule, source: s.source })));
    expect(await page.getByTestId('risk-outcome').textContent()).toBe(risk.assessment.ssvc.rationale.at(-1));
    expect(await page.getByTestId('deadline-policy').getAttribute('data-due')).toBe(risk.assessment.policy.dueDate ?? '');
    expect(await page.getByTestId('deadline-bod').getAttribute('data-due')).toBe(risk.assessment.bod.dueDate ?? '');
    expect(await page.getByTestId('deadline-kev').getAttribute('data-due')).toBe(risk.assessment.bod.kevDueDate ?? '');
    expect(Number(await page.getByTestId('score-risk').getAttribute('data-score'))).toBe(risk.assessment.risk.score);
    expect(Number(await page.getByTestId('risk-problems').getAttribute('data-count'))).toBe(risk.problems.length);
    expect(await page.getByTestId('risk-action').count()).toBe(risk.recommendedActions.length);
    if (risk.assessment.ssvc.unknown.length > 0) await page.getByTestId('risk-unknown').waitFor();
    await shot('risk-finding.png');
  });

  it('plans the remediation from the finding page: the API records the owner and the due date', async () => {
    const findingId = page.url().split('/').pop()!;
    expect((await api<FindingRiskJson>(`/api/risk/findings/${findingId}`)).remediation.state).toBe('open');
    await page.getByTestId('remediation-to-planned').click();
    const dialog = page.getByTestId('transition-dialog');
    await dialog.getByTestId('transition-summary').waitFor();
    await page.getByTestId('transition-owner').fill('OT network team');
    await page.getByTestId('transition-dueDate').fill(day(5));
    await page.getByTestId('transition-action').fill('Update NGFW to V7.4.1; until then block the SSL-VPN port at the perimeter');
    await page.screenshot({ path: join(resultsDir, 'risk-plan-dialog.png') });
    await page.getByTestId('transition-dialog-submit').click();
    await expect.poll(async () => (await api<FindingRiskJson>(`/api/risk/findings/${findingId}`)).remediation, POLL).toMatchObject({
      state: 'planned',
      plan: { owner: 'OT network team', dueDate: expect.stringContaining(day(5)) },
    });
    await expect.poll(() => page.getByTestId('remediation-panel').getAttribute('data-state'), POLL).toBe('planned');
    expect(await page.getByTestId('remediation-owner').textContent()).toContain('OT network team');
  });

  it('shows the plan on the remediation board and moves the card through the API', async () => {
    const findingId = (await api<QueuePageJson>('/api/risk/queue?limit=1&offset=0')).items[0]!.findingId;
    await page.goto(`${server.baseUrl}/risk/remediations`);
    const planned = page.getByTestId('board-column-planned');
    const card = planned.locator(`[data-testid="board-card"][data-finding-id="${findingId}"]`);
    await card.waitFor();
    expect(await card.getByTestId('board-card-plan').textContent()).toContain('OT network team');
    for (const state of ['planned', 'mitigated', 'remediated', 'verified', 'risk-accepted']) {
      const expected = await api<BoardPageJson>(`/api/risk/remediations?state=${state}&limit=1&offset=0`);
      await expect.poll(() => page.getByTestId(`board-column-${state}`).getAttribute('data-count'), POLL).toBe(String(expected.total));
    }
    // The Open column holds the queue's open findings, most urgent first.
    const queue = await api<QueuePageJson>('/api/risk/queue?limit=100&offset=0');
    const openIds = await page.getByTestId('board-column-open').getByTestId('board-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-finding-id')));
    expect(openIds).toEqual(queue.items.filter((i) => i.state === 'open').map((i) => i.findingId));
    await shot('risk-board.png');

    // Dragging an open card onto Planned asks for the plan (cancelled here).
    const openCard = page.getByTestId('board-column-open').getByTestId('board-card').first();
    await openCard.dragTo(planned);
    await page.getByTestId('transition-dialog').getByTestId('transition-owner').waitFor();
    expect(await page.getByTestId('transition-summary').textContent()).toContain('Open → Planned');
    await page.getByTestId('transition-dialog-cancel').click();

    // The card's menu moves it: planned → mitigated.
    await card.getByTestId('board-card-menu').click();
    await page.getByTestId('board-move-mitigated').click();
    await page.getByTestId('transition-dialog-submit').click();
    await expect.poll(async () => (await api<FindingRiskJson>(`/api/risk/findings/${findingId}`)).remediation.state, POLL).toBe('mitigated');
    await page.getByTestId('board-column-mitigated').locator(`[data-testid="board-card"][data-finding-id="${findingId}"]`).waitFor();
  });

  it('plans one vulnerability across every asset from the board', async () => {
    const attend = (await api<QueuePageJson>('/api/risk/queue?decision=Attend&limit=50&offset=0')).items.find((i) => !i.vulnerability.kev && i.state === 'open')!;
    const vulnerability = attend.vulnerability.id;
    const open = (await api<QueuePageJson>('/api/risk/queue?limit=500&offset=0')).items.filter((i) => i.vulnerability.id === vulnerability && i.state === 'open');
    await page.getByTestId('plan-vulnerability').click();
    await page.getByTestId('plan-vulnerability-id').fill(vulnerability);
    await page.getByTestId('plan-owner').fill('Water OT maintenance');
    await page.getByTestId('plan-due').fill(day(20));
    // Findings already verified or remediated cannot be planned: the dialog says how many and why.
    const done = async (state: string) => (await api<BoardPageJson>(`/api/risk/remediations?vulnerability=${vulnerability}&state=${state}&limit=1&offset=0`)).total;
    const skipped = (await done('verified')) + (await done('remediated'));
    await page.getByTestId('plan-dialog-submit').click();
    if (skipped > 0) {
      expect(await page.getByTestId('plan-skipped').locator('.mantine-Alert-title').textContent()).toBe(`Planned ${open.length}, skipped ${skipped}`);
      await page.getByTestId('plan-dialog-submit').click();
    }
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('plan-card').first().waitFor();
    const plans = await api<{ items: Array<{ id: string; vulnerabilityId: string; findings: number; states: Record<string, number> }> }>('/api/risk/plans?limit=50&offset=0');
    const plan = plans.items.find((p) => p.vulnerabilityId === vulnerability)!;
    expect(plan.states.planned).toBe(open.length);
    await page.locator(`[data-testid="plan-card"][data-plan-id="${plan.id}"]`).click();
    await page.waitForURL(new RegExp(`plan=${plan.id}`));
    const members = await api<BoardPageJson>(`/api/risk/remediations?plan=${plan.id}&state=planned&limit=50&offset=0`);
    await expect.poll(async () => (await page.getByTestId('board-column-planned').getByTestId('board-card').evaluateAll((c) => c.map((x) => x.getAttribute('data-finding-id')))).sort(), POLL).toEqual(
      members.items.map((m) => m.findingId).sort(),
    );
    await shot('risk-board-plan.png');
  });

  it('accepts a risk with an expiry and a reason (the approve permission)', async () => {
    const target = (await api<QueuePageJson>('/api/risk/queue?limit=100&offset=0')).items.find((i) => i.state === 'open' && i.decision !== 'Act')!;
    await page.goto(`${server.baseUrl}/findings/${target.findingId}`);
    await page.getByTestId('remediation-to-risk-accepted').click();
    await page.getByTestId('transition-expiresAt').fill(day(60));
    await page.getByTestId('transition-reason').fill('Cell isolated by a data diode until the spring outage');
    await page.getByTestId('transition-dialog-submit').click();
    await expect.poll(async () => (await api<FindingRiskJson>(`/api/risk/findings/${target.findingId}`)).remediation, POLL).toMatchObject({
      state: 'risk-accepted',
      acceptance: { reason: 'Cell isolated by a data diode until the spring outage', expiresAt: expect.stringContaining(day(60)) },
    });
    await expect.poll(() => page.getByTestId('remediation-panel').getAttribute('data-state'), POLL).toBe('risk-accepted');
    await shot('risk-finding-accepted.png');
  });

  it('offers each role only what it may do: an operator only accepts risks, an auditor only reads', async () => {
    await post('/api/users', { ...OPERATOR, role: 'operator' });
    await post('/api/users', { ...AUDITOR, role: 'auditor' });
    const target = (await api<QueuePageJson>('/api/risk/queue?limit=100&offset=0')).items.find((i) => i.state === 'open')!;
    const operator = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } }, OPERATOR);
    const operatorErrors = collectPageErrors(operator);
    await operator.goto(`${server.baseUrl}/findings/${target.findingId}`);
    await operator.getByTestId('remediation-panel').waitFor();
    expect(await operator.getByTestId('remediation-actions').getByRole('button').allTextContents()).toEqual(['Accept risk']);
    await operator.goto(`${server.baseUrl}/risk/remediations`);
    await operator.getByTestId('board-column-open').getByTestId('board-card').first().waitFor();
    expect(await operator.getByTestId('plan-vulnerability').count()).toBe(0);
    await operator.close();

    const auditor = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } }, AUDITOR);
    const auditorErrors = collectPageErrors(auditor);
    await auditor.goto(`${server.baseUrl}/findings/${target.findingId}`);
    await auditor.getByTestId('remediation-panel').waitFor();
    await auditor.getByTestId('finding-risk-body').locator('[data-testid="rationale-row"]').first().waitFor();
    expect(await auditor.getByTestId('remediation-actions').count()).toBe(0);
    await auditor.goto(`${server.baseUrl}/risk/remediations`);
    await auditor.getByTestId('board-column-open').getByTestId('board-card').first().waitFor();
    expect(await auditor.getByTestId('board-card-menu').count()).toBe(0);
    expect(await auditor.getByTestId('risk-recompute').count()).toBe(0);
    await auditor.close();
    expect([...operatorErrors, ...auditorErrors]).toEqual([]);
  });

  it('lists what is overdue and due soon as the API does', async () => {
    await page.goto(`${server.baseUrl}/risk/overdue`);
    const overdue = await api<QueuePageJson>('/api/risk/overdue?limit=50&offset=0');
    const dueSoon = await api<QueuePageJson>('/api/risk/due-soon?limit=50&offset=0');
    await expect.poll(() => page.getByTestId('deadline-total-overdue').getAttribute('data-value'), POLL).toBe(String(overdue.total));
    await expect.poll(() => page.getByTestId('deadline-total-due-soon').getAttribute('data-value'), POLL).toBe(String(dueSoon.total));
    if (overdue.total === 0) await page.getByTestId('deadline-empty').waitFor();
    else await expect.poll(() => rowIds(), POLL).toEqual(overdue.items.map((i) => i.findingId));
    await page.getByTestId('deadline-list').getByText('Due soon').click();
    await page.waitForURL(/list=due-soon/);
    if (dueSoon.total === 0) await page.getByTestId('deadline-empty').waitFor();
    else await expect.poll(() => rowIds(), POLL).toEqual(dueSoon.items.map((i) => i.findingId));
    await shot('risk-overdue.png');
  });

  it('draws the dashboard: charts in SVG, rollups, trend and rates equal to the API', async () => {
    await post('/api/risk/recompute', {});
    await page.goto(`${server.baseUrl}/risk/dashboard`);
    const org = (await api<{ items: RollupJson[] }>('/api/risk/rollups?level=organisation&limit=1&offset=0')).items[0]!;
    await expect.poll(() => page.getByTestId('tile-risk').getAttribute('data-value'), POLL).toBe(String(org.score));
    for (const d of URGENCY) expect(await page.getByTestId(`tile-${d}`).getAttribute('data-value')).toBe(String(org.byDecision[d]));

    for (const chart of ['chart-trend', 'chart-sites', 'chart-before']) {
      // ECharts adds the SVG element first and draws into it on a later animation frame.
      await expect.poll(() => page.getByTestId(chart).locator('svg path').count(), POLL).toBeGreaterThan(3);
    }
    // The site chart draws one bar per site and decision with a value.
    const sites = await api<{ items: RollupJson[] }>('/api/risk/rollups?level=site&limit=100&offset=0');
    const rows = await page.getByTestId('rollup-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-group-id'), Number(tr.getAttribute('data-score')), Number(tr.getAttribute('data-findings'))]));
    expect(rows).toEqual(sites.items.map((s) => [s.groupId, s.score, s.findings]));
    const siteNames = await page.getByTestId('chart-sites').locator('svg text').allTextContents();
    for (const s of sites.items) expect(siteNames.some((t) => s.name.startsWith(t.replace(/\.\.\.$|…$/, '')))).toBe(true);

    const trend = await api<TrendJson>(`/api/risk/trend?level=organisation&from=${day(-90)}`);
    expect(await page.getByTestId('trend-section').locator('[data-points]').getAttribute('data-points')).toBe(String(trend.series.reduce((n, s) => n + s.points.length, 0)));

    const rates = await api<RatesJson>(`/api/risk/before-exploitation?from=${day(-365)}`);
    const shown = await page.getByTestId('before-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-group'), tr.getAttribute('data-rate')]));
    expect(shown).toEqual([...rates.organisation, ...rates.site].map((r) => [r.group, r.rate === null ? 'n/a' : String(r.rate)]));

    await page.getByTestId('rollup-level').getByText('Zone').click();
    const zones = await api<{ items: RollupJson[] }>('/api/risk/rollups?level=zone&limit=100&offset=0');
    await expect.poll(() => page.getByTestId('rollup-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-group-id'))), POLL).toEqual(zones.items.map((z) => z.groupId));
    expect(await page.getByTestId('rollup-formula').textContent()).toContain('highest finding score');
    await page.getByTestId('rollup-level').getByText('Site').click();
    await shot('risk-dashboard.png');
    // In the dark scheme the charts redraw with light text.
    await page.getByTestId('color-scheme-toggle').click();
    await expect.poll(() => page.getByTestId('chart-sites').locator('svg text').first().getAttribute('fill'), POLL).toBe('#c9c9c9');
    await shot('risk-dashboard-dark.png');
    await page.getByTestId('color-scheme-toggle').click();
  });

  it('ran without console errors (no CSP violation from the charts)', () => {
    expect(errors).toEqual([]);
  });
});
