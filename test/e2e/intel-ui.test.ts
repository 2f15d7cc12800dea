/**
 * The vulnerability-intelligence pages driven as a user would, in real headless Chromium, against the
 * real server on a fresh database. Real documents (CISA KEV, a CISA CSAF advisory, NVD and CVE 5
 * records from ../shared/fixtures) and two small hand-written EPSS files are imported through the API
 * first. Screenshots go to test-results/ for a human look.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type RunningServer } from './support/server.js';

interface VulnSummaryJson {
  id: string;
  cvss: { baseScore: number; vector: string; assessor: string | null } | null;
  kev: { dueDate: string | null } | null;
}
interface PageJson<T> {
  items: T[];
  total: number;
}
interface ImportReportJson {
  documents: { name: string; kind: string; status: string; records: number; issues: { message: string }[] }[];
  imported: number;
  rejected: number;
}
interface StatusJson {
  sources: { source: string; documents: number; records: number }[];
  counts: { vulnerabilities: number; advisories: number; kev: number; epss: number };
}
interface KevCatalogJson {
  vulnerabilities: { cveID: string; dueDate: string }[];
}
interface CsafJson {
  document: { tracking: { id: string } };
  vulnerabilities: { product_status?: Record<string, string[]>; remediations?: { category: string }[] }[];
}

const resultsDir = join(repoRoot, 'test-results');
const ownFixtures = join(repoRoot, 'test', 'e2e', 'fixtures');
const KEV = fixture('kev', 'known_exploited_vulnerabilities.json');
const CSAF = fixture('csaf', 'cisa-ot', 'icsa-23-325-01.json');
const DOCUMENTS = [
  KEV,
  CSAF,
  fixture('nvd', 'fkie-cad', 'CVE-2023-4089.json'),
  fixture('nvd', 'vunnel-api-pages', 'full-page-38-records.json'),
  fixture('cve5', 'CVE-2023-20198.json'),
  fixture('cve5', 'CVE-2023-27997.json'),
  join(ownFixtures, 'epss-2025-03-20.csv'),
  join(ownFixtures, 'epss-2025-04-20.csv'),
];
/** A real CSAF advisory cut off mid-document: it must be rejected with a reason, and nothing else must change. */
const truncatedCsaf = (): Buffer => readFileSync(CSAF).subarray(0, 700);

/** Requests that fail on purpose in these tests; the browser logs them, which is not a UI error. */
const EXPECTED_FAILED_REQUESTS: RegExp[] = [];

