import { createRequire } from 'node:module';
import { PackageURL } from 'packageurl-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASSET_KINDS, CRITICALITIES, PURDUE_LEVELS, type AssetFacts } from '../model/asset.js';
import { normaliseCountry, normaliseIp, normaliseMac } from '../model/asset-values.js';
import { DEFAULT_DEMO_SEED, cpeVersion, demoPlantCsvColumns, escapeCpeValue, generateDemoPlant } from './plant.js';
import { PRODUCTS } from './products.js';
import { createRng, fillPattern } from './prng.js';
import { OEM_HARDWARE, nicVendor, ouiBelongsTo } from './vendors.js';

const ouiData = createRequire(import.meta.url)('oui-data') as Record<string, string>;
const plant = generateDemoPlant();

const WATER = 'Riverside Water Utility';
const SUBSTATION = 'North Ridge 138/13.8 kV Substation';

/** Splits a CPE 2.3 formatted string on the colons that are not backslash-quoted. */
function cpeComponents(cpe: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cpe.length; i++) {
    const ch = cpe[i]!;
    if (ch === '\\') {
      current += ch + (cpe[i + 1] ?? '');
      i++;
    } else if (ch === ':') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** A formatted-string value: ANY, NA, or bare `[a-z0-9._-]` and backslash-quoted punctuation. */
const CPE_VALUE = /^(?:\*|-|(?:[a-z0-9._-]|\\[^a-z0-9])+)$/;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

describe('generateDemoPlant: determinism', () => {
  it('gives identical output for the same seed', () => {
    expect(generateDemoPlant({ seed: 7 })).toEqual(generateDemoPlant({ seed: 7 }));
    expect(generateDemoPlant()).toEqual(generateDemoPlant({ seed: DEFAULT_DEMO_SEED }));
  });

  it('keeps the layout but changes serials and MACs with another seed', () => {
    const a = generateDemoPlant({ seed: 1 });
    const b = generateDemoPlant({ seed: 2 });
    expect(b.map((x) => x.name)).toEqual(a.map((x) => x.name));
    expect(b.map((x) => x.ips)).toEqual(a.map((x) => x.ips));
    expect(b.map((x) => x.serial)).not.toEqual(a.map((x) => x.serial));
    expect(b.map((x) => x.macs)).not.toEqual(a.map((x) => x.macs));
  });

  describe('without Math.random', () => {
    afterEach(() => vi.restoreAllMocks());
    it('never calls Math.random', () => {
      const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
        throw new Error('Math.random used');
      });
      expect(() => generateDemoPlant({ seed: 3 })).not.toThrow();
      expect(spy).not.toHaveBeenCalled();
    });
  });

  it.each([Number.NaN, -1, 1.5, 2 ** 53, Number.POSITIVE_INFINITY, 0])('accepts the odd seed %s and still yields a valid plant', (seed) => {
    const assets = generateDemoPlant({ seed });
    expect(assets).toHaveLength(plant.length);
    expect(duplicates(assets.flatMap((a) => a.macs ?? []))).toEqual([]);
  });
});

