/**
 * Does a CSAF product denote the target? Identification helpers first (hash, purl, CPE, model /
 * order numbers, serial numbers), then vendor + product name. The version test is separate
 * (version.ts) so that the engine can first keep, per advisory, only the most specific products.
 */
import { attributeText, compareWfns, isAny, type Wfn } from '../../../formats/cpe/index.js';
import { tryParsePurl } from '../../../formats/purl/index.js';
import type { ComparedAttribute, FindingConfidence } from '../../../model/finding.js';
import type { CsafProduct } from '../../../model/intel.js';
import { parseCriterion } from '../nvd/criteria.js';
import { compareNames, orderNumberMatches, specName, type SpecName } from '../normalize/name.js';
import { canonicalVendor } from '../normalize/vendor.js';
import { normalizeHashAlg } from '../target.js';
import type { PreparedTarget } from '../types.js';
import { Memo3 } from '../memo.js';

export type IdentityRelation = 'hash' | 'purl' | 'cpe' | 'model-number' | 'serial' | 'exact' | 'family' | 'partial' | 'none' | 'mismatch';

export interface ProductIdentity {
  relation: IdentityRelation;
  /** Higher = more specific (hash 9000 … partial name 1000+); 0 when not identified. */
  score: number;
  confidence: FindingConfidence;
  compared: ComparedAttribute[];
  reason: string;
  /** Set when the identifier itself fixes the version (a hash, a purl with a version). */
  versionDecided?: boolean | undefined;
}

const NONE = (reason: string, compared: ComparedAttribute[] = []): ProductIdentity => ({ relation: 'none', score: 0, confidence: 'derived', compared, reason });

const nameCache = new Memo3<string, string | undefined, undefined, SpecName>(200_000);
function cachedSpecName(name: string, vendor: string | undefined): SpecName {
  return nameCache.get(name, vendor, undefined) ?? nameCache.set(name, vendor, undefined, specName(name, vendor));
}

/** The name a product is matched by: `product_name`, else the family, else the full product name. */
export function productDisplayName(product: CsafProduct): string {
  return product.productName ?? product.productFamily ?? product.name;
}

export function productSpecName(product: CsafProduct): SpecName {
  return cachedSpecName(productDisplayName(product), product.vendor);
}