describe.skipIf(!haveChromium() || !haveFixtures)('vulnerability intelligence in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const api = async <T>(path: string): Promise<T> => {
    const response = await server.fetch(`${server.baseUrl}${path}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const upload = async (files: Array<{ name: string; bytes: Buffer }>): Promise<ImportReportJson> => {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
    const response = await server.fetch(`${server.baseUrl}/api/intel/import`, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`import: HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as ImportReportJson;
  };
  const rowIds = (): Promise<string[]> => page.getByTestId('vuln-id').allTextContents();
  const expectRows = async (ids: string[]): Promise<void> => {
    await expect.poll(rowIds, { timeout: 15_000 }).toEqual(ids);
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    // One document per request, in order, so the second EPSS day really is a later revision of the first.
    for (const path of DOCUMENTS) {
      const report = await upload([{ name: basename(path), bytes: readFileSync(path) }]);
      expect(report.rejected, `${basename(path)}: ${JSON.stringify(report.documents)}`).toBe(0);
    }
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the vulnerabilities area from the navigation', async () => {
    await page.goto(`${server.baseUrl}/assets`);
    expect(await page.getByTestId('nav-vulnerabilities').getAttribute('href')).toBe('/vulnerabilities');
    expect(await page.getByTestId('nav-advisories').getAttribute('href')).toBe('/advisories');
    expect(await page.getByTestId('nav-intel-status').getAttribute('href')).toBe('/intel');
    await page.getByTestId('nav-vulnerabilities').click();
    await page.waitForURL(/\/vulnerabilities$/);
    await page.getByTestId('vulns-table').waitFor();
  });

  it('lists the imported vulnerabilities, newest first, with the total', async () => {
    const expected = await api<PageJson<VulnSummaryJson>>('/api/vulnerabilities?limit=50&offset=0&sort=-published');
    // KEV alone brings 1,404 CVEs; the NVD and CVE 5 records add their own.
    expect(expected.total).toBeGreaterThan(1404);
    await page.goto(`${server.baseUrl}/vulnerabilities`);
    await expectRows(expected.items.map((v) => v.id));
    expect(await page.getByTestId('vulns-total').getAttribute('data-total')).toBe(String(expected.total));
    expect(await page.getByTestId('vulns-range').textContent()).toBe(`1–50 of ${expected.total.toLocaleString('en')}`);
    await page.screenshot({ path: join(resultsDir, 'intel-vulnerabilities.png') });
  });

  it('narrows to known-exploited vulnerabilities with the KEV toggle, kept in the URL', async () => {
    await page.getByTestId('vuln-search').fill('CVE-2023-');
    await page.waitForURL((url) => url.searchParams.get('q') === 'CVE-2023-');
    await page.getByTestId('filter-kev').click();
    await page.waitForURL((url) => url.searchParams.get('kev') === 'true');
    const expected = await api<PageJson<VulnSummaryJson>>('/api/vulnerabilities?limit=50&offset=0&sort=-published&q=CVE-2023-&kev=true');
    const all = await api<PageJson<VulnSummaryJson>>('/api/vulnerabilities?limit=1&offset=0&q=CVE-2023-');
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.total).toBeLessThan(all.total);
    expect(expected.items.every((v) => v.kev !== null)).toBe(true);
    await expectRows(expected.items.map((v) => v.id));
    expect(await page.getByTestId('vuln-row').count()).toBe(await page.getByTestId('vuln-row').getByTestId('kev-badge').count());
    expect(await page.getByTestId('vulns-total').getAttribute('data-total')).toBe(String(expected.total));
    await page.screenshot({ path: join(resultsDir, 'intel-vulnerabilities-kev.png') });
  });

  it('sorts by CVSS from the column header, highest first', async () => {
    await page.goto(`${server.baseUrl}/vulnerabilities?q=CVE-2023-`);
    await page.getByTestId('sort-cvss').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-cvss');
    const expected = await api<PageJson<VulnSummaryJson>>('/api/vulnerabilities?limit=50&offset=0&sort=-cvss&q=CVE-2023-');
    await expectRows(expected.items.map((v) => v.id));
    const scores = (await page.getByTestId('vuln-row').getByTestId('cvss-badge').evaluateAll((nodes) =>
      nodes.map((node) => Number(node.getAttribute('data-score'))),
    )) as number[];
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('CVSS');

    // A second click flips the direction.
    await page.getByTestId('sort-cvss').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'cvss');
    const ascending = await api<PageJson<VulnSummaryJson>>('/api/vulnerabilities?limit=50&offset=0&sort=cvss&q=CVE-2023-');
    await expectRows(ascending.items.map((v) => v.id));
  });

  it('shows a vulnerability with its CVSS vector and source, and the KEV due date from the catalog', async () => {
    const catalog = JSON.parse(readFileSync(KEV, 'utf8')) as KevCatalogJson;
    const kevEntry = catalog.vulnerabilities.find((v) => v.cveID === 'CVE-2023-20198');
    if (!kevEntry) throw new Error('CVE-2023-20198 is not in the KEV fixture');
    const summary = await api<VulnSummaryJson>('/api/vulnerabilities/CVE-2023-20198');
    if (!summary.cvss) throw new Error('CVE-2023-20198 has no CVSS');

    await page.goto(`${server.baseUrl}/vulnerabilities?q=CVE-2023-20198`);
    await page.getByTestId('vuln-id').filter({ hasText: 'CVE-2023-20198' }).click();
    await page.waitForURL(/\/vulnerabilities\/CVE-2023-20198$/);
    expect(await page.getByTestId('vuln-title').textContent()).toBe('CVE-2023-20198');
    const vectors = await page.getByTestId('cvss-vector').allTextContents();
    expect(vectors).toContain(summary.cvss.vector);
    const metric = page.getByTestId('cvss-metric').filter({ hasText: summary.cvss.vector }).first();
    expect(await metric.getByTestId('cvss-assessor').textContent()).toBe(summary.cvss.assessor ?? '—');
    expect(await metric.getByTestId('source-tag').textContent()).toContain('cve5');
    expect(await page.getByTestId('kev-due-date').textContent()).toBe(kevEntry.dueDate);
    expect(await page.getByTestId('ssvc-panel').textContent()).toContain('active');
    await page.screenshot({ path: join(resultsDir, 'intel-vulnerability-detail.png'), fullPage: true });
  });

  it('shows the NVD configuration tree, EPSS history and the change it caused', async () => {
    await page.goto(`${server.baseUrl}/vulnerabilities/CVE-2023-4089`);
    await page.getByTestId('vuln-detail').waitFor();
    expect(await page.getByTestId('cpe-configuration').count()).toBeGreaterThan(0);
    // Each WAGO configuration pairs a vulnerable firmware with the hardware it runs on.
    expect(await page.locator('[data-testid="cpe-match"][data-vulnerable="false"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cpe-bounds').first().textContent()).toMatch(/≥|≤|<|>/);
    expect(await page.getByTestId('csaf-product').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('epss-sparkline').getAttribute('data-points')).toBe('2');
    expect(await page.getByTestId('epss-score').textContent()).toBe('23.5%');
    await expect.poll(() => page.locator('[data-testid="vuln-event"][data-kind="epss-threshold"]').count()).toBe(1);
    expect(await page.getByTestId('vuln-advisory-link').allTextContents()).toContain('ICSA-23-325-01');
    await page.screenshot({ path: join(resultsDir, 'intel-vulnerability-specs.png'), fullPage: true });
  });

  it('renders a CSAF advisory for people: product statuses, remediations and the original document', async () => {
    const csaf = JSON.parse(readFileSync(CSAF, 'utf8')) as CsafJson;
    const id = csaf.document.tracking.id;
    const affected = new Set(csaf.vulnerabilities.flatMap((v) => v.product_status?.known_affected ?? []));
    const remediationCategories = new Set(csaf.vulnerabilities.flatMap((v) => (v.remediations ?? []).map((r) => r.category)));

    await page.goto(`${server.baseUrl}/advisories`);
    await page.getByTestId('advisory-id').filter({ hasText: id }).click();
    await page.waitForURL((url) => url.pathname === `/advisories/${id}`);
    await page.getByTestId('advisory-detail').waitFor();
    const group = page.locator('[data-testid="status-group"][data-status="affected"]');
    expect(await group.getByTestId('status-label').textContent()).toBe('Known affected');
    const products = await group.getByTestId('status-products').locator('li').allTextContents();
    expect(products).toHaveLength(affected.size);
    // Full product names, not the CSAF product ids.
    expect(products.some((name) => affected.has(name))).toBe(false);
    expect(products.every((name) => name.length > 0)).toBe(true);
    const categories = await page.getByTestId('remediation').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-category')));
    expect(new Set(categories)).toEqual(remediationCategories);
    expect(await page.getByTestId('tlp-badge').textContent()).toBe('TLP:CLEAR');

    const href = await page.getByTestId('advisory-download').getAttribute('href');
    if (!href) throw new Error('no download link');
    const original = await server.fetch(`${server.baseUrl}${href}`);
    expect(original.ok).toBe(true);
    expect(await original.json()).toEqual(JSON.parse(readFileSync(CSAF, 'utf8')));
    await page.screenshot({ path: join(resultsDir, 'intel-advisory.png'), fullPage: true });
  });

  it('shows the intel status counts per source', async () => {
    const status = await api<StatusJson>('/api/intel/status');
    expect(status.counts.kev).toBe(JSON.parse(readFileSync(KEV, 'utf8')).vulnerabilities.length);
    await page.goto(`${server.baseUrl}/intel`);
    await page.getByTestId('intel-sources').waitFor();
    for (const key of ['vulnerabilities', 'advisories', 'kev', 'epss'] as const) {
      expect(await page.getByTestId(`count-${key}`).getAttribute('data-count')).toBe(String(status.counts[key]));
    }
    const sources = await page.getByTestId('intel-source').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source')));
    expect(sources).toEqual(status.sources.map((s) => s.source));
    const kevRow = page.locator('[data-testid="intel-source"][data-source="kev"]');
    expect(await kevRow.getByTestId('intel-source-records').textContent()).toBe(status.counts.kev.toLocaleString('en'));
    await page.screenshot({ path: join(resultsDir, 'intel-status.png') });
  });

  it('imports through the page and shows why a bad file was rejected, changing nothing', async () => {
    const before = await api<StatusJson>('/api/intel/status');
    await page.getByTestId('intel-import-open').click();
    await page.getByTestId('intel-import-submit').waitFor();
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'truncated-advisory.json', mimeType: 'application/json', buffer: truncatedCsaf() },
    ]);
    await page.getByTestId('intel-import-submit').click();
    const document = page.locator('[data-testid="intel-import-document"][data-name="truncated-advisory.json"]');
    await document.waitFor();
    expect(await document.getAttribute('data-status')).toBe('rejected');
    expect(await page.getByTestId('intel-rejected').textContent()).toBe('1');
    const reasons = await document.getByTestId('intel-import-issue').allTextContents();
    // Cut off mid-document, so the reason is about the JSON itself and says where.
    expect(reasons.join(' ')).toMatch(/JSON/i);
    await page.screenshot({ path: join(resultsDir, 'intel-import-rejected.png') });

    const after = await api<StatusJson>('/api/intel/status');
    expect(after.counts).toEqual(before.counts);
    await page.getByTestId('intel-import-close').click();
    expect(errors.filter((e) => !EXPECTED_FAILED_REQUESTS.some((re) => re.test(e)))).toEqual([]);
  });
});
