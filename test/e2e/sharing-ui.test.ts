/**
 * TLP labels and sharing in a real browser, against the real server with the demo plant (which
 * belongs to the hosting organisation). The administrator creates a partner organisation and a
 * partner account through the API, then labels a demo asset TLP:AMBER and shares it with the
 * partner organisation through the asset page; the partner, signed in in its own browser
 * context, sees that one asset in its inventory with its label and the "shared with your
 * organisation" note, and nothing once the share is withdrawn through the page again. A refusal
 * of the server (sharing a record that became TLP:RED with an organisation) is shown in the
 * dialog; an auditor of the owning organisation reads the label and recipients without controls.
 * An SBOM imported through the API is labelled and shared through its page the same way. An
 * analyst of another organisation (not the hosting one) labels its own asset TLP:RED and names the
 * partner by name, choosing from the sharing directory, never the administrators' lists. Every
 * page's console must stay clean under the UI's strict CSP.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, haveChromium, launchBrowser } from './support/browser.js';
import { apiJson, repoRoot, sessionFetch, signedInPage, signIn, startServer, type Credentials, type RunningServer } from './support/server.js';

interface AssetJson {
  id: string;
  name: string;
  tlp: string;
}
interface SharingJson {
  tlp: string;
  shares: { id: string; recipient: { kind: string; id: string; name: string } }[];
}

/** The browser's own, for code that runs in the page (the test project has no DOM types). */
declare function getComputedStyle(element: unknown): { color: string; backgroundColor: string };

const resultsDir = join(repoRoot, 'test-results');
const VIEWPORT = { width: 1440, height: 900 };
const PARTNER_ORG = 'E2E Partner CSIRT';
const PARTNER: Credentials = { username: 'e2e-partner', password: 'partner pass phrase 42' };
const AUDITOR: Credentials = { username: 'e2e-auditor', password: 'auditor pass phrase 42' };
const WATER_ORG = 'E2E Water Co';
const WATER: Credentials = { username: 'e2e-water-analyst', password: 'water analyst phrase 42' };
/** Failed requests that are the expected answer, not UI errors: the share the server refuses under TLP:RED. */
const EXPECTED_FAILED_REQUESTS = [/status of 400 .*\/api\/sharing\/asset\/[^/]+\/shares$/];

