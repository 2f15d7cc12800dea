/**
 * The Discovery page driven as a user would, in real headless Chromium, against the real server
 * (demo plant seeded): two real captures from ../shared/fixtures/pcap are uploaded, the network
 * map, the devices with their evidence and the flows are checked against what the API answers for
 * the same files, the devices are imported into the inventory, and the events show on the page
 * and on the asset page. Screenshots go to test-results/ for a human look.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { repoRoot, signedInPage, startServer, type RunningServer } from './support/server.js';

interface AnalyseJson {
  devices: { id: string; vendor: string | null; model: string | null; firmware: string | null }[];
  flows: { client: string; server: string; protocol: string; operations: string[] }[];
}

const resultsDir = join(repoRoot, 'test-results');
const S7 = fixture('pcap', 's7comm', 'iti-s7comm_reading_plc_status.pcap');
const MODBUS = fixture('pcap', 'modbus', 'iti-modbus_test_data_part2.pcap');
const SITE = 'Capture lab';

describe.skipIf(!haveChromium() || !haveFixtures)('discovery in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let expected: AnalyseJson;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    // What the API says about the same two files (without importing): the page must show this.
    const form = new FormData();
    for (const path of [S7, MODBUS]) form.append('file', new Blob([readFileSync(path)]), basename(path));
    const response = await server.fetch(`${server.baseUrl}/api/discovery/analyse`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expected = (await response.json()) as AnalyseJson;
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads captures and shows the network map, the devices with evidence and the flows', async () => {
    await page.goto(`${server.baseUrl}/assets`);
    await page.getByTestId('nav-discovery').click();
    await page.waitForURL(/\/discovery$/);
    await page.getByTestId('discovery-empty').waitFor();
    await page.locator('input[type="file"]').setInputFiles([S7, MODBUS]);
    await page.getByTestId('discovery-analyse').click();
    await page.getByTestId('discovery-result').waitFor();

    expect(Number(await page.getByTestId('discovery-device-count').getAttribute('data-value'))).toBe(expected.devices.length);
    expect(Number(await page.getByTestId('discovery-flow-count').getAttribute('data-value'))).toBe(expected.flows.length);

    // The map: one node per device, edges by protocol, the Modbus writes in red, and a legend.
    const map = page.getByTestId('discovery-map');
    await map.waitFor();
    const nodeIds = await page.getByTestId('map-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node-id')));
    for (const d of expected.devices) expect(nodeIds).toContain(d.id);
    const edges = await page.getByTestId('map-edge').evaluateAll((list) => list.map((e) => ({ protocol: e.getAttribute('data-protocol'), risky: e.getAttribute('data-risky'), stroke: e.getAttribute('stroke') })));
    expect([...new Set(edges.map((e) => e.protocol))].sort()).toEqual(['modbus', 's7comm']);
    expect(edges.find((e) => e.protocol === 'modbus')).toMatchObject({ risky: 'true', stroke: '#e03131' });
    expect(edges.filter((e) => e.protocol === 's7comm').every((e) => e.risky === 'false')).toBe(true);
    expect(await page.getByTestId('legend-risky').textContent()).toContain('writes');
    expect(await page.getByTestId('legend-protocol').evaluateAll((l) => l.map((x) => x.getAttribute('data-protocol')))).toEqual(['modbus', 's7comm']);
    expect(await page.getByTestId('map-group').evaluateAll((g) => g.map((x) => x.getAttribute('data-group')))).toContain('192.168.1.0/24');

    // The devices: the Siemens PLC with its identity, and its evidence one click away.
    const plc = expected.devices.find((d) => d.vendor === 'Siemens')!;
    const row = page.locator(`[data-testid="discovery-device-row"][data-device-id="${plc.id}"]`);
    expect(await row.getByTestId('device-model').textContent()).toBe(plc.model);
    expect(await row.getByTestId('device-firmware').textContent()).toBe(plc.firmware);
    expect(await row.getByTestId('device-inventory').textContent()).toBe('new');
    await row.getByTestId('device-evidence-toggle').click();
    const evidence = page.getByTestId('device-evidence');
    await evidence.first().waitFor();
    const evidenceText = (await evidence.allTextContents()).join('\n');
    expect(evidenceText).toContain('firmwareVersion');
    expect(evidenceText).toContain(basename(S7));
    expect(evidenceText).toContain('s7comm');

    // The flows with their operations, writes in red.
    expect(await page.getByTestId('discovery-flow-row').count()).toBe(expected.flows.length);
    const risky = page.locator('[data-testid="discovery-flow-row"][data-risky="true"]');
    expect(await risky.count()).toBe(1);
    expect(await risky.getAttribute('data-protocol')).toBe('modbus');
    await page.screenshot({ path: join(resultsDir, 'discovery-map.png'), fullPage: true });
  });

  it('imports the devices into the inventory and shows the report and the events, also on the asset page', async () => {
    await page.getByTestId('discovery-import-site').fill(SITE);
    await page.getByTestId('discovery-import-submit').click();
    await page.getByTestId('discovery-import-report').waitFor();
    expect(Number(await page.getByTestId('discovery-import-created').getAttribute('data-value'))).toBe(expected.devices.length);
    expect(Number(await page.getByTestId('discovery-import-event-count').getAttribute('data-value'))).toBe(expected.devices.length);
    const kinds = await page.getByTestId('discovery-import-events').getByTestId('asset-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(expected.devices.map(() => 'new-device'));
    // The devices now link to their assets.
    expect(await page.getByTestId('device-asset-link').count()).toBe(expected.devices.length);
    await page.screenshot({ path: join(resultsDir, 'discovery-import.png'), fullPage: true });

    await page.getByTestId('discovery-import-events').getByTestId('event-asset-link').filter({ hasText: 'IM151-8-CPU' }).click();
    await page.waitForURL(/\/assets\/[^/]+$/);
    expect(await page.getByTestId('asset-title').textContent()).toBe('IM151-8-CPU');
    await page.getByTestId('asset-tab-events').click();
    await page.getByTestId('asset-events-table').waitFor();
    const assetEvents = page.getByTestId('asset-events-table').getByTestId('asset-event');
    await expect.poll(() => assetEvents.count()).toBe(1);
    expect(await assetEvents.first().getAttribute('data-kind')).toBe('new-device');
    expect(await assetEvents.first().textContent()).toContain('V3.2.6');
    expect(page.url()).toContain('tab=events');

    // Importing the same captures again changes nothing and makes no event.
    await page.getByTestId('nav-discovery').click();
    await page.locator('input[type="file"]').setInputFiles([S7, MODBUS]);
    await page.getByTestId('discovery-analyse').click();
    await page.getByTestId('discovery-result').waitFor();
    expect(await page.getByTestId('device-asset-link').count()).toBe(expected.devices.length);
    await page.getByTestId('discovery-import-site').fill(SITE);
    await page.getByTestId('discovery-import-submit').click();
    await page.getByTestId('discovery-import-no-events').waitFor();
    expect(Number(await page.getByTestId('discovery-import-unchanged').getAttribute('data-value'))).toBe(expected.devices.length);
    expect(errors).toEqual([]);
  });
});
