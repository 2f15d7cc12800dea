/**
 * How an asset's provenance is stored. Each distinct source statement is kept once; attributes
 * point at it by index. Most assets have one source for nearly every attribute, so that source is
 * the default (`d`): an attribute present in the facts takes it unless `a` names another source
 * or `n` says it has none (a value the platform filled in, such as kind `other`). The expanded
 * form repeated the same source ~20 times per asset and made rows several times larger.
 *
 * Rows written by earlier versions (`{s, a}` without `d`, or the expanded map) still decode.
 */
import {
  LIST_ATTRIBUTES,
  SCALAR_ATTRIBUTES,
  type AssetFacts,
  type AssetProvenance,
  type Provenance,
  type SourceKind,
} from '../../model/asset.js';

type StoredSource = [observationId: string, sourceKind: string, sourceName: string, observedAt: string, confidence: number];
interface StoredProvenance {
  s: StoredSource[];
  /** Attributes (or list values / custom keys) whose source is not the default. */
  a: Record<string, number | Record<string, number>>;
  /** Default source index. */
  d?: number;
  /** Attributes (or `attr\u0000value`) present in the facts without provenance. */
  n?: string[];
}

/** Every (attribute, value-or-key) slot that has a value in the facts, with the slot's provenance. */
function* slots(facts: AssetFacts, p: AssetProvenance): Generator<[attr: string, key: string | null, prov: Provenance | undefined]> {
  const prov = p as Record<string, Provenance | Record<string, Provenance> | undefined>;
  for (const attr of SCALAR_ATTRIBUTES) {
    if (facts[attr] !== undefined) yield [attr, null, prov[attr] as Provenance | undefined];
  }
  for (const attr of LIST_ATTRIBUTES) {
    const per = prov[attr] as Record<string, Provenance> | undefined;
    for (const v of facts[attr] ?? []) yield [attr, v, per?.[v]];
  }
  const custom = p.custom;
  for (const k of Object.keys(facts.custom ?? {})) yield ['custom', k, custom?.[k]];
}

export function encodeProvenance(p: AssetProvenance, facts: AssetFacts): string {
  const sources: StoredSource[] = [];
  const counts: number[] = [];
  const byObservation = new Map<string, number>();
  const seen: [string, string | null, number][] = [];
  const none: string[] = [];
  for (const [attr, key, prov] of slots(facts, p)) {
    if (!prov) {
      none.push(key === null ? attr : `${attr}\u0000${key}`);
      continue;
    }
    let i = byObservation.get(prov.observationId);
    if (i === undefined) {
      i = sources.length;
      byObservation.set(prov.observationId, i);
      sources.push([prov.observationId, prov.sourceKind, prov.sourceName, prov.observedAt, prov.confidence]);
      counts.push(0);
    }
    counts[i]!++;
    seen.push([attr, key, i]);
  }
  let d = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[d]!) d = i;
  const a: StoredProvenance['a'] = {};
  for (const [attr, key, i] of seen) {
    if (i === d) continue;
    if (key === null) a[attr] = i;
    else ((a[attr] ??= {}) as Record<string, number>)[key] = i;
  }
  const stored: StoredProvenance = { s: sources, a, d };
  if (none.length > 0) stored.n = none;
  return JSON.stringify(stored);
}

export function decodeProvenance(text: string, facts: AssetFacts): AssetProvenance {
  const parsed = JSON.parse(text) as StoredProvenance | AssetProvenance;
  // Rows written before the compact form hold the expanded map itself.
  if (!('s' in parsed && Array.isArray(parsed.s))) return parsed as AssetProvenance;
  const stored = parsed as StoredProvenance;
  const sources = stored.s.map(([observationId, sourceKind, sourceName, observedAt, confidence]) => ({
    observationId, sourceKind: sourceKind as SourceKind, sourceName, observedAt, confidence,
  }));
  const out: Record<string, Provenance | Record<string, Provenance>> = {};
  for (const [attr, v] of Object.entries(stored.a)) {
    if (typeof v === 'number') out[attr] = sources[v]!;
    else out[attr] = Object.fromEntries(Object.entries(v).map(([k, i]) => [k, sources[i]!]));
  }
  if (stored.d === undefined) return out as AssetProvenance;
  const fallback = sources[stored.d];
  if (!fallback) return out as AssetProvenance;
  const none = new Set(stored.n ?? []);
  for (const [attr, key] of slots(facts, {})) {
    if (key === null) {
      if (out[attr] === undefined && !none.has(attr)) out[attr] = fallback;
      continue;
    }
    const per = (out[attr] ??= {}) as Record<string, Provenance>;
    if (per[key] === undefined && !none.has(`${attr}\u0000${key}`)) per[key] = fallback;
  }
  return out as AssetProvenance;
}