describe.skipIf(!haveChromium())('TLP labels and sharing in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let partner: Page;
  let asset: AssetJson;
  let partnerOrgId: string;
  const pageErrors: Array<{ name: string; errors: string[] }> = [];

  const api = <T>(path: string, init?: RequestInit): Promise<T> => apiJson<T>(server, path, init);
  const send = <T>(method: string, path: string, body: unknown) =>
    api<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** A page of its own browser context, signed in as `credentials` (the administrator by default), its console watched. */
  const newPage = async (name: string, credentials?: Credentials): Promise<Page> => {
    const p = await signedInPage(browser, server, { viewport: VIEWPORT }, credentials);
    p.setDefaultTimeout(15_000);
    pageErrors.push({ name, errors: collectPageErrors(p) });
    return p;
  };
  /** Waits for what the page shows to settle on the expected value (pages answer after their requests). */
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
  const shareRows = (p: Page) => p.getByTestId('share-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-recipient-kind')}:${r.getAttribute('data-recipient-name')}`));
  const assetRowIds = (p: Page) => p.getByTestId('asset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-asset-id')));

  /** Chooses a label in the label dialog of the sharing panel and saves it. */
  const changeLabel = async (p: Page, label: string): Promise<void> => {
    await p.getByTestId('sharing-change-label').click();
    await p.locator(`[data-testid="tlp-option"][data-tlp="${label}"]`).click();
    await p.getByTestId('tlp-change-submit').click();
    await p.getByTestId('tlp-change-submit').waitFor({ state: 'hidden' });
    await poll(() => p.getByTestId('sharing-summary').getAttribute('data-tlp')).toBe(label);
  };
  const chooseOrganisation = async (p: Page, name: string): Promise<void> => {
    await p.getByTestId('sharing-add-open').click();
    await p.getByTestId('share-organisation').click();
    await p.getByRole('option', { name }).click();
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
    }
    mkdirSync(resultsDir, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();

    partnerOrgId = (await send<{ id: string }>('POST', '/api/organisations', { name: PARTNER_ORG, kind: 'partner' })).id;
    await send('POST', '/api/users', { ...PARTNER, role: 'partner', orgId: partnerOrgId });
    await send('POST', '/api/users', { ...AUDITOR, role: 'auditor' });
    const first = (await api<{ items: AssetJson[] }>('/api/assets?limit=1&offset=0&sort=name')).items[0];
    if (!first) throw new Error('the demo plant has no assets');
    asset = first;
    admin = await newPage('admin');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the default label in the header, the list and the sharing panel of an unshared asset', async () => {
    expect(asset.tlp).toBe('AMBER+STRICT');
    await admin.goto(`${server.baseUrl}/assets`);
    const row = admin.locator(`[data-testid="asset-row"][data-asset-id="${asset.id}"]`);
    expect(await row.getByTestId('tlp-badge').textContent()).toBe('TLP:AMBER+STRICT');

    await admin.goto(`${server.baseUrl}/assets/${asset.id}`);
    await admin.getByTestId('sharing-section').waitFor();
    await poll(() => admin.getByTestId('record-tlp').textContent()).toBe('TLP:AMBER+STRICT');
    expect(await admin.getByTestId('sharing-tlp').textContent()).toBe('TLP:AMBER+STRICT');
    expect(await admin.getByTestId('sharing-audience').textContent()).toContain('within their own organisation only');
    expect(await admin.getByTestId('share-empty').textContent()).toContain('Not shared with anyone');
    expect(await admin.getByTestId('shared-with-you').count()).toBe(0);
  });

  it('labels the asset TLP:AMBER, showing one line about each label to choose from', async () => {
    await admin.getByTestId('sharing-change-label').click();
    const options = admin.getByTestId('tlp-option');
    expect(await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-tlp')))).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(await admin.getByTestId('tlp-option-badge').allTextContents()).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    // FIRST's colours, on black.
    const colours = await admin.getByTestId('tlp-option-badge').evaluateAll((els) => els.map((e) => `${getComputedStyle(e).color} on ${getComputedStyle(e).backgroundColor}`));
    expect(colours).toEqual([
      'rgb(255, 255, 255) on rgb(0, 0, 0)',
      'rgb(51, 255, 0) on rgb(0, 0, 0)',
      'rgb(255, 192, 0) on rgb(0, 0, 0)',
      'rgb(255, 192, 0) on rgb(0, 0, 0)',
      'rgb(255, 43, 43) on rgb(0, 0, 0)',
    ]);
    // Nothing to save until another label is chosen; CLEAR says what it gives away.
    expect(await admin.getByTestId('tlp-change-submit').isDisabled()).toBe(true);
    await admin.locator('[data-testid="tlp-option"][data-tlp="CLEAR"]').click();
    expect(await admin.getByTestId('sharing-warning').textContent()).toContain('every organisation on this installation');
    await admin.screenshot({ path: join(resultsDir, 'sharing-label.png') });
    await admin.getByTestId('tlp-change-cancel').click();
    await admin.getByTestId('tlp-change-cancel').waitFor({ state: 'hidden' });

    await changeLabel(admin, 'AMBER');
    await poll(() => admin.getByTestId('record-tlp').textContent()).toBe('TLP:AMBER');
    expect(await admin.getByTestId('sharing-audience').textContent()).toContain('within their organisation and with its clients');
    expect((await api<SharingJson>(`/api/sharing/asset/${asset.id}`)).tlp).toBe('AMBER');
  });

  it('shows the server refusal when the label became TLP:RED before sharing with an organisation', async () => {
    await chooseOrganisation(admin, PARTNER_ORG);
    // Meanwhile someone labels it TLP:RED, which only people receive.
    await send('PUT', `/api/sharing/asset/${asset.id}/tlp`, { tlp: 'RED' });
    await admin.getByTestId('share-add-submit').click();
    const error = admin.getByTestId('share-add').getByTestId('error-state');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('It was not shared');
    expect(text).toContain('TLP:RED is shared with named people, not organisations');
    expect(text).toContain('invalid-share');
    await admin.screenshot({ path: join(resultsDir, 'sharing-refused.png') });
    await admin.getByTestId('share-add-cancel').click();
    // The panel reads the record again and shows what the server holds now.
    await poll(() => admin.getByTestId('sharing-summary').getAttribute('data-tlp')).toBe('RED');
    expect(await admin.getByTestId('record-tlp').textContent()).toBe('TLP:RED');
    expect((await api<SharingJson>(`/api/sharing/asset/${asset.id}`)).shares).toEqual([]);
  });

  it('shares the TLP:AMBER asset with the partner organisation through the panel', async () => {
    await changeLabel(admin, 'AMBER');
    await chooseOrganisation(admin, PARTNER_ORG);
    await admin.getByTestId('share-add-submit').click();
    await admin.getByTestId('share-add-submit').waitFor({ state: 'hidden' });
    await poll(() => shareRows(admin)).toEqual([`organisation:${PARTNER_ORG}`]);
    expect(await admin.getByTestId('share-row').getByTestId('share-recipient').textContent()).toBe(PARTNER_ORG);
    const state = await api<SharingJson>(`/api/sharing/asset/${asset.id}`);
    expect(state.tlp).toBe('AMBER');
    expect(state.shares.map((s) => s.recipient)).toEqual([{ kind: 'organisation', id: partnerOrgId, name: PARTNER_ORG }]);
    await admin.screenshot({ path: join(resultsDir, 'sharing-shared.png'), fullPage: true });
  });

  it('shows the partner only that asset, with its label and whose it is', async () => {
    partner = await newPage('partner', PARTNER);
    await partner.goto(`${server.baseUrl}/assets`);
    await poll(() => partner.getByTestId('assets-total').getAttribute('data-total')).toBe('1');
    expect(await assetRowIds(partner)).toEqual([asset.id]);
    expect(await partner.getByTestId('asset-row').getByTestId('tlp-badge').textContent()).toBe('TLP:AMBER');
    await partner.screenshot({ path: join(resultsDir, 'sharing-partner-inventory.png') });

    await partner.getByTestId('asset-name').click();
    await partner.waitForURL((url) => url.pathname === `/assets/${asset.id}`);
    const note = partner.getByTestId('shared-with-you');
    await note.waitFor();
    expect(await note.getAttribute('data-tlp')).toBe('AMBER');
    expect(await note.textContent()).toContain('Shared with your organisation under TLP:AMBER');
    expect(await note.textContent()).toContain('Read-only');
    expect(await partner.getByTestId('record-tlp').textContent()).toBe('TLP:AMBER');
    // The owner's panel, its recipients and its controls are not the partner's business.
    expect(await partner.getByTestId('sharing-section').count()).toBe(0);
    expect(await partner.getByTestId('sharing-change-label').count()).toBe(0);
    await partner.screenshot({ path: join(resultsDir, 'sharing-partner-asset.png') });
  });

  it('shows an auditor of the owning organisation the label and recipients, read-only', async () => {
    const auditor = await newPage('auditor', AUDITOR);
    await auditor.goto(`${server.baseUrl}/assets/${asset.id}`);
    await auditor.getByTestId('sharing-read-only').waitFor();
    expect(await auditor.getByTestId('sharing-tlp').textContent()).toBe('TLP:AMBER');
    await poll(() => shareRows(auditor)).toEqual([`organisation:${PARTNER_ORG}`]);
    expect(await auditor.getByTestId('sharing-change-label').count()).toBe(0);
    expect(await auditor.getByTestId('sharing-add-open').count()).toBe(0);
    expect(await auditor.getByTestId('share-remove').count()).toBe(0);
    await auditor.context().close();
  });

  it('withdraws the share through the panel, and the partner no longer sees the asset', async () => {
    await admin.getByTestId('share-row').getByTestId('share-remove').click();
    await poll(() => admin.getByTestId('share-remove-modal').textContent()).toContain(PARTNER_ORG);
    await admin.getByTestId('share-remove-modal-confirm').click();
    await admin.getByTestId('share-empty').waitFor();
    expect(await admin.getByTestId('share-row').count()).toBe(0);
    expect((await api<SharingJson>(`/api/sharing/asset/${asset.id}`)).shares).toEqual([]);

    await partner.goto(`${server.baseUrl}/assets`);
    await poll(() => partner.getByTestId('assets-total').getAttribute('data-total')).toBe('0');
    expect(await partner.getByTestId('asset-row').count()).toBe(0);
    await partner.getByTestId('assets-empty').waitFor();
  });

  it('labels and shares an SBOM the same way, and the partner reads it with the note', async () => {
    const document = JSON.stringify({
      bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
      metadata: { component: { type: 'firmware', name: 'E2E controller firmware', version: '2.9.4', 'bom-ref': 'fw' } },
      components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
    });
    const form = new FormData();
    form.append('file', new Blob([document], { type: 'application/json' }), 'e2e-firmware.cdx.json');
    const sbom = await api<{ id: string }>(`/api/sboms/import?product=${encodeURIComponent('E2E Vendor/E2E Controller/2.9.4')}`, { method: 'POST', body: form });

    await admin.goto(`${server.baseUrl}/sboms/${sbom.id}`);
    await admin.getByTestId('sharing-section').waitFor();
    await poll(() => admin.getByTestId('record-tlp').textContent()).toBe('TLP:AMBER+STRICT');
    await changeLabel(admin, 'GREEN');
    await poll(() => admin.getByTestId('record-tlp').textContent()).toBe('TLP:GREEN');
    expect(await admin.getByTestId('sharing-audience').textContent()).toContain('within their community');
    await chooseOrganisation(admin, PARTNER_ORG);
    await admin.getByTestId('share-add-submit').click();
    await poll(() => shareRows(admin)).toEqual([`organisation:${PARTNER_ORG}`]);
    await admin.screenshot({ path: join(resultsDir, 'sharing-sbom.png'), fullPage: true });

    // SBOM answers carry their label and owner, so the partner's note names both.
    await partner.goto(`${server.baseUrl}/sboms/${sbom.id}`);
    const note = partner.getByTestId('shared-with-you');
    await note.waitFor();
    expect(await note.getAttribute('data-tlp')).toBe('GREEN');
    expect(await note.textContent()).toMatch(/Shared with your organisation under TLP:GREEN by \S/);
    await poll(() => partner.getByTestId('record-tlp').textContent()).toBe('TLP:GREEN');
    expect(await partner.getByTestId('sharing-section').count()).toBe(0);
    await partner.getByTestId('sbom-title').waitFor();
  });

  it('lets an analyst of another organisation name a partner by name, choosing from the sharing directory', async () => {
    const waterOrgId = (await send<{ id: string }>('POST', '/api/organisations', { name: WATER_ORG, kind: 'operator' })).id;
    await send('POST', '/api/users', { ...WATER, role: 'analyst', orgId: waterOrgId });
    const session = await signIn(server.baseUrl, WATER);
    const created = await sessionFetch(server.baseUrl, session, '/api/assets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'E2E Water PLC', kind: 'plc', externalId: 'E2E-W-1' }),
    });
    expect(created.status).toBe(201);
    const waterAsset = (await created.json()) as AssetJson;

    const water = await newPage('water analyst', WATER);
    const asked: string[] = [];
    water.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await water.goto(`${server.baseUrl}/assets/${waterAsset.id}`);
    await water.getByTestId('sharing-section').waitFor();
    await changeLabel(water, 'RED');
    await water.getByTestId('sharing-add-open').click();
    await water.getByTestId('share-person-organisation').click();
    // Every other organisation is in the directory, the hosting one included.
    expect(await water.getByRole('option', { name: PARTNER_ORG }).count()).toBe(1);
    await water.getByRole('option', { name: PARTNER_ORG }).click();
    await water.getByTestId('share-person').click();
    await water.getByRole('option', { name: new RegExp(PARTNER.username) }).click();
    await water.getByTestId('share-add-submit').click();
    await poll(() => shareRows(water)).toEqual([`person:${PARTNER.username}`]);
    await water.screenshot({ path: join(resultsDir, 'sharing-directory.png'), fullPage: true });
    expect(asked).toContain('/api/organisations/directory');
    expect(asked).toContain(`/api/organisations/${partnerOrgId}/people`);
    // The administrators' lists were never asked for (they would show this analyst its own organisation only, or refuse).
    expect(asked.filter((path) => path === '/api/users' || path === '/api/organisations')).toEqual([]);
    await water.context().close();

    // The partner, named, receives it with the label and whose it is.
    await partner.goto(`${server.baseUrl}/assets/${waterAsset.id}`);
    const note = partner.getByTestId('shared-with-you');
    await note.waitFor();
    expect(await note.getAttribute('data-tlp')).toBe('RED');
    expect(await note.textContent()).toContain(`Shared with you by name under TLP:RED by ${WATER_ORG}`);
  });

  it('logged no console or page errors on any page, and no CSP violation', () => {
    const errors = pageErrors.flatMap(({ name, errors: list }) => list.map((e) => `${name}: ${e}`));
    // The refused share must have been seen, or the error collector is not listening at all.
    expect(errors.some((e) => EXPECTED_FAILED_REQUESTS.some((pattern) => pattern.test(e.replace(/\)$/, ''))))).toBe(true);
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    const unexpected = errors.filter((e) => !EXPECTED_FAILED_REQUESTS.some((pattern) => pattern.test(e.replace(/\)$/, ''))));
    expect(unexpected).toEqual([]);
  });
});
