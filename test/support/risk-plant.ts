/**
 * A small plant for the risk tests, from real intelligence: CISA's KEV catalog, CVE 5 records with
 * the CISA ADP container (SSVC options), the CISA CSAF advisory for RUGGEDCOM APE1808 with Fortinet
 * NGFW (38 CVEs, vendor fix V7.4.1, mitigations) and one for SIMATIC S7-1500; three assets on two
 * sites with exposure attributes.
 */
import { readFileSync } from 'node:fs';
import { importIntel } from '../../src/services/intel.js';
import { importInventoryFile } from '../../src/services/inventory.js';
import { runMatch } from '../../src/services/matching.js';
import type { Scope } from '../../src/model/scope.js';
import type { Store } from '../../src/store/database.js';
import { fixture } from './fixtures.js';

export const KEV = 'kev/known_exploited_vulnerabilities.json';
export const CVE5 = ['cve5/CVE-2023-27997.json', 'cve5/CVE-2022-41328.json', 'cve5/CVE-2022-39948.json'];
export const CSAF = ['csaf/cisa-ot/icsa-24-074-11.json', 'csaf/cisa-ot/icsa-19-344-06.json'];

/**
 * ape-north: exposure attribute `open`, criticality high; ape-south: `internet-exposed` no (→
 * controlled); plc-north: exposure `controlled`. Both APE1808 run NGFW before V7.4.1 (affected).
 */
export const PLANT_CSV = `name,kind,vendor,model,firmware,site,zone,criticality,external_id,exposure,internet-exposed
ape-north,gateway,Siemens,RUGGEDCOM APE1808,V7.2.4,North,DMZ,high,A1,open,
ape-south,gateway,Siemens,RUGGEDCOM APE1808,V7.0.0,South,Cell,,A2,,no
plc-north,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,North,Cell 1,,P1,controlled,
`;

export async function importDocuments(store: Store, files: readonly string[]): Promise<void> {
  const report = await importIntel(store, files.map((f) => ({ name: f, bytes: readFileSync(fixture(...f.split('/'))) })), {});
  if (report.rejected > 0) throw new Error(`fixture rejected: ${JSON.stringify(report.documents.filter((d) => d.status === 'rejected'))}`);
}

/** Imports the intelligence (all of it unless told), the inventory, and matches. */
export async function buildPlant(store: Store, scope: Scope, options: { intel?: readonly string[]; csv?: string } = {}): Promise<void> {
  await importDocuments(store, options.intel ?? [KEV, ...CVE5, ...CSAF]);
  await importInventoryFile(store, Buffer.from(options.csv ?? PLANT_CSV), { scope, sourceName: 'plant.csv' });
  await runMatch(store, scope, { full: true });
}

/** Id of the open finding of a vulnerability on a named asset. */
export async function findingOf(store: Store, scope: Scope, vulnerabilityId: string, assetName: string): Promise<string> {
  const row = await store.db
    .selectFrom('findings as f')
    .innerJoin('assets as a', 'a.id', 'f.asset_id')
    .select('f.id')
    .where('f.org_id', '=', scope.orgId)
    .where('f.vulnerability_id', '=', vulnerabilityId)
    .where('a.name', '=', assetName)
    .where('f.resolved_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new Error(`no finding of ${vulnerabilityId} on ${assetName}`);
  return row.id;
}

export async function assetId(store: Store, scope: Scope, name: string): Promise<string> {
  const row = await store.db.selectFrom('assets').select('id').where('org_id', '=', scope.orgId).where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

export async function zoneId(store: Store, scope: Scope, site: string, zone: string): Promise<string> {
  const row = await store.db
    .selectFrom('zones')
    .innerJoin('sites', 'sites.id', 'zones.site_id')
    .select('zones.id')
    .where('sites.org_id', '=', scope.orgId)
    .where('sites.name', '=', site)
    .where('zones.name', '=', zone)
    .executeTakeFirstOrThrow();
  return row.id;
}

export const DAY = 86_400_000;
export const daysFromNow = (n: number) => new Date(Date.now() + n * DAY);
