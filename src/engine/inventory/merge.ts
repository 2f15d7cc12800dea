/**
 * Merging observations into an asset's current state. Pure: the store persists what this returns.
 *
 * Rules (ADR 002):
 * - Scalar attributes: a stated value replaces the current one when its confidence is higher, or
 *   equal and the observation is not older. A lower-confidence source never overwrites a
 *   higher-confidence one (a passive sighting does not undo an engineer's edit).
 * - List attributes (IPs, MACs, CPEs, purls, tags): values from every source are kept (set union),
 *   each with the provenance of the observation that first stated it. Only a manual edit that sets
 *   the list (`replaceLists`) removes values.
 * - Custom attributes merge per key like scalars.
 * - Restating a value that is already current changes nothing (re-imports are idempotent).
 */
import {
  LIST_ATTRIBUTES,
  SCALAR_ATTRIBUTES,
  type AssetFacts,
  type AssetProvenance,
  type ListAttribute,
  type Provenance,
  type ScalarAttribute,
} from '../../model/asset.js';

export interface AssetState {
  facts: AssetFacts;
  provenance: AssetProvenance;
}

export interface MergeResult {
  state: AssetState;
  /** Attribute names whose value changed (e.g. `firmware`, `ips`, `custom.rack`). */
  changed: string[];
}

function wins(incoming: Provenance, current: Provenance | undefined): boolean {
  if (!current) return true;
  if (incoming.confidence !== current.confidence) return incoming.confidence > current.confidence;
  return incoming.observedAt >= current.observedAt;
}

export function mergeFacts(
  current: AssetState | null,
  incoming: AssetFacts,
  provenance: Provenance,
  options: { replaceLists?: boolean } = {},
): MergeResult {
  const facts: AssetFacts = current ? structuredClone(current.facts) : {};
  const prov: AssetProvenance = current ? structuredClone(current.provenance) : {};
  const changed: string[] = [];
  const mutableFacts = facts as Record<string, unknown>;
  const mutableProv = prov as Record<string, unknown>;

  for (const attr of SCALAR_ATTRIBUTES) {
    const value = incoming[attr as ScalarAttribute];
    if (value === undefined || value === '') continue;
    const before = facts[attr as ScalarAttribute];
    if (before === value) continue;
    if (before !== undefined && !wins(provenance, prov[attr as ScalarAttribute])) continue;
    mutableFacts[attr] = value;
    mutableProv[attr] = provenance;
    changed.push(attr);
  }

  for (const attr of LIST_ATTRIBUTES) {
    const values = incoming[attr as ListAttribute];
    if (values === undefined) continue;
    const before = facts[attr as ListAttribute] ?? [];
    const perValue = { ...(prov[attr as ListAttribute] ?? {}) };
    let next: string[];
    if (options.replaceLists) {
      next = [...values];
      for (const v of Object.keys(perValue)) if (!values.includes(v)) delete perValue[v];
    } else {
      next = [...before];
      for (const v of values) if (!next.includes(v)) next.push(v);
    }
    for (const v of next) if (!perValue[v]) perValue[v] = provenance;
    const same = next.length === before.length && next.every((v, i) => v === before[i]);
    if (same) continue;
    mutableFacts[attr] = next;
    mutableProv[attr] = perValue;
    changed.push(attr);
  }

  if (incoming.custom) {
    const custom = { ...(facts.custom ?? {}) };
    const customProv = { ...(prov.custom ?? {}) };
    for (const [k, v] of Object.entries(incoming.custom)) {
      if (custom[k] === v) continue;
      if (custom[k] !== undefined && !wins(provenance, customProv[k])) continue;
      custom[k] = v;
      customProv[k] = provenance;
      changed.push(`custom.${k}`);
    }
    facts.custom = custom;
    prov.custom = customProv;
  }

  return { state: { facts, provenance: prov }, changed };
}

/** Lower-case text searched by the inventory's free-text filter. */
export function searchText(facts: AssetFacts): string {
  return [
    facts.name, facts.vendor, facts.model, facts.firmware, facts.serial, facts.hostname, facts.externalId, facts.owner,
    ...(facts.ips ?? []), ...(facts.macs ?? []), ...(facts.tags ?? []),
  ]
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join(' ')
    .toLowerCase();
}
