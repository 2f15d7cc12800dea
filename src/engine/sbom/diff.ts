/**
 * Diff two SBOMs: components added, removed and changed (version, hashes, licences, supplier).
 * Components are keyed by purl without its version (qualifiers kept, so arch variants stay apart),
 * else by group/name. When one key holds several versions, equal versions pair first.
 */
import { PackageURL } from 'packageurl-js';
import { flattenComponents, type SbomComponent, type SbomDocument } from '../../model/sbom.js';

export type ChangedField = 'version' | 'hashes' | 'licenses' | 'supplier';

export interface FieldChange {
  field: ChangedField;
  before?: string | string[];
  after?: string | string[];
}

export interface ComponentChange {
  key: string;
  before: SbomComponent;
  after: SbomComponent;
  changes: FieldChange[];
}

export interface SbomDiff {
  added: SbomComponent[];
  removed: SbomComponent[];
  changed: ComponentChange[];
  unchanged: number;
}

/** The identity of a component across SBOM versions. */
export function componentKey(c: SbomComponent): string {
  if (c.purl) {
    try {
      const p = PackageURL.fromString(c.purl);
      return new PackageURL(p.type, p.namespace, p.name, undefined, p.qualifiers, p.subpath).toString();
    } catch {
      // An invalid purl is still an identity: drop an `@version` before any qualifiers by hand.
      return c.purl.replace(/@[^?#]*/, '');
    }
  }
  return `name:${(c.group ? `${c.group}/` : '') + c.name}`.toLowerCase();
}

export function diffSboms(before: SbomDocument, after: SbomDocument): SbomDiff {
  const oldByKey = groupByKey(flattenComponents(before.components));
  const newByKey = groupByKey(flattenComponents(after.components));
  const result: SbomDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, olds] of oldByKey) {
    const news = newByKey.get(key) ?? [];
    const remainingNew = [...news];
    const unpairedOld: SbomComponent[] = [];
    // Same version first: a key with several versions (two lodash copies) pairs like with like.
    for (const old of olds) {
      const at = remainingNew.findIndex((n) => n.version === old.version);
      if (at === -1) unpairedOld.push(old);
      else record(key, old, remainingNew.splice(at, 1)[0] as SbomComponent, result);
    }
    for (const old of unpairedOld) {
      const next = remainingNew.shift();
      if (next) record(key, old, next, result);
      else result.removed.push(old);
    }
    result.added.push(...remainingNew);
    newByKey.delete(key);
  }
  for (const news of newByKey.values()) result.added.push(...news);
  return result;
}

function groupByKey(components: SbomComponent[]): Map<string, SbomComponent[]> {
  const map = new Map<string, SbomComponent[]>();
  for (const c of components) {
    const key = componentKey(c);
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  }
  return map;
}

function record(key: string, before: SbomComponent, after: SbomComponent, result: SbomDiff): void {
  const changes: FieldChange[] = [];
  if (before.version !== after.version) changes.push({ field: 'version', before: before.version, after: after.version });
  const hashesBefore = hashSet(before);
  const hashesAfter = hashSet(after);
  // Only compare digests of algorithms both sides carry; a newly added SHA-512 is not a change.
  const sharedAlgs = new Set(before.hashes.map((h) => h.alg).filter((alg) => after.hashes.some((h) => h.alg === alg)));
  const comparableBefore = hashesBefore.filter((h) => sharedAlgs.has(h.split(':')[0] as string));
  const comparableAfter = hashesAfter.filter((h) => sharedAlgs.has(h.split(':')[0] as string));
  if (!sameList(comparableBefore, comparableAfter) || (hashesBefore.length === 0) !== (hashesAfter.length === 0)) {
    changes.push({ field: 'hashes', before: hashesBefore, after: hashesAfter });
  }
  const licencesBefore = [...before.licenses, ...before.licenseNames].sort();
  const licencesAfter = [...after.licenses, ...after.licenseNames].sort();
  if (!sameList(licencesBefore, licencesAfter)) changes.push({ field: 'licenses', before: licencesBefore, after: licencesAfter });
  const supplierBefore = before.supplier?.name;
  const supplierAfter = after.supplier?.name;
  if (supplierBefore !== supplierAfter) changes.push({ field: 'supplier', before: supplierBefore, after: supplierAfter });
  if (changes.length > 0) result.changed.push({ key, before, after, changes });
  else result.unchanged++;
}

function hashSet(c: SbomComponent): string[] {
  return c.hashes.map((h) => `${h.alg}:${h.value}`).sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
