/**
 * Vendor names as inventories, advisories and NVD write them ("Siemens AG", "SIEMENS", `siemens`;
 * "Allen-Bradley", "Rockwell Automation, Inc.", `rockwellautomation`) reduced to one canonical id,
 * which is the vendor's NVD CPE vendor string where one is known.
 */

/** Canonical id (= NVD CPE vendor) → names and brands seen for it. Lower case, punctuation kept loosely. */
const VENDOR_ALIASES: Readonly<Record<string, readonly string[]>> = {
  siemens: ['siemens', 'siemens ag', 'siemens industry', 'siemens industry inc', 'siemens healthineers', 'ruggedcom'],
  'schneider-electric': ['schneider electric', 'schneider electric se', 'schneider', 'schneider-electric', 'telemecanique', 'modicon', 'square d', 'apc by schneider electric'],
  rockwellautomation: ['rockwell automation', 'rockwell', 'allen-bradley', 'allen bradley', 'rockwell automation inc', 'rockwellautomation'],
  mitsubishielectric: ['mitsubishi electric', 'mitsubishi electric corporation', 'mitsubishi', 'mitsubishi electric europe', 'mitsubishielectric'],
  abb: ['abb', 'abb ltd', 'asea brown boveri', 'abb automation'],
  hitachienergy: ['hitachi energy', 'hitachi abb power grids', 'hitachi energy ltd', 'hitachienergy'],
  ge: ['ge', 'general electric', 'ge digital', 'ge vernova', 'ge grid solutions', 'ge automation', 'ge intelligent platforms', 'ge fanuc'],
  honeywell: ['honeywell', 'honeywell international', 'honeywell process solutions'],
  emerson: ['emerson', 'emerson electric', 'emerson process management', 'emerson automation solutions', 'fisher-rosemount'],
  yokogawa: ['yokogawa', 'yokogawa electric', 'yokogawa electric corporation'],
  omron: ['omron', 'omron corporation'],
  phoenixcontact: ['phoenix contact', 'phoenix contact gmbh & co kg', 'phoenixcontact'],
  wago: ['wago', 'wago kontakttechnik', 'wago gmbh & co kg'],
  beckhoff: ['beckhoff', 'beckhoff automation'],
  bosch: ['bosch', 'robert bosch', 'bosch security systems'],
  boschrexroth: ['bosch rexroth', 'rexroth'],
  moxa: ['moxa', 'moxa inc'],
  'hms-networks': ['hms networks', 'hms industrial networks', 'hms', 'ewon', 'anybus'],
  aveva: ['aveva', 'aveva group', 'wonderware', 'schneider electric software'],
  osisoft: ['osisoft'],
  deltaww: ['delta electronics', 'delta', 'delta electronics inc', 'deltaww'],
  selinc: ['schweitzer engineering laboratories', 'sel', 'schweitzer', 'selinc'],
  johnsoncontrols: ['johnson controls', 'johnson controls international', 'tyco', 'software house', 'johnsoncontrols'],
  advantech: ['advantech', 'advantech co'],
  fujielectric: ['fuji electric', 'fujielectric'],
  cisco: ['cisco', 'cisco systems'],
  fortinet: ['fortinet'],
  redhat: ['red hat', 'redhat'],
  belden: ['belden', 'hirschmann', 'hirschmann automation and control'],
  digi: ['digi', 'digi international'],
  weidmueller: ['weidmueller', 'weidmuller', 'weidmüller', 'weidmueller interface'],
  pilz: ['pilz'],
  sick: ['sick'],
  codesys: ['codesys', '3s-smart software solutions', '3s'],
  inductiveautomation: ['inductive automation', 'inductiveautomation'],
  ptc: ['ptc', 'kepware', 'kepware technologies'],
  iconics: ['iconics'],
  opto22: ['opto 22', 'opto22'],
  unitronics: ['unitronics'],
  'b-r-automation': ['b&r', 'b&r industrial automation', 'b & r', 'br-automation'],
  danfoss: ['danfoss'],
  eaton: ['eaton'],
  lenze: ['lenze'],
  festo: ['festo'],
  keba: ['keba'],
  secomea: ['secomea'],
  sierrawireless: ['sierra wireless'],
  westermo: ['westermo'],
  lantronix: ['lantronix'],
  microsoft: ['microsoft', 'microsoft corporation'],
};

/** Corporate suffixes dropped before lookup and from fallback ids. */
const SUFFIXES = /\b(incorporated|inc|corporation|corp|company|co|ltd|limited|llc|plc|ag|se|sa|s\.a|nv|bv|gmbh|kg|kgaa|oy|ab|as|spa|srl|pty|holding|holdings|group)\b\.?/g;