describe('generateDemoPlant: shape of the estate', () => {
  it('has a few hundred assets', () => {
    expect(plant.length).toBeGreaterThanOrEqual(250);
    expect(plant.length).toBeLessThanOrEqual(450);
  });

  it('covers both sites', () => {
    const sites = new Set(plant.map((a) => a.site));
    expect([...sites].sort()).toEqual([SUBSTATION, WATER]);
    expect(plant.filter((a) => a.site === SUBSTATION).length).toBeGreaterThanOrEqual(40);
  });

  it('uses every Purdue level and the DMZ, at both sites where it makes sense', () => {
    expect(new Set(plant.map((a) => a.purdueLevel))).toEqual(new Set(PURDUE_LEVELS));
    const substationLevels = new Set(plant.filter((a) => a.site === SUBSTATION).map((a) => a.purdueLevel));
    for (const level of ['0', '1', '2', '3', 'dmz'] as const) expect(substationLevels).toContain(level);
  });

  it('names zones as engineers do and keeps one Purdue level per zone', () => {
    const zones = new Set(plant.map((a) => a.zone));
    for (const zone of ['Filtration L1 Control', 'SCADA L3 Operations', 'IDMZ', 'Station Bus L1', 'Process Bus L0', 'Enterprise L4']) {
      expect(zones).toContain(zone);
    }
    const levelOfZone = new Map<string, string>();
    for (const a of plant) {
      const key = `${a.site}/${a.zone}`;
      expect(levelOfZone.get(key) ?? a.purdueLevel).toBe(a.purdueLevel);
      levelOfZone.set(key, a.purdueLevel!);
    }
  });

  it('contains the named flagship assets', () => {
    const byName = new Map(plant.map((a) => [a.name, a]));
    expect(byName.get('RWU-FLT-PLC01')?.model).toContain('6ES7516-3AN02-0AB0');
    expect(byName.get('NR-BAY3-REL01')?.kind).toBe('ied');
    const vendors = new Set(plant.map((a) => a.vendor));
    for (const v of ['Siemens', 'Rockwell Automation', 'Schneider Electric', 'Schweitzer Engineering Laboratories', 'ABB',
      'Hitachi Energy', 'GE Vernova', 'HIMA', 'Moxa', 'Cisco', 'Hirschmann', 'Fortinet', 'AVEVA', 'Inductive Automation',
      'Endress+Hauser', 'Hach', 'Emerson', 'Yokogawa']) {
      expect(vendors).toContain(v);
    }
  });

  it('puts safety instrumented systems at the water plant chlorination, critical and tagged safety', () => {
    const sis = plant.filter((a) => a.kind === 'sis');
    expect(sis.length).toBeGreaterThanOrEqual(2);
    for (const a of sis) {
      expect(a.site).toBe(WATER);
      expect(a.zone).toMatch(/^Chlorination/);
      expect(a.criticality).toBe('critical');
      expect(a.tags).toContain('safety');
    }
    expect(sis.some((a) => a.vendor === 'HIMA')).toBe(true);
    expect(sis.some((a) => a.model?.includes('Tricon'))).toBe(true);
  });

  it('rates protection relays critical and office PCs low', () => {
    for (const a of plant.filter((x) => x.kind === 'ied')) expect(a.criticality).toBe('critical');
    for (const a of plant.filter((x) => x.kind === 'workstation')) expect(a.criticality).toBe('low');
  });

  it('tags a few assets internet-exposed, and some remote-access and legacy', () => {
    const tagged = (tag: string): AssetFacts[] => plant.filter((a) => a.tags?.includes(tag));
    expect(tagged('internet-exposed').length).toBeGreaterThanOrEqual(2);
    expect(tagged('internet-exposed').length).toBeLessThanOrEqual(10);
    expect(tagged('remote-access').length).toBeGreaterThanOrEqual(3);
    expect(tagged('legacy').length).toBeGreaterThanOrEqual(3);
  });
});