function serialMatches(pattern: string, serial: string): boolean {
  const p = pattern.trim().toUpperCase();
  const s = serial.trim().toUpperCase();
  if (!p.includes('*') && !p.includes('?')) return p === s;
  const body = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`).test(s);
}

function cpeHelperMatches(helper: Wfn, target: Wfn): boolean {
  const relations = compareWfns(helper, target);
  const { version, ...others } = relations;
  if (Object.values(others).some((r) => r !== 'EQUAL' && r !== 'SUPERSET')) return false;
  if (version === 'EQUAL' || version === 'SUPERSET') return true;
  // `cpe:/o:redhat:enterprise_linux:8` names every 8.x.
  if (typeof helper.version === 'string' && typeof target.version === 'string' && !isAny(helper.version)) {
    const h = (attributeText(helper.version) ?? '').toLowerCase();
    const t = (attributeText(target.version) ?? '').toLowerCase();
    return t.startsWith(`${h}.`);
  }
  return false;
}

/** Identifies one (non-relationship) CSAF product against the target. */
export function identifyProduct(product: CsafProduct, prepared: PreparedTarget): ProductIdentity {
  const helpers = product.helpers;
  const compared: ComparedAttribute[] = [];
  // Hashes: a firmware image hash names product and version at once.
  if (helpers.hashes.length > 0 && prepared.hashes.length > 0) {
    for (const file of helpers.hashes) {
      for (const h of file.hashes) {
        const alg = normalizeHashAlg(h.algorithm);
        const hit = prepared.hashes.find((t) => t.alg === alg && t.value === h.value.toLowerCase());
        if (hit) {
          return { relation: 'hash', score: 9000, confidence: 'exact', versionDecided: true, compared: [{ attribute: 'hash', target: `${hit.alg}:${hit.value}`, spec: `${file.filename} ${h.algorithm}:${h.value}`, result: 'equal' }], reason: `file hash of ${file.filename} matches` };
        }
      }
    }
  }
  // purl helpers.
  for (const text of helpers.purls) {
    const helper = tryParsePurl(text);
    if (!helper) continue;
    for (const t of prepared.purls) {
      if (!t.purl || t.purl.key !== helper.key) continue;
      const c: ComparedAttribute = { attribute: 'purl', target: t.text, spec: text, result: 'same package' };
      if (helper.version !== undefined) {
        const same = t.purl.version !== undefined && t.purl.version === helper.version;
        if (!same) continue;
        return { relation: 'purl', score: 8000, confidence: 'exact', versionDecided: true, compared: [{ ...c, result: 'equal' }], reason: `purl ${text} matches` };
      }
      return { relation: 'purl', score: 8000, confidence: 'exact', compared: [c], reason: `package ${helper.key} matches` };
    }
  }
  // CPE helper against the CPEs the target carries (not derived candidates).
  if (helpers.cpe) {
    const helper = parseCriterion(helpers.cpe).wfn;
    if (helper) {
      for (const t of prepared.cpes) {
        if (!t.wfn || t.derived) continue;
        if (cpeHelperMatches(helper, t.wfn)) {
          return { relation: 'cpe', score: 7000, confidence: 'exact', compared: [{ attribute: 'cpe', target: t.text, spec: helpers.cpe, result: 'name match' }], reason: `CPE ${t.text} matches the product's CPE ${helpers.cpe}` };
        }
      }
    }
  }
  const vendorOfSpec = canonicalVendor(product.vendor);
  const sameVendor = vendorOfSpec !== undefined && vendorOfSpec === prepared.vendor;
  // Model / order numbers (helpers, SKUs, or written in the product name).
  // (Gathered only for a target that has order numbers to compare.)
  const patterns = prepared.orderNumbers.length > 0 ? [...helpers.modelNumbers, ...helpers.skus, ...productSpecName(product).modelNumbers] : [];
  let identifiedByNumber: ProductIdentity | undefined;
  if (patterns.length > 0 && prepared.orderNumbers.length > 0 && (sameVendor || vendorOfSpec === undefined || prepared.vendor === undefined)) {
    for (const pattern of patterns) {
      const hit = prepared.orderNumbers.find((o) => orderNumberMatches(pattern, o));
      if (hit) {
        identifiedByNumber = { relation: 'model-number', score: 6000, confidence: 'exact', compared: [{ attribute: 'order number', target: hit, spec: pattern, result: pattern.includes('*') || pattern.includes('?') || /x/.test(pattern) ? 'pattern' : 'equal' }], reason: `order number ${hit} matches ${pattern}` };
        break;
      }
    }
    if (!identifiedByNumber) {
      return { relation: 'mismatch', score: 0, confidence: 'exact', compared: [{ attribute: 'order number', target: prepared.orderNumbers.join(', '), spec: patterns.join(', '), result: 'different' }], reason: `order number ${prepared.orderNumbers.join(', ')} is not among ${patterns.slice(0, 5).join(', ')}` };
    }
  }
  // Serial numbers.
  const serial = prepared.target.kind === 'asset' ? prepared.target.serial : undefined;
  if (helpers.serialNumbers.length > 0 && serial) {
    const hit = helpers.serialNumbers.find((p) => serialMatches(p, serial));
    if (!hit) return { relation: 'mismatch', score: 0, confidence: 'exact', compared: [{ attribute: 'serial number', target: serial, spec: helpers.serialNumbers.slice(0, 5).join(', '), result: 'different' }], reason: `serial number ${serial} is not among the advisory's` };
    compared.push({ attribute: 'serial number', target: serial, spec: hit, result: 'pattern' });
    if (!identifiedByNumber && (sameVendor || vendorOfSpec === undefined)) {
      return { relation: 'serial', score: 5000, confidence: 'exact', compared, reason: `serial number ${serial} matches ${hit}` };
    }
  }
  if (identifiedByNumber) return { ...identifiedByNumber, compared: [...identifiedByNumber.compared, ...compared] };
  // Vendor + product name.
  if (!sameVendor) {
    return NONE(vendorOfSpec === undefined || prepared.vendor === undefined ? 'vendor unknown on one side' : `vendor ${prepared.vendorName ?? ''} is not ${product.vendor ?? ''}`);
  }
  const name = productDisplayName(product);
  const cmp = compareNames(productSpecName(product), prepared.name);
  const vendorCompared: ComparedAttribute = { attribute: 'vendor', target: prepared.vendorName ?? '', spec: product.vendor ?? '', result: 'same vendor' };
  const nameCompared: ComparedAttribute = { attribute: 'product', target: prepared.name.significant.join(' '), spec: name, result: cmp.relation };
  if (cmp.relation === 'none') return NONE(`product name ${JSON.stringify(name)} does not match`, [vendorCompared, nameCompared]);
  const confidence: FindingConfidence = cmp.relation === 'partial' ? 'derived' : 'version-range-name';
  const why =
    cmp.relation === 'exact'
      ? `vendor and product name match ${JSON.stringify(name)}`
      : cmp.relation === 'family'
        ? `the target is a member of ${JSON.stringify(name)}`
        : `the target's model names only part of ${JSON.stringify(name)}`;
  return { relation: cmp.relation, score: cmp.score, confidence, compared: [vendorCompared, nameCompared, ...compared], reason: why };
}