function clean(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[,.()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripSuffixes(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(SUFFIXES, ' ').replace(/&\s*$/g, '').replace(/\s+/g, ' ').trim();
    if (next === out || next === '') break;
    out = next;
  }
  return out;
}

function compact(text: string): string {
  return text.replace(/[^a-z0-9]/g, '');
}

const ALIAS_INDEX: Map<string, string> = (() => {
  const index = new Map<string, string>();
  for (const [id, names] of Object.entries(VENDOR_ALIASES)) {
    index.set(compact(id), id);
    for (const name of names) {
      index.set(compact(clean(name)), id);
      index.set(compact(stripSuffixes(clean(name))), id);
    }
  }
  return index;
})();

/** Values that mean "no vendor". */
const NO_VENDOR = new Set(['', 'na', 'n/a', 'unknown', 'none', 'noassertion', '-', '*']);

/**
 * The canonical vendor id: the NVD CPE vendor for known vendors ("Siemens AG" → `siemens`,
 * "Allen-Bradley" → `rockwellautomation`), else the name lower-cased without corporate suffixes
 * and punctuation. `undefined` for empty or placeholder names (`n/a`).
 */
const canonicalMemo = new Map<string, string | undefined>();

export function canonicalVendor(name: string | undefined | null): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (canonicalMemo.has(name)) return canonicalMemo.get(name);
  const id = computeCanonical(name);
  if (canonicalMemo.size > 50_000) canonicalMemo.clear();
  canonicalMemo.set(name, id);
  return id;
}

function computeCanonical(name: string): string | undefined {
  const cleaned = clean(name);
  if (NO_VENDOR.has(cleaned)) return undefined;
  const direct = ALIAS_INDEX.get(compact(cleaned));
  if (direct) return direct;
  const stripped = stripSuffixes(cleaned);
  const viaStripped = ALIAS_INDEX.get(compact(stripped));
  if (viaStripped) return viaStripped;
  const id = compact(stripped);
  return id === '' ? undefined : id;
}

/** The vendor string to use in a derived CPE: the canonical id, which is NVD's spelling for known vendors. */
export function cpeVendor(name: string | undefined | null): string | undefined {
  const id = canonicalVendor(name);
  if (!id) return undefined;
  if (Object.hasOwn(VENDOR_ALIASES, id)) return id;
  // NVD keeps dots and dashes (`x.org`, `node-red`); only trailing corporate suffixes go.
  let text = (name as string).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  for (let i = 0; i < 3; i++) text = text.replace(/[,\s]+(incorporated|inc|corporation|corp|company|co|ltd|limited|llc|plc|ag|se|sa|gmbh|kg|oy|ab|bv|nv)\.?$/, '').trim();
  const out = text.replace(/\s+/g, '_').replace(/[^a-z0-9_.-]/g, '');
  return out === '' ? id : out;
}

/** Words of all known names of a vendor (`siemens`, `rockwell`, `automation`, `allen`, `bradley`), to drop from product names. */
const wordsMemo = new Map<string, Set<string>>();

export function vendorWords(name: string | undefined | null): Set<string> {
  const key = name ?? '';
  let hit = wordsMemo.get(key);
  if (!hit) {
    hit = computeVendorWords(name);
    if (wordsMemo.size > 50_000) wordsMemo.clear();
    wordsMemo.set(key, hit);
  }
  return hit;
}

function computeVendorWords(name: string | undefined | null): Set<string> {
  const words = new Set<string>();
  const id = canonicalVendor(name);
  if (!id) return words;
  const names = [...(Object.hasOwn(VENDOR_ALIASES, id) ? (VENDOR_ALIASES[id] ?? []) : []), typeof name === 'string' ? name : ''];
  for (const n of names) for (const w of stripSuffixes(clean(n)).split(/[^a-z0-9]+/)) if (w.length > 1) words.add(w);
  words.add(id);
  return words;
}

/** Brand words safe to strip from the start of a model name: alias words of a known vendor, else only the vendor id itself. */
export function vendorBrandWords(name: string | undefined | null): Set<string> {
  const id = canonicalVendor(name);
  if (!id) return new Set();
  return Object.hasOwn(VENDOR_ALIASES, id) ? vendorWords(name) : new Set([id]);
}

/** True when two vendor names denote the same vendor (both must be known). */
export function sameVendor(a: string | undefined | null, b: string | undefined | null): boolean {
  const x = canonicalVendor(a);
  const y = canonicalVendor(b);
  return x !== undefined && x === y;
}

/** The alias table, for documentation and tests. */
export function vendorAliasTable(): Readonly<Record<string, readonly string[]>> {
  return VENDOR_ALIASES;
}
