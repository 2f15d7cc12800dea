/**
 * The SBOM pages driven as a user would, in real headless Chromium, against the real server with the
 * demo plant. Real documents from ../shared/fixtures/sbom: an ML-BOM imported through the page onto
 * the product version of a demo PLC (so every PLC on that firmware inherits it), the Red Hat OpenSSL
 * SBOM attached to that one PLC through the API, and a hostile XML file that must be refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type RunningServer } from './support/server.js';

interface AssetJson {
  id: string;
  name: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
}
interface PageJson<T> {
  items: T[];
  total: number;
}
interface ComponentJson {
  name: string;
  missing: string[];
}

const resultsDir = join(repoRoot, 'test-results');
const ML = fixture('sbom', 'cyclonedx', '1.6', 'valid-machine-learning-1.6.json');
const OPENSSL = fixture('sbom', 'cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json');
const XXE = '<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components/></bom>';

const norm = (s: string | null) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

describe.skipIf(!haveChromium() || !haveFixtures)('SBOMs in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let plc: AssetJson;
  let siblings: number;
  let opensslId: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await server.fetch(`${server.baseUrl}${path}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    const plcs = await api<PageJson<AssetJson>>('/api/assets?kind=plc&limit=500');
    plc = plcs.items.find((a) => a.vendor && a.model && a.firmware)!;
    expect(plc, 'the demo plant has a PLC with vendor, model and firmware').toBeDefined();
    const all = await api<PageJson<AssetJson>>(`/api/assets?limit=500&vendor=${encodeURIComponent(plc.vendor!)}`);
    siblings = all.items.filter((a) => norm(a.model) === norm(plc.model) && norm(a.firmware) === norm(plc.firmware)).length;
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the SBOM area from the navigation, empty at first', async () => {
    await page.goto(`${server.baseUrl}/assets`);
    expect(await page.getByTestId('nav-sboms').getAttribute('href')).toBe('/sboms');
    await page.getByTestId('nav-sboms').click();
    await page.waitForURL(/\/sboms$/);
    await page.getByTestId('sboms-empty').waitFor();
  });

  it('imports an ML-BOM for a product version through the page; every asset on that firmware inherits it', async () => {
    await page.getByTestId('sbom-import-open').click();
    await page.locator('[data-testid="sbom-import-modal"] input[type="file"]').setInputFiles(ML);
    await page.getByTestId('sbom-import-vendor').fill(plc.vendor!);
    await page.getByTestId('sbom-import-product').fill(plc.model!);
    await page.getByTestId('sbom-import-version').fill(plc.firmware!);
    await page.getByTestId('sbom-import-submit').click();
    await page.getByTestId('sbom-import-report').waitFor();
    expect(await page.getByTestId('sbom-import-inherited').textContent()).toContain(`inherited by ${siblings} asset`);
    await page.screenshot({ path: join(resultsDir, 'sbom-import.png') });
    await page.getByTestId('sbom-import-link').click();
    await page.waitForURL(/\/sboms\/[0-9a-f-]+$/);
    await page.getByTestId('sbom-detail').waitFor();
    // The AI component with its model card.
    const ai = page.getByTestId('ai-component');
    await expect.poll(() => ai.count()).toBe(1);
    expect(await ai.getByTestId('model-card').textContent()).toMatch(/Model parameters/i);
    await expect.poll(() => page.locator('[data-testid="sbom-component"][data-ai="true"]').count()).toBe(1);
    await page.screenshot({ path: join(resultsDir, 'sbom-ml.png'), fullPage: true });
  });

  it('shows an SBOM with its component tree, quality with what each component lacks, and licences', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(OPENSSL))]), 'openssl.cdx.json');
    const response = await server.fetch(`${server.baseUrl}/api/sboms/import?asset=${plc.id}`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    opensslId = ((await response.json()) as { id: string }).id;

    await page.goto(`${server.baseUrl}/sboms`);
    await expect.poll(() => page.getByTestId('sbom-row').count()).toBe(2);
    await page.locator(`[data-testid="sbom-row"][data-sbom-id="${opensslId}"]`).getByTestId('sbom-name').click();
    await page.getByTestId('sbom-detail').waitFor();
    const total = (await api<PageJson<ComponentJson>>(`/api/sboms/${opensslId}/components?limit=1`)).total;
    expect(await page.getByTestId('sbom-component-count').textContent()).toBe(String(total));
    await expect.poll(() => page.getByTestId('sbom-component').count()).toBe(Math.min(total, 50));
    expect(await page.getByTestId('sbom-ntia-score').textContent()).toMatch(/^\d+%$/);

    // Clicking an element with gaps lists the components that lack it, each saying so.
    const element = page.locator('[data-testid="quality-element"]:not([disabled])').first();
    const name = await element.getAttribute('data-element');
    const lacking = await api<PageJson<ComponentJson>>(`/api/sboms/${opensslId}/components?missing=${name}&limit=50`);
    await element.click();
    await page.waitForURL((url) => url.searchParams.get('missing') === name);
    await expect.poll(() => page.getByTestId('sbom-component').count()).toBe(lacking.items.length);
    const missing = await page.getByTestId('sbom-component-missing').allTextContents();
    expect(missing.every((text) => text.includes(name!))).toBe(true);

    // Licences: clicking one filters the components.
    const licence = page.getByTestId('sbom-license').first();
    const licenceName = await licence.getAttribute('data-license');
    await licence.click();
    await page.waitForURL((url) => url.searchParams.get('license') === licenceName);
    await page.getByTestId('filter-license').waitFor();
    await page.screenshot({ path: join(resultsDir, 'sbom-detail.png'), fullPage: true });
  });

  it('shows the asset its own SBOM and the inherited one in the SBOM tab', async () => {
    await page.goto(`${server.baseUrl}/assets/${plc.id}`);
    await page.getByTestId('asset-tab-sbom').click();
    await page.getByTestId('asset-sbom').waitFor();
    // The tab shows its frame first and the SBOMs once they are loaded.
    await expect.poll(() => page.getByTestId('asset-sbom-source').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-via')))).toEqual(['asset', 'product-version']);
    const total = (await api<{ components: { total: number } }>(`/api/assets/${plc.id}/sbom?limit=1`)).components.total;
    await expect.poll(() => page.getByTestId('asset-components-range').textContent()).toContain(`of ${total}`);
    await page.locator('label', { hasText: 'AI only' }).click();
    await expect.poll(() => page.getByTestId('sbom-component').count()).toBe(1);
    await page.screenshot({ path: join(resultsDir, 'asset-sbom.png'), fullPage: true });

    // Another PLC on the same firmware inherits the ML-BOM only.
    const others = await api<PageJson<AssetJson>>(`/api/assets?limit=500&vendor=${encodeURIComponent(plc.vendor!)}`);
    const sibling = others.items.find((a) => a.id !== plc.id && norm(a.model) === norm(plc.model) && norm(a.firmware) === norm(plc.firmware));
    if (sibling) {
      await page.goto(`${server.baseUrl}/assets/${sibling.id}`);
      await page.getByTestId('asset-tab-sbom').click();
      await expect.poll(() => page.getByTestId('asset-sbom-source').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-via')))).toEqual(['product-version']);
    }
  });

  it('refuses a hostile XML file in the import dialog, with its line, changing nothing', async () => {
    const before = await api<PageJson<unknown>>('/api/sboms?limit=1');
    await page.goto(`${server.baseUrl}/sboms`);
    await page.getByTestId('sbom-import-open').click();
    await page.getByTestId('sbom-import-attach').getByText('Not attached').click();
    await page.locator('[data-testid="sbom-import-modal"] input[type="file"]').setInputFiles([{ name: 'xxe.xml', mimeType: 'application/xml', buffer: Buffer.from(XXE) }]);
    await page.getByTestId('sbom-import-submit').click();
    const rejected = page.getByTestId('sbom-import-rejected');
    await rejected.waitFor();
    expect(await rejected.textContent()).toMatch(/DOCTYPE/);
    expect(await rejected.getByTestId('sbom-issue').first().textContent()).toMatch(/^line 2/);
    await page.screenshot({ path: join(resultsDir, 'sbom-import-rejected.png') });
    expect((await api<PageJson<unknown>>('/api/sboms?limit=1')).total).toBe(before.total);
    await page.getByTestId('sbom-import-close').click();
    // The rejected upload is a 400 the browser logs; that is the expected answer, not a UI error.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
