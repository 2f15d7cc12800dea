/**
 * The authorisation matrix, generated from the server's own route table: every API route × no
 * credentials and every role, and every route that names a record × every role of one
 * organisation × the records of another. A route added without an access rule stops the server
 * from starting; a route whose rule and behaviour disagree, or that names a record and is not
 * classified below, fails here.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ROLES, roleAllows, type Role } from '../../src/model/auth.js';
import { buildApp } from '../../src/server/app.js';
import { createOrganisation } from '../../src/services/auth/accounts.js';
import { importIntel } from '../../src/services/intel.js';
import { describeEachDialect } from '../support/stores.js';
import { testToken } from '../support/app.js';
import { fixture } from '../support/fixtures.js';
import { multipartFile } from '../support/multipart.js';

const SOME_ID = '01900000-0000-7000-8000-00000000abcd';


function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, SOME_ID);
}

/** Routes whose parameter names shared knowledge, not a tenant's record: anyone who may read them reads every one. */
const SHARED_KNOWLEDGE = ['/api/vulnerabilities/:id', '/api/advisories/:id', '/api/organisations/:id/people'];

/** The name put into every record of the other organisation: it must never appear in an answer. */
const SECRET = 'OTHER-ORG-SECRET';

/** Bodies that get past validation, so that the route has to look the record up (and refuse). */
const BODIES: Record<string, unknown> = {
  'PATCH /api/assets/:id': { firmware: 'V0' },
  'PUT /api/sharing/:kind/:id/tlp': { tlp: 'CLEAR' },
  'POST /api/findings/:id/decision': { decision: 'reject', reason: 'not ours' },
  'PATCH /api/users/:id': { role: 'partner' },
  'POST /api/users/:id/password': { password: 'a password taken over 42' },
  'PATCH /api/risk/overrides/:id': { value: 'small', reason: 'taken over' },
  'PATCH /api/risk/plans/:id': { owner: 'mallory' },
  'PATCH /api/risk/notifications/endpoints/:id': { name: 'taken over' },
};

