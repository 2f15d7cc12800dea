/**
 * The index contract with the store: a spec can only match a target if they share at least one key.
 * The store keeps (key → spec id) and (key → target id); an import re-matches only the targets under
 * the keys of the specs it touched, and a changed target only the specs under its keys.
 *
 * Key forms (all lower case unless the purl type is case-sensitive):
 * - `cpe:<vendor>:<product>`   CPE names (NVD criteria, CSAF/CVE 5 CPEs, target and derived CPEs)
 * - `pkg:<type>/<ns>/<name>`   package keys (purls, OSV packages, CVE 5 collectionURL + packageName)
 * - `n:<vendor>:<digits>`      digit runs of model tokens of a product name (`fx5u-32mt` → 5, 32)
 * - `w:<vendor>:<word>`        words of a product name that has no model token
 * - `v:<vendor>`               vendor-wide, for names made only of wildcards
 * - `on:<prefix>`              first literal characters of an order number
 * - `h:<digest>`               file hashes
 */
import type { MatchTarget } from '../../model/finding.js';
import type { CsafProduct } from '../../model/intel.js';
import { tryParsePurl } from '../../formats/purl/index.js';
import { lenientVendorProduct } from './nvd/criteria.js';
import { orderNumberPrefix, specName, specNameKeys, targetNameKeys, type TargetName } from './normalize/name.js';
import { canonicalVendor } from './normalize/vendor.js';
import { productSpecName } from './csaf/product.js';
import { cve5PackageKey, osvPackageKey } from './purl-keys.js';
import { deriveCpes } from './derived/cpe.js';
import { targetHashes, targetNameOf, targetOrderNumbers, targetPurls, targetVendor, targetCpes } from './target.js';
import type { MatchableSpec, MatchOptions } from './types.js';
import { GenerationalMemo } from './memo.js';

function cpeKey(text: string): string | undefined {
  // Fast path for the common formatted string without escapes: `cpe:2.3:<part>:<vendor>:<product>:…`
  // (a one-character part among a/o/h/*, non-empty vendor and product, a colon after the product).
  if (text.startsWith('cpe:2.3:') && text.charCodeAt(9) === 58 && !text.includes('\\')) {
    const part = text.charCodeAt(8);
    const vendorEnd = text.indexOf(':', 10);
    const productEnd = vendorEnd === -1 ? -1 : text.indexOf(':', vendorEnd + 1);
    if ((part === 97 || part === 111 || part === 104 || part === 42) && vendorEnd > 10 && productEnd > vendorEnd + 1) {
      return `cpe:${text.slice(10, vendorEnd).toLowerCase()}:${text.slice(vendorEnd + 1, productEnd).toLowerCase()}`;
    }
  }
  const vp = lenientVendorProduct(text);
  return vp ? `cpe:${vp.vendor}:${vp.product}` : undefined;
}

/** Package keys by versionless purl (`null`: not a valid purl). */
const purlKeyMemo = new GenerationalMemo<string, string | null>(100_000);

