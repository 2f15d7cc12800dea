/**
 * The web UI driven as a user would, in real headless Chromium, against the real server on a fresh
 * SQLite database seeded with the demo plant. Screenshots go to test-results/ for a human look.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type RunningServer } from './support/server.js';

interface AssetSummaryJson {
  id: string;
  name: string;
  kind: string;
  firmware: string | null;
}
interface AssetPageJson {
  items: AssetSummaryJson[];
  total: number;
}
interface ProvenanceJson {
  sourceKind: string;
  sourceName: string;
}
interface FacetsJson {
  kinds: { value: string; count: number }[];
}
interface SitesJson {
  items: { name: string; assetCount: number }[];
}

const resultsDir = join(repoRoot, 'test-results');
/** Requests that fail on purpose in these tests; the browser logs them, which is not a UI error. */
const EXPECTED_FAILED_REQUESTS = [/\/api\/assets\/no-such-asset$/, /\/api\/assets\/import\?/];

describe.skipIf(!haveChromium())('web UI in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let api: <T>(path: string) => Promise<T>;

  const rowNames = (): Promise<string[]> => page.getByTestId('asset-name').allTextContents();
  const currentUrl = (): URL => new URL(page.url());
  /** Waits until the table shows exactly the rows the API returns for this query (and no older page). */
  const expectRows = async (names: string[]): Promise<void> => {
    await expect.poll(rowNames, { timeout: 15_000 }).toEqual(names);
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    api = async <T>(path: string): Promise<T> => {
      const response = await server.fetch(`${server.baseUrl}${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return (await response.json()) as T;
    };
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the shell: brand, server health and the navigation with planned areas disabled', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/assets$/);
    await expect.poll(() => page.getByTestId('health').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('health-db').textContent()).toBe('sqlite');
    expect(await page.getByTestId('nav-assets').getAttribute('href')).toBe('/assets');
    const soon = page.getByTestId('nav-compliance');
    expect(await soon.getAttribute('href')).toBeNull();
    expect(await soon.getAttribute('aria-disabled')).toBe('true');
    expect(await soon.textContent()).toContain('soon');
  });

  it('lists the first page of assets with the total', async () => {
    const expected = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=name');
    expect(expected.total).toBeGreaterThan(50);
    await page.goto(`${server.baseUrl}/assets`);
    await expectRows(expected.items.map((a) => a.name));
    expect(await page.getByTestId('assets-total').getAttribute('data-total')).toBe(String(expected.total));
    expect(await page.getByTestId('assets-range').textContent()).toBe(`1–50 of ${expected.total.toLocaleString('en')}`);
    await page.screenshot({ path: join(resultsDir, 'assets-page.png') });
  });

  it('narrows the rows with the text search and keeps it in the URL', async () => {
    const all = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=name');
    const target = all.items[7];
    if (!target) throw new Error('demo plant too small');
    await page.getByTestId('asset-search').fill(target.name);
    await page.waitForURL((url) => url.searchParams.get('q') === target.name);
    const expected = await api<AssetPageJson>(`/api/assets?limit=50&offset=0&sort=name&q=${encodeURIComponent(target.name)}`);
    expect(expected.total).toBeLessThan(all.total);
    await expectRows(expected.items.map((a) => a.name));
    expect(await rowNames()).toContain(target.name);
    expect(await page.getByTestId('assets-total').getAttribute('data-total')).toBe(String(expected.total));

    // The back button undoes the search, and the box follows the URL.
    await page.goBack();
    await expectRows(all.items.map((a) => a.name));
    expect(await page.getByTestId('asset-search').inputValue()).toBe('');
  });

  it('filters by kind from the facet drop-down and reflects it in the URL', async () => {
    const facets = await api<FacetsJson>('/api/assets/facets');
    const kind = facets.kinds.find((k) => k.count > 1 && k.count < 50) ?? facets.kinds[0];
    if (!kind) throw new Error('no kind facets');
    await page.goto(`${server.baseUrl}/assets`);
    await page.getByTestId('filter-kind').click();
    await page.getByRole('option', { name: new RegExp(`^${kind.value.toUpperCase()} ·`) }).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === kind.value);
    const expected = await api<AssetPageJson>(`/api/assets?limit=50&offset=0&sort=name&kind=${kind.value}`);
    await expectRows(expected.items.map((a) => a.name));
    expect(await page.getByTestId('assets-total').getAttribute('data-total')).toBe(String(kind.count));
    const kinds = await page.getByTestId('asset-row').getByTestId('kind-badge').allTextContents();
    expect(new Set(kinds)).toEqual(new Set([kind.value]));
    expect(await page.getByTestId('active-filter-kind').textContent()).toContain(kind.value);

    // A shared link with the filter opens the same view.
    const shared = page.url();
    await page.goto(shared);
    await expectRows(expected.items.map((a) => a.name));
  });

  it('sorts by clicking a column header', async () => {
    const ascending = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=name');
    const descending = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=-name');
    expect(descending.items[0]?.name).not.toBe(ascending.items[0]?.name);
    await page.goto(`${server.baseUrl}/assets`);
    await expectRows(ascending.items.map((a) => a.name));
    await page.getByTestId('sort-name').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-name');
    await expectRows(descending.items.map((a) => a.name));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Name');

    await page.getByTestId('sort-vendor').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'vendor');
    const byVendor = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=vendor');
    await expectRows(byVendor.items.map((a) => a.name));
  });

  it('pages through the results and back', async () => {
    const first = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=name');
    const second = await api<AssetPageJson>('/api/assets?limit=50&offset=50&sort=name');
    await page.goto(`${server.baseUrl}/assets`);
    await expectRows(first.items.map((a) => a.name));
    await page.getByTestId('page-next').click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await expectRows(second.items.map((a) => a.name));
    const end = Math.min(100, first.total);
    expect(await page.getByTestId('assets-range').textContent()).toBe(`51–${end} of ${first.total.toLocaleString('en')}`);

    await page.goBack();
    await expectRows(first.items.map((a) => a.name));
    expect(currentUrl().searchParams.get('page')).toBeNull();
  });

  it('opens the detail page from a row, with provenance for the firmware', async () => {
    const list = await api<AssetPageJson>('/api/assets?limit=50&offset=0&sort=name');
    const target = list.items.find((a) => a.firmware);
    if (!target?.firmware) throw new Error('no demo asset with firmware on the first page');
    const detail = await api<{ provenance: { firmware?: ProvenanceJson } }>(`/api/assets/${target.id}`);
    const firmwareSource = detail.provenance.firmware;
    if (!firmwareSource) throw new Error('the API gives no provenance for firmware');

    await page.goto(`${server.baseUrl}/assets`);
    // Click the row itself (not the name link): the whole row opens the asset.
    await page.locator(`[data-testid="asset-row"][data-asset-id="${target.id}"] td`).nth(4).click();
    await page.waitForURL((url) => url.pathname === `/assets/${target.id}`);
    expect(await page.getByTestId('asset-title').textContent()).toBe(target.name);
    const firmwareRow = page.getByTestId('attr-firmware');
    expect(await firmwareRow.getByTestId('attr-value').textContent()).toBe(target.firmware);
    expect(await firmwareRow.getByTestId('source-kind').textContent()).toBe(firmwareSource.sourceKind);
    expect(await firmwareRow.getByTestId('provenance-source').textContent()).toBe(firmwareSource.sourceName);
    expect((await firmwareRow.getByTestId('provenance-observed').textContent())?.length).toBeGreaterThan(0);
    expect(await page.getByTestId('observation').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(resultsDir, 'asset-detail.png'), fullPage: true });
  });

  it('shows a proper not-found view for an unknown asset', async () => {
    await page.goto(`${server.baseUrl}/assets/no-such-asset`);
    await page.getByTestId('asset-not-found').waitFor();
    expect(await page.getByTestId('asset-not-found').textContent()).toContain('Asset not found');
  });

  it('lists sites with counts that link to the filtered assets', async () => {
    const sites = await api<SitesJson>('/api/sites');
    const site = sites.items[0];
    if (!site) throw new Error('demo plant has no sites');
    await page.goto(`${server.baseUrl}/sites`);
    await expect.poll(() => page.getByTestId('site-row').count()).toBe(sites.items.length);
    await page.getByTestId('site-link').first().click();
    await page.waitForURL((url) => url.pathname === '/assets' && url.searchParams.get('site') === site.name);
    await expect.poll(() => page.getByTestId('assets-total').getAttribute('data-total')).toBe(String(site.assetCount));
  });

  it('imports a CSV through the modal: a dry run first, then for real', async () => {
    const name = 'E2E-IMPORTED-PLC-01';
    const csv = `name,kind,vendor,model,firmware,ip\n${name},plc,Siemens,S7-1516,V2.9.4,10.250.0.10\n`;
    const before = await api<AssetPageJson>('/api/assets?limit=1');
    await page.goto(`${server.baseUrl}/assets`);
    await page.getByTestId('import-open').click();
    const modal = page.getByRole('dialog');
    await modal.locator('input[type="file"]').setInputFiles({ name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.getAttribute('data-dry-run')).toBe('true');
    expect(await page.getByTestId('import-created').textContent()).toBe('1');
    expect((await api<AssetPageJson>('/api/assets?limit=1')).total).toBe(before.total);

    await page.getByTestId('import-commit').click();
    await expect.poll(() => report.getAttribute('data-dry-run')).toBe('false');
    expect(await page.getByTestId('import-created').textContent()).toBe('1');
    await page.getByTestId('import-close').click();

    expect((await api<AssetPageJson>('/api/assets?limit=1')).total).toBe(before.total + 1);
    await expect.poll(() => page.getByTestId('assets-total').getAttribute('data-total')).toBe(String(before.total + 1));
    await page.getByTestId('asset-search').fill(name);
    await expectRows([name]);
  });

  it('shows the problems of a bad CSV by line and imports nothing', async () => {
    const before = await api<AssetPageJson>('/api/assets?limit=1');
    const csv = 'name,kind,ip\nE2E-GOOD,plc,10.0.0.1\nE2E-BAD-KIND,toaster,10.0.0.2\nE2E-BAD-IP,plc,999.1.1.1\n';
    await page.goto(`${server.baseUrl}/assets`);
    await page.getByTestId('import-open').click();
    await page.getByRole('dialog').locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-issues').waitFor();
    const lines = await page.getByTestId('import-issue').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-line')));
    expect(lines).toEqual(['3', '4']);
    const text = await page.getByTestId('import-issues').textContent();
    expect(text).toContain('line 3');
    expect(text).toContain('toaster');
    expect(text).toContain('line 4');
    expect(await page.getByTestId('import-commit').count()).toBe(0);
    await page.getByTestId('import-close').click();
    expect((await api<AssetPageJson>('/api/assets?limit=1')).total).toBe(before.total);
  });

  it('switches between light and dark colour schemes', async () => {
    const scheme = (): Promise<string | null> => page.locator('html').getAttribute('data-mantine-color-scheme');
    const initial = await scheme();
    await page.getByTestId('color-scheme-toggle').click();
    await expect.poll(scheme).not.toBe(initial);
    await page.getByTestId('color-scheme-toggle').click();
    await expect.poll(scheme).toBe(initial);
  });

  it('logged no console or page errors', () => {
    // The deliberate 404 above must have been seen, or the error collector is not listening at all.
    expect(errors.some((e) => e.includes('/api/assets/no-such-asset'))).toBe(true);
    const unexpected = errors.filter((e) => !EXPECTED_FAILED_REQUESTS.some((pattern) => pattern.test(e.replace(/\)$/, ''))));
    expect(unexpected).toEqual([]);
  });
});
