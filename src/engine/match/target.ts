/**
 * Building match targets from inventory assets and SBOM components, and reading the attributes
 * the matchers share (vendor, version, name tokens, order numbers).
 */
import type { Asset } from '../../model/asset.js';
import type { AssetMatchTarget, ComponentMatchTarget, MatchTarget } from '../../model/finding.js';
import type { SbomComponent } from '../../model/sbom.js';
import { tryParsePurl } from '../../formats/purl/index.js';
import { orderNumbersIn, targetName, type TargetName } from './normalize/name.js';
import { canonicalVendor } from './normalize/vendor.js';
import { Memo3 } from './memo.js';

/** Custom columns that hold order numbers in inventories. */
const ORDER_NUMBER_COLUMNS = ['order number', 'order_number', 'ordernumber', 'mlfb', 'article number', 'part number', 'partnumber', 'model number', 'catalog number', 'sku'];

export function assetTarget(asset: Pick<Asset, 'id' | 'name' | 'vendor' | 'model' | 'firmware' | 'hardwareVersion' | 'serial' | 'cpes' | 'purls'> & { custom?: Record<string, string> }): AssetMatchTarget {
  const orderNumbers: string[] = [];
  for (const [key, value] of Object.entries(asset.custom ?? {})) {
    if (ORDER_NUMBER_COLUMNS.includes(key.toLowerCase().trim()) && value.trim()) orderNumbers.push(value.trim());
  }
  return {
    kind: 'asset',
    id: asset.id,
    name: asset.name,
    vendor: asset.vendor ?? undefined,
    model: asset.model ?? undefined,
    firmware: asset.firmware ?? undefined,
    hardwareVersion: asset.hardwareVersion ?? undefined,
    serial: asset.serial ?? undefined,
    orderNumbers,
    cpes: [...asset.cpes],
    purls: [...asset.purls],
  };
}

export function componentTarget(component: SbomComponent, id: string = component.ref): ComponentMatchTarget {
  return {
    kind: 'component',
    id,
    name: component.name,
    version: component.version,
    group: component.group,
    supplier: component.supplier?.name ?? component.manufacturer?.name ?? component.publisher,
    purl: component.purl,
    cpe: component.cpe,
    hashes: component.hashes.map((h) => ({ alg: h.alg, value: h.value })),
    refs: [component.ref, ...(component.purl ? [component.purl] : [])],
  };
}

/** The target's CPEs as written. */
export function targetCpes(target: MatchTarget): string[] {
  return target.kind === 'asset' ? target.cpes : target.cpe ? [target.cpe] : [];
}

export function targetPurls(target: MatchTarget): string[] {
  return target.kind === 'asset' ? target.purls : target.purl ? [target.purl] : [];
}

/** The version a product statement is compared with: asset firmware, component version. */
export function targetVersion(target: MatchTarget): string | undefined {
  const v = target.kind === 'asset' ? target.firmware : target.version;
  return v && v.trim() !== '' ? v.trim() : undefined;
}

/** The vendor name: asset vendor; component supplier, else group, else purl namespace. */
export function targetVendorName(target: MatchTarget): string | undefined {
  if (target.kind === 'asset') return target.vendor ?? undefined;
  if (target.supplier) return target.supplier;
  if (target.group) return target.group;
  const purl = target.purl ? tryParsePurl(target.purl) : undefined;
  return purl?.namespace;
}

export function targetVendor(target: MatchTarget): string | undefined {
  return canonicalVendor(targetVendorName(target));
}

/** Name tokens of the target (product line + model for assets, name for components). */
export function targetNameOf(target: MatchTarget): TargetName {
  const vendor = targetVendorName(target);
  if (target.kind === 'asset') return assetNames.get(vendor, target.product, target.model) ?? assetNames.set(vendor, target.product, target.model, targetName([target.product, target.model], vendor));
  return componentNames.get(vendor, target.name, undefined) ?? componentNames.set(vendor, target.name, undefined, targetName([target.name], vendor));
}

/** Many targets share vendor and model: their (read-only) name tokens are computed once. */
const MAX_NAME_MEMO = 50_000;
const assetNames = new Memo3<string | undefined, string | undefined, string | undefined, TargetName>(MAX_NAME_MEMO);
const componentNames = new Memo3<string | undefined, string, undefined, TargetName>(MAX_NAME_MEMO);

/** Order numbers: the explicit ones plus those written inside the model text. */
export function targetOrderNumbers(target: MatchTarget): string[] {
  if (target.kind !== 'asset') return [];
  const found = new Set(target.orderNumbers.map((o) => o.trim()).filter((o) => o !== ''));
  for (const o of orderNumbersIn(target.model)) found.add(o);
  for (const o of orderNumbersIn(target.product)) found.add(o);
  return [...found];
}

/** Hashes as `alg:value`, algorithm normalised (`SHA-256` → `sha256`). */
export function targetHashes(target: MatchTarget): Array<{ alg: string; value: string }> {
  return (target.hashes ?? []).map((h) => ({ alg: normalizeHashAlg(h.alg), value: h.value.toLowerCase() }));
}

export function normalizeHashAlg(alg: string): string {
  return alg.toLowerCase().replace(/[^a-z0-9]/g, '');
}