/** The package key of a purl; parsed once per versionless purl (versions do not change the key). */
function purlKeyOf(text: string): string | undefined {
  const base = text.replace(/[?#].*$/, '').replace(/@[^/@]*$/, '');
  const hit = purlKeyMemo.get(base);
  if (hit !== undefined) return hit ?? undefined;
  return purlKeyMemo.set(base, tryParsePurl(base)?.key ?? tryParsePurl(text)?.key ?? null) ?? undefined;
}

function nameKeys(vendorName: string | undefined, name: string): string[] {
  const vendor = canonicalVendor(vendorName);
  if (!vendor) return [];
  const keys = specNameKeys(specName(name, vendorName));
  return keys.length > 0 ? keys.map((k) => `${k[0]}:${vendor}:${k.slice(2)}`) : [`v:${vendor}`];
}

function csafProductKeys(product: CsafProduct, out: Set<string>): void {
  const h = product.helpers;
  if (h.cpe) {
    const k = cpeKey(h.cpe);
    if (k) out.add(k);
  }
  for (const p of h.purls) {
    const k = purlKeyOf(p);
    if (k) out.add(k);
  }
  for (const file of h.hashes) for (const x of file.hashes) out.add(`h:${x.value.toLowerCase()}`);
  const numbers = [...h.modelNumbers, ...h.skus, ...productSpecName(product).modelNumbers];
  for (const n of numbers) {
    const prefix = orderNumberPrefix(n);
    out.add(prefix ? `on:${prefix.toLowerCase()}` : `v:${canonicalVendor(product.vendor) ?? '*'}`);
  }
  const vendor = canonicalVendor(product.vendor);
  if (vendor) {
    const keys = specNameKeys(productSpecName(product));
    if (keys.length === 0) out.add(`v:${vendor}`);
    for (const k of keys) out.add(`${k[0]}:${vendor}:${k.slice(2)}`);
  }
  // Serial-number-only products: keyed by vendor.
  if (h.serialNumbers.length > 0 && vendor) out.add(`v:${vendor}`);
}

/** Keys of a spec: a target can match the spec only if it has one of them. */
export function specMatchKeys(spec: MatchableSpec, options: MatchOptions = {}): string[] {
  const out = new Set<string>();
  switch (spec.kind) {
    case 'cpe-config':
      for (const cfg of spec.configurations) {
        for (const node of cfg.nodes) {
          if (node.negate) continue;
          for (const c of node.cpeMatch) {
            if (!c.vulnerable) continue;
            const k = cpeKey(c.criteria);
            out.add(k ?? 'cpe:invalid');
          }
        }
      }
      break;
    case 'cve5-affected': {
      for (const c of spec.cpes) {
        const k = cpeKey(c);
        if (k) out.add(k);
      }
      const pk = cve5PackageKey(spec);
      if (pk) out.add(pk);
      if (spec.vendor && spec.product) for (const k of nameKeys(spec.vendor, spec.product)) out.add(k);
      break;
    }
    case 'osv-range': {
      const k = osvPackageKey(spec);
      if (k) out.add(k);
      break;
    }
    case 'csaf-product': {
      const products: CsafProduct[] = [];
      if (spec.product.relationship) {
        const ids = spec.product.componentIds ?? [];
        for (const id of ids) {
          const p = spec.components?.find((c) => c.productId === id) ?? options.csafProducts?.(spec.advisoryId, id);
          if (p) products.push(p);
        }
        if (products.length === 0) products.push(spec.product);
        // All base products must match, so the keys of any one suffice; use the most selective.
        const perProduct = products.map((p) => {
          const s = new Set<string>();
          csafProductKeys(p, s);
          return s;
        });
        const best = perProduct.reduce((a, b) => (score(b) > score(a) ? b : a));
        for (const k of best) out.add(k);
      } else csafProductKeys(spec.product, out);
      break;
    }
  }
  return [...out].sort();
}

/** Keys that are more selective than a vendor-wide key count more. */
function score(keys: Set<string>): number {
  let s = 0;
  for (const k of keys) s += k.startsWith('v:') ? 1 : 10;
  return keys.size === 0 ? -1 : s / keys.size;
}

/** Name keys of a target under its vendor; target names are shared between targets (target.ts), so remembered on them. */
const nameKeysMemo = new WeakMap<TargetName, { vendor: string; keys: string[] }>();
function vendorNameKeys(name: TargetName, vendor: string): string[] {
  const hit = nameKeysMemo.get(name);
  if (hit && hit.vendor === vendor) return hit.keys;
  const keys = targetNameKeys(name).map((k) => `${k[0]}:${vendor}:${k.slice(2)}`);
  nameKeysMemo.set(name, { vendor, keys });
  return keys;
}

/** Keys of a target: every key form it could be matched under (including derived CPE candidates). */
export function targetMatchKeys(target: MatchTarget, options: MatchOptions = {}): string[] {
  const out = new Set<string>();
  const cpes = targetCpes(target);
  for (const c of cpes) {
    const k = cpeKey(c);
    if (k) out.add(k);
  }
  if (target.kind === 'asset' && cpes.length === 0 && options.deriveCpes !== false) {
    // The version does not change the keys: derive once per vendor and model.
    for (const d of deriveCpes({ vendor: target.vendor, product: target.product, model: target.model })) {
      const k = cpeKey(d.cpe);
      if (k) out.add(k);
    }
  }
  for (const p of targetPurls(target)) {
    const k = purlKeyOf(p);
    if (k) out.add(k);
  }
  const vendor = targetVendor(target);
  if (vendor) {
    out.add(`v:${vendor}`);
    for (const k of vendorNameKeys(targetNameOf(target), vendor)) out.add(k);
  }
  for (const o of targetOrderNumbers(target)) {
    // Every prefix length a spec pattern may have been cut at (4..7 characters).
    const compact = o.replace(/[\s\-.]/g, '').toLowerCase();
    for (let n = 4; n <= Math.min(7, compact.length); n++) out.add(`on:${compact.slice(0, n)}`);
  }
  for (const h of targetHashes(target)) out.add(`h:${h.value}`);
  return [...out].sort();
}