describe('generateDemoPlant: every asset is valid', () => {
  it('has every scalar it should, with values from the model enums', () => {
    for (const a of plant) {
      for (const key of ['name', 'vendor', 'model', 'firmware', 'serial', 'site', 'zone', 'owner', 'externalId'] as const) {
        expect(a[key], `${a.name}.${key}`).toMatch(/\S/);
      }
      expect(ASSET_KINDS).toContain(a.kind);
      expect(CRITICALITIES).toContain(a.criticality);
      expect(PURDUE_LEVELS).toContain(a.purdueLevel);
      expect(normaliseCountry(a.country ?? '')).toBe(a.country);
    }
  });

  it('uses engineers naming and CMMS-style external ids, all unique', () => {
    for (const a of plant) {
      expect(a.name).toMatch(/^(RWU|NR)-[A-Z]+\d*-[A-Z]+\d{2}$/);
      expect(a.externalId).toMatch(/^(RWU|NR)-\d{6}$/);
      expect(a.externalId!.split('-')[0]).toBe(a.name!.split('-')[0]);
    }
    expect(duplicates(plant.map((a) => a.name!))).toEqual([]);
    expect(duplicates(plant.map((a) => a.externalId!))).toEqual([]);
  });

  it('has canonical, unique MACs and IPs, paired, one /24 per zone', () => {
    const subnetOfZone = new Map<string, string>();
    for (const a of plant) {
      expect(a.macs?.length ?? 0, a.name).toBe(a.ips?.length ?? 0);
      for (const mac of a.macs ?? []) expect(normaliseMac(mac)).toBe(mac);
      for (const ip of a.ips ?? []) {
        expect(normaliseIp(ip)).toBe(ip);
        expect(ip).toMatch(/^10\./);
        const subnet = ip.split('.').slice(0, 3).join('.');
        expect(subnetOfZone.get(`${a.site}/${a.zone}`) ?? subnet).toBe(subnet);
        subnetOfZone.set(`${a.site}/${a.zone}`, subnet);
      }
    }
    expect(duplicates(plant.flatMap((a) => a.macs ?? []))).toEqual([]);
    expect(duplicates(plant.flatMap((a) => a.ips ?? []))).toEqual([]);
    expect(duplicates([...subnetOfZone.values()])).toEqual([]);
    // Field instruments on 4-20 mA / HART have no Ethernet port at all.
    expect(plant.some((a) => a.kind === 'sensor' && a.macs === undefined)).toBe(true);
  });

  it('gives MAC prefixes registered to the vendor family (or the documented server OEM)', () => {
    for (const a of plant) {
      for (const mac of a.macs ?? []) {
        const registrant = ouiData[mac.slice(0, 8).replace(/:/g, '').toUpperCase()];
        expect(registrant, `${a.name} ${mac}`).toBeDefined();
        expect(ouiBelongsTo(registrant!, a.vendor!), `${a.name} ${a.vendor} ${registrant}`).toBe(true);
      }
    }
    expect(plant.some((a) => a.vendor === 'AVEVA' && a.macs?.length)).toBe(true);
  });

  it('has CPE 2.3 formatted strings with 13 well-quoted components', () => {
    const cpes = plant.flatMap((a) => a.cpes ?? []);
    expect(cpes.length).toBeGreaterThan(50);
    for (const cpe of cpes) {
      const parts = cpeComponents(cpe);
      expect(parts, cpe).toHaveLength(13);
      expect(parts.slice(0, 2)).toEqual(['cpe', '2.3']);
      expect(['a', 'o', 'h']).toContain(parts[2]);
      for (const value of parts.slice(3)) expect(value, cpe).toMatch(CPE_VALUE);
    }
    expect(cpes).toContain('cpe:2.3:o:siemens:simatic_s7-1500_cpu_1516-3_pn\\/dp_firmware:2.9.4:*:*:*:*:*:*:*');
  });

  it('has a few purls that parse and round-trip', () => {
    const purls = plant.flatMap((a) => a.purls ?? []);
    expect(purls.length).toBeGreaterThan(0);
    for (const purl of purls) expect(PackageURL.fromString(purl).toString()).toBe(purl);
  });

  it('gives hosts a hostname: Windows NetBIOS names fit 15 characters, DNS names are lower case', () => {
    const hosts = plant.filter((a) => a.hostname !== undefined);
    expect(hosts.length).toBeGreaterThan(30);
    for (const a of hosts) {
      if (a.hostname === a.name) expect(a.hostname!.length).toBeLessThanOrEqual(15);
      else expect(a.hostname).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    }
    expect(plant.find((a) => a.kind === 'ews')?.hostname).toBeDefined();
    expect(plant.find((a) => a.kind === 'plc')?.hostname).toBeUndefined();
  });

  it('lists every attribute it fills in demoPlantCsvColumns, once', () => {
    const used = new Set(plant.flatMap((a) => Object.keys(a)));
    for (const key of used) expect(demoPlantCsvColumns).toContain(key);
    expect(duplicates([...demoPlantCsvColumns])).toEqual([]);
  });
});

