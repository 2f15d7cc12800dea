/**
 * CPE candidates for assets that carry no identifier, following NVD's naming habits for devices:
 * `cpe:2.3:o:<vendor>:<product>_firmware:<version>` for the firmware, `cpe:2.3:h:<vendor>:<product>:-`
 * for the hardware platform, `cpe:2.3:a:<vendor>:<product>:<version>` for software. The vendor goes
 * through the alias table ("Allen-Bradley" → `rockwellautomation`); the product is the model
 * lower-cased with blanks as `_` and vendor words removed from its start. Matches through these
 * candidates are marked `derived`.
 */
import { bindToFs, wfnFromText, ANY, NA, type Wfn } from '../../../formats/cpe/index.js';
import type { AssetMatchTarget } from '../../../model/finding.js';
import { cpeVendor, vendorBrandWords } from '../normalize/vendor.js';
import type { TargetCpe } from '../types.js';
import { Memo3 } from '../memo.js';

export interface DerivedCpe {
  cpe: string;
  wfn: Wfn;
  derivation: string;
}

const MAX_CANDIDATE_NAMES = 4;

/** Product-name normalisation: `SIMATIC S7-1500 CPU 1518-4 PN/DP` → `simatic_s7-1500_cpu_1518-4_pn/dp`. */
export function cpeProductName(text: string, vendor?: string | undefined): string | undefined {
  let t = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  t = t.replace(/\([^()]*\)/g, ' ').replace(/[™®©]/g, ' ');
  const words = t.split(/\s+/).filter((w) => w !== '');
  const drop = vendorBrandWords(vendor);
  while (words.length > 1 && drop.has((words[0] as string).replace(/[^a-z0-9]/g, ''))) words.shift();
  const joined = words.join('_').replace(/[^a-z0-9_.\-/+]/g, '').replace(/_+/g, '_').replace(/^_|_$/g, '');
  return joined.length > 0 && joined.length <= 200 ? joined : undefined;
}

/** NVD versions carry no `V` prefix: `V2.9.3` → `2.9.3`; blanks become `_`. */
export function cpeVersion(version: string | undefined): string | undefined {
  if (!version || version.trim() === '') return undefined;
  const v = version.trim().toLowerCase().replace(/^(?:v|fw|ver\.?|version)\s*(?=\d)/, '').replace(/\s+/g, '_');
  return v.length > 0 && v.length <= 100 ? v : undefined;
}

const MAX_MEMO = 50_000;

/**
 * Candidate CPEs for an asset without CPEs; empty when vendor or model is missing. The name work is
 * done once per vendor and model (templates below); only the version is bound per call.
 */
export function deriveCpes(target: Pick<AssetMatchTarget, 'vendor' | 'product' | 'model' | 'firmware'>): DerivedCpe[] {
  return derive(target);
}

/** One candidate before the version is known: the WFN with version ANY (undefined when the name cannot be a CPE value). */
interface Template {
  wfn: Wfn | undefined;
  /** `wfn` bound to a formatted string (the candidate itself when no version goes in). */
  fs: string | undefined;
  derivation: string;
  /** The version goes into the CPE (firmware and software candidates; not the hardware one). */
  versioned: boolean;
}

/** What does not depend on the firmware: the vendor and, per product name, the three candidates. */
const baseMemo = new Memo3<string | undefined, string | undefined, string | undefined, Template[]>(MAX_MEMO);

function templatesOf(target: Pick<AssetMatchTarget, 'vendor' | 'product' | 'model'>): Template[] {
  return baseMemo.get(target.vendor, target.product, target.model) ?? baseMemo.set(target.vendor, target.product, target.model, buildTemplates(target));
}

function buildTemplates(target: Pick<AssetMatchTarget, 'vendor' | 'product' | 'model'>): Template[] {
  const vendor = cpeVendor(target.vendor);
  if (!vendor) return [];
  const names = new Set<string>();
  const full = [target.product, target.model].filter((x): x is string => !!x && x.trim() !== '').join(' ');
  for (const text of [full, target.model]) {
    if (!text) continue;
    for (const name of [cpeProductName(text, target.vendor ?? undefined), cpeProductName(text)]) if (name) names.add(name.replace(/_firmware$/, ''));
    if (names.size >= MAX_CANDIDATE_NAMES) break;
  }
  const out: Template[] = [];
  for (const product of names) {
    const make = (part: 'o' | 'h' | 'a', name: string, v: typeof ANY | typeof NA, derivation: string, versioned: boolean): void => {
      let wfn: Wfn | undefined;
      try {
        wfn = wfnFromText({ part, vendor, product: name, version: v });
      } catch {
        // A name that cannot be a CPE value is simply not a candidate.
      }
      out.push({ wfn, fs: wfn ? bindToFs(wfn) : undefined, derivation, versioned });
    };
    make('o', `${product}_firmware`, ANY, `firmware of ${vendor} ${product}`, true);
    make('h', product, NA, `hardware ${vendor} ${product}`, false);
    make('a', product, ANY, `software ${vendor} ${product}`, true);
  }
  return out;
}

function derive(target: Pick<AssetMatchTarget, 'vendor' | 'product' | 'model' | 'firmware'>): DerivedCpe[] {
  const templates = templatesOf(target);
  if (templates.length === 0) return [];
  const version = cpeVersion(target.firmware ?? undefined);
  // The version in WFN form, checked once (wfnFromText would refuse it for every candidate alike).
  let quoted: string | typeof ANY | undefined = ANY;
  if (version !== undefined) {
    try {
      quoted = wfnFromText({ version }).version as string;
    } catch {
      quoted = undefined;
    }
  }
  const out: DerivedCpe[] = [];
  for (const t of templates) {
    if (!t.wfn) continue;
    if (!t.versioned || quoted === ANY) {
      out.push({ cpe: t.fs as string, wfn: t.wfn, derivation: t.derivation });
      continue;
    }
    if (quoted === undefined) continue;
    const wfn: Wfn = { ...t.wfn, version: quoted };
    out.push({ cpe: bindToFs(wfn), wfn, derivation: t.derivation });
  }
  return out;
}

export function derivedTargetCpes(target: AssetMatchTarget): TargetCpe[] {
  return deriveCpes(target).map((d) => ({ text: d.cpe, wfn: d.wfn, derived: true, derivation: d.derivation }));
}