describeEachDialect('authorisation matrix', (h) => {
  let app: FastifyInstance;
  const tokens = new Map<Role, string>();

  it('has a rule for every API route, and every role gets exactly what its rule says', async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 100_000 });
    try {
      for (const role of ROLES) tokens.set(role, await testToken(h.store, role));
      const table = app.routeTable;
      expect(table.length).toBeGreaterThan(50);
      const problems: string[] = [];
      for (const route of table) {
        const url = concreteUrl(route.url);
        const send = (authorization?: string) =>
          app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
          });
        const anonymous = await send();
        if (route.access === 'public' ? anonymous.statusCode === 401 : anonymous.statusCode !== 401) {
          problems.push(`${route.method} ${route.url} (${route.access}) without credentials answered ${anonymous.statusCode}`);
        }
        for (const role of ROLES) {
          const res = await send(`Bearer ${tokens.get(role)}`);
          // Tokens never satisfy `session` routes (the matrix signs in with tokens).
          const allowed = route.access === 'public' || route.access === 'signed-in' || (route.access !== 'session' && roleAllows(role, route.access));
          const refused = res.statusCode === 401 || res.statusCode === 403;
          if (allowed === refused) {
            problems.push(`${route.method} ${route.url} (${route.access}) as ${role} answered ${res.statusCode}: ${res.body.slice(0, 160)}`);
          }
          if (res.statusCode >= 500) problems.push(`${route.method} ${route.url} as ${role} answered ${res.statusCode}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('refuses to start when a route has no access rule', async () => {
    const { default: Fastify } = await import('fastify');
    const { installAuth } = await import('../../src/server/auth.js');
    const bare = Fastify();
    installAuth(bare, h.store);
    expect(() => bare.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/declares no access rule/);
    await bare.close();
  });

  it('keeps every role of one organisation out of the records of another, on every route that names one', async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 100_000 });
    try {
      const own = (await createOrganisation(h.store.db, { name: 'Own Co', kind: 'operator' })).id;
      const other = (await createOrganisation(h.store.db, { name: 'Other Co', kind: 'operator' })).id;
      const third = (await createOrganisation(h.store.db, { name: 'Third CSIRT', kind: 'csirt' })).id;
      // The other organisation's records, made through the API by its administrator: an asset with
      // an SBOM and findings, a share, an account, a token, a risk override, a plan, an endpoint.
      const otherAdmin = { authorization: `Bearer ${await testToken(h.store, 'admin', other, 'other-admin')}` };
      const as = async (o: InjectOptions, status: number) => {
        const res = await app.inject({ ...o, headers: { ...otherAdmin, ...(o.headers as Record<string, string> | undefined) } });
        expect(res.statusCode, `${o.method} ${o.url}: ${res.body}`).toBe(status);
        return res.json();
      };
      await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')) }], {});
      const asset = (await as({ method: 'POST', url: '/api/assets', payload: { name: `${SECRET}-PLC`, kind: 'plc', vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1516-3 PN/DP', firmware: 'V2.6.1', site: `${SECRET} site` } }, 201)).id as string;
      const sbomDocument = JSON.stringify({
        bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
        metadata: { component: { type: 'firmware', name: `${SECRET} firmware`, version: '2.6.1', 'bom-ref': 'fw' } },
        components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
      });
      const upload = multipartFile('file', 'fw.cdx.json', sbomDocument);
      const sbom = (await as({ method: 'POST', url: `/api/sboms/import?asset=${asset}`, payload: upload.payload, headers: upload.headers }, 200)).id as string;
      const pvUpload = multipartFile('file', 'pv.cdx.json', sbomDocument.replace('fw', 'fw2'));
      await as({ method: 'POST', url: '/api/sboms/import?product=Siemens/Other-Co-Secret-Product/1.0', payload: pvUpload.payload, headers: pvUpload.headers }, 200);
      const productVersion = (await as({ url: '/api/product-versions' }, 200)).items[0].id as string;
      await as({ method: 'POST', url: '/api/match', payload: { full: true } }, 200);
      const finding = (await as({ url: '/api/findings' }, 200)).items[0]?.id as string;
      expect(finding, 'the other organisation has a finding').toBeTruthy();
      const share = (await as({ method: 'POST', url: `/api/sharing/asset/${asset}/shares`, payload: { organisationId: third } }, 201)).id as string;
      const user = (await as({ method: 'POST', url: '/api/users', payload: { username: 'other-analyst', role: 'analyst', password: 'other analyst pass 42' } }, 201)).id as string;
      const token = (await as({ url: '/api/tokens' }, 200)).items[0].id as string;
      const override = (await as({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'asset', scopeId: asset, input: 'exposure', value: 'open', reason: SECRET } }, 201)).override.id as string;
      const plan = (await as({ method: 'POST', url: '/api/risk/plans', payload: { findingIds: [finding], owner: SECRET, dueDate: '2027-01-31', title: SECRET } }, 201)).plan.id as string;
      const endpoint = (await as({ method: 'POST', url: '/api/risk/notifications/endpoints', payload: { name: SECRET, kind: 'syslog', host: '127.0.0.1' } }, 201)).endpoint.id as string;

      /** Route prefixes up to their parameter, with the other organisation's record to name. */
      const records: Array<[string, string[]]> = [
        ['/api/sharing/:kind/:id', [`/api/sharing/asset/${asset}`, `/api/sharing/sbom/${sbom}`, `/api/sharing/finding/${finding}`]],
        ['/api/sharing/shares/:id', [`/api/sharing/shares/${share}`]],
        ['/api/assets/:id', [`/api/assets/${asset}`]],
        ['/api/sboms/:id', [`/api/sboms/${sbom}`]],
        ['/api/product-versions/:id', [`/api/product-versions/${productVersion}`]],
        ['/api/findings/:id', [`/api/findings/${finding}`]],
        ['/api/users/:id', [`/api/users/${user}`]],
        ['/api/tokens/:id', [`/api/tokens/${token}`]],
        ['/api/risk/findings/:id', [`/api/risk/findings/${finding}`]],
        ['/api/risk/remediations/:id', [`/api/risk/remediations/${finding}`]],
        ['/api/risk/overrides/:id', [`/api/risk/overrides/${override}`]],
        ['/api/risk/plans/:id', [`/api/risk/plans/${plan}`]],
        ['/api/risk/notifications/endpoints/:id', [`/api/risk/notifications/endpoints/${endpoint}`]],
      ];
      const tokens = new Map<Role, string>();
      for (const role of ROLES) tokens.set(role, await testToken(h.store, role, own, `own-${role}`));
      const problems: string[] = [];
      let checked = 0;
      // DELETE last: a wrongly allowed deletion must not hide a wrongly allowed read.
      const routes = [...app.routeTable].filter((r) => r.url.includes('/:')).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
      for (const route of routes) {
        if (SHARED_KNOWLEDGE.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`))) continue;
        const entry = records.find(([prefix]) => route.url === prefix || route.url.startsWith(`${prefix}/`));
        if (!entry) {
          problems.push(`${route.method} ${route.url} names a record but is not classified here (a tenant's record, or shared knowledge)`);
          continue;
        }
        const key = `${route.method} ${route.url}`;
        for (const base of entry[1]) {
          const url = base + route.url.slice(entry[0].length);
          for (const role of ROLES) {
            const res = await app.inject({
              method: route.method as 'GET',
              url,
              headers: { authorization: `Bearer ${tokens.get(role)}`, 'content-type': 'application/json' },
              ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: JSON.stringify(BODIES[key] ?? {}) }),
            });
            checked++;
            if (res.statusCode < 400 || res.statusCode >= 500) problems.push(`${route.method} ${url} as ${role} of another organisation answered ${res.statusCode}: ${res.body.slice(0, 160)}`);
            if (res.body.includes(SECRET)) problems.push(`${route.method} ${url} as ${role} of another organisation disclosed the record: ${res.body.slice(0, 160)}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(150);
      // And nothing of the other organisation changed or went away.
      expect(await as({ url: `/api/assets/${asset}` }, 200)).toMatchObject({ firmware: 'V2.6.1', tlp: 'AMBER+STRICT' });
      expect((await as({ url: `/api/sharing/asset/${asset}` }, 200)).shares.map((x: { id: string }) => x.id)).toEqual([share]);
      await as({ url: `/api/sboms/${sbom}` }, 200);
      expect(await as({ url: `/api/findings/${finding}` }, 200)).toMatchObject({ decision: null });
      expect((await as({ url: '/api/users' }, 200)).items).toContainEqual(expect.objectContaining({ id: user, role: 'analyst', disabled: false }));
      expect((await as({ url: '/api/tokens' }, 200)).items[0]).toMatchObject({ id: token, revokedAt: null });
      expect(await as({ url: `/api/risk/plans/${plan}` }, 200)).toMatchObject({ owner: SECRET });
    } finally {
      await app.close();
    }
  }, 300_000);
});