describe('product catalogue', () => {
  it('only lists OUIs registered to the product vendor family', () => {
    for (const [id, product] of Object.entries(PRODUCTS)) {
      for (const oui of product.ouis) {
        const registrant = ouiData[oui];
        expect(registrant, `${id} ${oui}`).toBeDefined();
        expect(ouiBelongsTo(registrant!, product.vendor), `${id} ${oui} ${registrant}`).toBe(true);
      }
    }
  });
});

describe('vendor families', () => {
  it('matches registrants on a word boundary, not on any prefix', () => {
    expect(ouiBelongsTo('Dell Inc.\nOne Dell Way', 'Dell')).toBe(true);
    expect(ouiBelongsTo('DellKing Industrial Co., Ltd', 'Dell')).toBe(false);
    expect(ouiBelongsTo('Abbey Systems Ltd', 'ABB')).toBe(false);
    expect(ouiBelongsTo('General Electric Company', 'GE Vernova')).toBe(true);
    expect(ouiBelongsTo('Genexis B.V.', 'GE Vernova')).toBe(false);
  });

  it('accepts the documented heritage registrants and rejects other vendors', () => {
    expect(ouiBelongsTo(ouiData['0080F4']!, 'Schneider Electric')).toBe(true); // Telemecanique
    expect(ouiBelongsTo(ouiData['000ADC']!, 'Siemens')).toBe(true); // RuggedCom
    expect(ouiBelongsTo(ouiData['001B1B']!, 'Rockwell Automation')).toBe(false);
    expect(ouiBelongsTo(ouiData['001B1B']!, 'No Such Vendor')).toBe(false);
    expect(ouiBelongsTo('', 'Siemens')).toBe(false);
  });

  it('maps software vendors to their server OEM only', () => {
    expect(nicVendor('AVEVA')).toBe(OEM_HARDWARE.AVEVA);
    expect(nicVendor('Siemens')).toBe('Siemens');
  });
});

describe('CPE version binding', () => {
  it('drops the V prefix, lower-cases and quotes punctuation', () => {
    expect(cpeVersion({ version: 'V2.9.4' })).toBe('2.9.4');
    expect(cpeVersion({ version: 'SV3.20' })).toBe('3.20');
    expect(cpeVersion({ version: '15.2(8)E5' })).toBe('15.2\\(8\\)e5');
    expect(cpeVersion({ version: 'R322-V1' })).toBe('r322-v1');
    expect(cpeVersion({ version: '5.0 FP1' })).toBe('5.0_fp1');
    expect(cpeVersion({ version: 'whatever', cpe: '2018:sp3' })).toBe('2018:sp3');
  });

  it('quotes every character that is not bare in a formatted string', () => {
    expect(escapeCpeValue('pn/dp:*?\\')).toBe('pn\\/dp\\:\\*\\?\\\\');
    expect(escapeCpeValue('a_b.c-d')).toBe('a_b.c-d');
  });
});

describe('prng', () => {
  it('is reproducible and within range', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(95);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRng(1).pick([])).toThrow(RangeError);
  });

  it('fills serial patterns by character class and keeps literals', () => {
    const serial = fillPattern('FG100FTK2#######', createRng(5));
    expect(serial).toMatch(/^FG100FTK2\d{7}$/);
    expect(fillPattern('S C-@#@%&', createRng(5))).toMatch(/^S C-[A-Z]\d[A-Z][0-9A-F][0-9B-DF-HJ-NP-TV-Z]$/);
    expect(fillPattern('', createRng(5))).toBe('');
  });
});
