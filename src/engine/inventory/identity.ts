/**
 * Identity resolution: which existing asset a record describes. Keys are tried in order of
 * strength — external id; vendor + serial; MAC; site + IP; site + hostname — and the first that
 * matches wins. MACs, IPs and hostnames are only keys when they point at a single asset.
 */
import type { AssetFacts } from '../../model/asset.js';

export type IdentityKeyKind = 'external-id' | 'vendor-serial' | 'mac' | 'site-ip' | 'site-hostname';

export interface IdentityMatch {
  assetId: string;
  key: IdentityKeyKind;
}

const norm = (v: string) => v.trim().toLowerCase();

/** The identity keys of a set of facts, strongest first. `site` falls back to the import's default site. */
export function identityKeys(facts: AssetFacts, defaultSite?: string): { kind: IdentityKeyKind; key: string }[] {
  const keys: { kind: IdentityKeyKind; key: string }[] = [];
  if (facts.externalId) keys.push({ kind: 'external-id', key: norm(facts.externalId) });
  if (facts.vendor && facts.serial) keys.push({ kind: 'vendor-serial', key: `${norm(facts.vendor)}\u0000${norm(facts.serial)}` });
  for (const mac of facts.macs ?? []) keys.push({ kind: 'mac', key: mac });
  const site = norm(facts.site ?? defaultSite ?? '');
  for (const ip of facts.ips ?? []) keys.push({ kind: 'site-ip', key: `${site}\u0000${ip}` });
  if (facts.hostname) keys.push({ kind: 'site-hostname', key: `${site}\u0000${norm(facts.hostname)}` });
  return keys;
}

/** An in-memory index of identity keys → asset id, loaded once per import and kept current as it runs. */
export class IdentityIndex {
  private readonly maps = new Map<IdentityKeyKind, Map<string, string | null>>();

  constructor() {
    for (const k of ['external-id', 'vendor-serial', 'mac', 'site-ip', 'site-hostname'] as const) this.maps.set(k, new Map());
  }

  /** Registers an asset's keys. A key shared by two assets becomes ambiguous (null) and stops matching. */
  add(assetId: string, facts: AssetFacts): void {
    for (const { kind, key } of identityKeys(facts)) {
      const map = this.maps.get(kind)!;
      const existing = map.get(key);
      if (existing === undefined) map.set(key, assetId);
      else if (existing !== assetId) map.set(key, kind === 'external-id' ? existing : null);
    }
  }

  /** True when no asset has been added (a first import needs no look-ups before it runs). */
  get isEmpty(): boolean {
    for (const map of this.maps.values()) if (map.size > 0) return false;
    return true;
  }

  resolve(facts: AssetFacts, defaultSite?: string): IdentityMatch | null {
    return this.resolveKeys(identityKeys(facts, defaultSite));
  }

  /** Like `resolve`, for keys computed once by the caller (an import looks a record up twice). */
  resolveKeys(keys: readonly { kind: IdentityKeyKind; key: string }[]): IdentityMatch | null {
    for (const { kind, key } of keys) {
      const id = this.maps.get(kind)!.get(key);
      if (id) return { assetId: id, key: kind };
    }
    return null;
  }
}
