/**
 * The demo plant: a reproducible, realistic OT estate of two sites (a water utility and a
 * 138/13.8 kV substation) built from the product catalogue and the site layouts.
 * Pure: the same seed always gives the same assets.
 */
import type { AssetFacts, AssetKind, Criticality } from '../model/asset.js';
import { DEMO_SITES, type Placement, type SitePlan, type ZonePlan } from './layout.js';
import { PRODUCTS, type ProductTemplate, type Release } from './products.js';
import { createRng, fillPattern, type Rng } from './prng.js';

export interface DemoPlantOptions {
  /** PRNG seed; varies serials, MAC suffixes and which firmware releases are in the field. */
  seed?: number;
}

export const DEFAULT_DEMO_SEED = 62443;

/** Column order for exporting the demo plant as an inventory CSV (headers are the attribute names). */
export const demoPlantCsvColumns = [
  'externalId', 'name', 'kind', 'vendor', 'model', 'firmware', 'hardwareVersion', 'serial', 'hostname',
  'site', 'zone', 'purdueLevel', 'criticality', 'owner', 'country', 'ips', 'macs', 'cpes', 'purls', 'tags',
] as const satisfies readonly (keyof AssetFacts)[];

const DEFAULT_CRITICALITY: Readonly<Record<AssetKind, Criticality>> = {
  sis: 'critical', ied: 'critical', plc: 'high', rtu: 'high', gateway: 'high', ews: 'high', hmi: 'medium',
  historian: 'medium', server: 'medium', network: 'medium', drive: 'medium', sensor: 'medium', workstation: 'low',
  other: 'low',
};

/** Share of assets running the first (current) release of their product. */
const CURRENT_RELEASE_SHARE = 0.7;
/** First host address handed out in each zone's /24 (.1 is the gateway, .2-.9 kept for infrastructure). */
const FIRST_HOST = 10;

export function generateDemoPlant(options: DemoPlantOptions = {}): AssetFacts[] {
  const rng = createRng(options.seed ?? DEFAULT_DEMO_SEED);
  const usedMacs = new Set<string>();
  const assets: AssetFacts[] = [];
  for (const site of DEMO_SITES) assets.push(...generateSite(site, rng, usedMacs));
  return assets;
}

function generateSite(site: SitePlan, rng: Rng, usedMacs: Set<string>): AssetFacts[] {
  const roleCounters = new Map<string, number>();
  let cmmsNumber = 100 + rng.int(400);
  const assets: AssetFacts[] = [];
  for (const zone of site.zones) {
    let nextHost = FIRST_HOST;
    for (const area of zone.areas) {
      for (const placement of area.items) {
        for (let i = 0; i < (placement.count ?? 1); i++) {
          const key = `${area.area}-${placement.role}`;
          const index = (roleCounters.get(key) ?? 0) + 1;
          roleCounters.set(key, index);
          // CMMS numbers are allocated in order but with gaps where records were retired.
          cmmsNumber += 1 + rng.int(3);
          const product: ProductTemplate = PRODUCTS[placement.product];
          const name = `${site.prefix}-${key}${String(index).padStart(2, '0')}`;
          const networked = product.ouis.length > 0;
          const ip = networked ? hostAddress(zone, nextHost++) : undefined;
          assets.push(buildAsset({ site, zone, placement, product, name, ip, cmmsNumber, rng, usedMacs }));
        }
      }
    }
  }
  return assets;
}

interface AssetContext {
  site: SitePlan;
  zone: ZonePlan;
  placement: Placement;
  product: ProductTemplate;
  name: string;
  ip: string | undefined;
  cmmsNumber: number;
  rng: Rng;
  usedMacs: Set<string>;
}

function buildAsset(ctx: AssetContext): AssetFacts {
  const { site, zone, placement, product, name, ip, rng } = ctx;
  const release = pickRelease(product.releases, rng);
  const tags = new Set<string>([...(product.tags ?? []), ...(placement.tags ?? [])]);
  if (release.legacy) tags.add('legacy');
  const facts: AssetFacts = {
    name,
    kind: product.kind,
    vendor: product.vendor,
    model: product.model,
    firmware: release.version,
  };
  if (product.hardwareVersion) facts.hardwareVersion = product.hardwareVersion;
  facts.serial = fillPattern(product.serial, rng);
  if (product.hostname) facts.hostname = hostnameFor(name, product.hostname, site.domain);
  facts.site = site.site;
  facts.zone = zone.zone;
  facts.purdueLevel = zone.level;
  facts.criticality = placement.criticality ?? (tags.has('safety') ? 'critical' : DEFAULT_CRITICALITY[product.kind]);
  facts.owner = placement.owner ?? zone.owner;
  facts.country = product.country;
  facts.externalId = `${site.prefix}-${String(ctx.cmmsNumber).padStart(6, '0')}`;
  if (ip) {
    facts.ips = [ip];
    facts.macs = [uniqueMac(product.ouis, rng, ctx.usedMacs)];
  }
  if (product.cpes?.length) facts.cpes = product.cpes.map((template) => template.replace('{v}', cpeVersion(release)));
  if (product.purls?.length) facts.purls = [...product.purls];
  if (tags.size > 0) facts.tags = [...tags].sort();
  return facts;
}

function pickRelease(releases: readonly Release[], rng: Rng): Release {
  const [current, ...older] = releases;
  if (!current) throw new RangeError('product without releases');
  if (older.length === 0 || rng.next() < CURRENT_RELEASE_SHARE) return current;
  return rng.pick(older);
}

function hostAddress(zone: ZonePlan, host: number): string {
  // A /24 per zone; running out means the layout needs a second subnet, a programming error.
  if (host > 254) throw new RangeError(`zone ${zone.zone} has more hosts than its /24 holds`);
  return `${zone.subnet}.${host}`;
}

function hostnameFor(name: string, style: 'windows' | 'dns', domain: string): string {
  return style === 'windows' ? name.toUpperCase() : `${name.toLowerCase()}.${domain}`;
}

function uniqueMac(ouis: readonly string[], rng: Rng, used: Set<string>): string {
  for (;;) {
    const oui = rng.pick(ouis).toLowerCase();
    const suffix = rng.int(0x1000000).toString(16).padStart(6, '0');
    const mac = `${oui}${suffix}`.match(/../g)!.join(':');
    if (!used.has(mac)) {
      used.add(mac);
      return mac;
    }
  }
}

/**
 * The CPE 2.3 formatted-string version of a release: its explicit fragment, or the version text
 * lower-cased with a leading `V` dropped, spaces as `_` and other punctuation backslash-quoted.
 */
export function cpeVersion(release: Release): string {
  if (release.cpe !== undefined) return release.cpe;
  return escapeCpeValue(release.version.trim().replace(/^s?v(?=\d)/i, '').toLowerCase().replace(/\s+/g, '_'));
}

/** Quotes every character the formatted-string binding does not allow bare (NISTIR 7695 §6.2). */
export function escapeCpeValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, (ch) => `\\${ch}`);
}
