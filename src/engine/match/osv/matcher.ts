/**
 * OSV `affected[]` entries against SBOM components (and assets) by package: same purl key, then
 * the component version in the enumerated `versions` or in an ECOSYSTEM/SEMVER range (events
 * `introduced` / `fixed` / `last_affected`), ordered by the ecosystem's own scheme. GIT ranges
 * name commits, not versions: they decide only through the `versions` list.
 */
import { comparableVersion } from '../../../formats/purl/index.js';
import type { Evidence } from '../../../model/finding.js';
import type { OsvRange, OsvRangeSpec } from '../../../model/intel.js';
import { isOrdering, schemeForOsvEcosystem, schemeForPurlType, type VersionScheme } from '../versions/index.js';
import { osvPackageKey, purlTypeForEcosystem } from '../purl-keys.js';
import { sourceOf, type MatchableSpec, type MatcherOutput, type PreparedTarget } from '../types.js';

export type OsvSpec = MatchableSpec & OsvRangeSpec;

const MAX_EVENTS = 10_000;

type Verdict = true | false | 'unknown';

export function evaluateOsvRange(range: OsvRange, version: string, scheme: VersionScheme): { result: Verdict; reason?: string } {
  if (range.events.length > MAX_EVENTS) return { result: 'unknown', reason: `range with ${range.events.length} events` };
  const events = range.events.map((e) => {
    if (e.introduced !== undefined) return { kind: 'introduced' as const, v: e.introduced };
    if (e.fixed !== undefined) return { kind: 'fixed' as const, v: e.fixed };
    if (e.lastAffected !== undefined) return { kind: 'last_affected' as const, v: e.lastAffected };
    return { kind: 'limit' as const, v: e.limit ?? '*' };
  });
  const cmpCache = new Map<string, number | string>();
  const cmp = (v: string): number | string => {
    if (v === '0') return 1; // `introduced: "0"` is below every version
    let c = cmpCache.get(v);
    if (c === undefined) {
      const r = scheme.compare(version, v);
      c = isOrdering(r) ? r : r.reason;
      cmpCache.set(v, c);
    }
    return c;
  };
  // Order events by their own versions (the spec's algorithm); refuse when they cannot be ordered.
  const sortable = events.filter((e) => e.kind !== 'limit');
  let unorderable: string | undefined;
  sortable.sort((a, b) => {
    if (a.v === b.v) return 0;
    if (a.v === '0') return -1;
    if (b.v === '0') return 1;
    const r = scheme.compare(a.v, b.v);
    if (!isOrdering(r)) {
      unorderable ??= r.reason;
      return 0;
    }
    return r;
  });
  if (unorderable) return { result: 'unknown', reason: `range events cannot be ordered: ${unorderable}` };
  let affected = false;
  for (const e of sortable) {
    const c = cmp(e.v);
    if (typeof c === 'string') return { result: 'unknown', reason: c };
    if (e.kind === 'introduced' && c >= 0) affected = true;
    else if (e.kind === 'fixed' && c >= 0) affected = false;
    else if (e.kind === 'last_affected' && c > 0) affected = false;
  }
  for (const e of events) {
    if (e.kind !== 'limit' || e.v === '*') continue;
    const c = cmp(e.v);
    if (typeof c === 'string') return { result: 'unknown', reason: c };
    if (c >= 0) affected = false;
  }
  return { result: affected };
}

export function matchOsvSpec(spec: OsvSpec, prepared: PreparedTarget): MatcherOutput {
  const key = osvPackageKey(spec);
  if (!key) return { evidence: [], issues: [] };
  const hit = prepared.purls.find((p) => p.purl?.key === key);
  if (!hit?.purl) return { evidence: [], issues: [] };
  const version = comparableVersion(hit.purl) ?? prepared.version;
  const base = {
    matcher: 'osv' as const,
    specKind: 'osv-range' as const,
    specId: spec.id,
    criterion: spec.purl ?? `${spec.ecosystem ?? ''}/${spec.packageName ?? ''}`,
    pointer: spec.source.pointer,
    source: sourceOf(spec),
  };
  const nameCompared = { attribute: 'package', target: hit.text, spec: key, result: 'same package' };
  const evidence = (status: Evidence['status'], reason: string, extra: Partial<Evidence> = {}): MatcherOutput => ({
    evidence: [{ ...base, status, confidence: 'exact', tier: 2, compared: [nameCompared, ...(version ? [{ attribute: 'version', target: version, spec: describeRanges(spec), result: status === 'affected' ? 'in range' : 'unknown' }] : [])], reason, ...extra }],
    issues: [],
  });
  if (!version) {
    if (spec.ranges.length === 0 && spec.versions.length === 0) return evidence('affected', `${key}: every version is affected`);
    return evidence('cannot_decide', `${key}: the component has no version`);
  }
  if (spec.versions.includes(version)) return evidence('affected', `${key}@${version} is listed among the affected versions`);
  const type = purlTypeForEcosystem(spec.ecosystem) ?? hit.purl.type;
  let unknown: string | undefined;
  let decidedBy: VersionScheme | undefined;
  for (const range of spec.ranges) {
    const kind = range.type.toUpperCase();
    if (kind === 'GIT') {
      if (spec.versions.length === 0) unknown ??= 'GIT range (commits) without an enumerated versions list';
      continue;
    }
    const scheme = (kind === 'SEMVER' ? schemeForOsvEcosystem('', 'SEMVER') : undefined) ?? (spec.ecosystem ? schemeForOsvEcosystem(spec.ecosystem, range.type) : undefined) ?? schemeForPurlType(type);
    if (!scheme) {
      unknown ??= `no version scheme for ecosystem ${spec.ecosystem ?? type}`;
      continue;
    }
    const r = evaluateOsvRange(range, version, scheme);
    if (r.result === true) return evidence('affected', `${key}@${version} is within an affected range (${scheme.name})`, { versionScheme: scheme.name, heuristic: scheme.heuristic });
    if (r.result === 'unknown') unknown ??= r.reason;
    decidedBy ??= scheme;
  }
  if (unknown) return evidence('cannot_decide', `${key}@${version}: ${unknown}`, { versionScheme: decidedBy?.name, heuristic: true });
  return { evidence: [], issues: [] };
}

function describeRanges(spec: OsvRangeSpec): string {
  const parts = spec.ranges.map((r) => `${r.type}: ${r.events.slice(0, 6).map((e) => Object.entries(e).map(([k, v]) => `${k} ${String(v)}`).join('')).join(', ')}${r.events.length > 6 ? ', …' : ''}`);
  if (spec.versions.length > 0) parts.push(`versions: ${spec.versions.slice(0, 5).join(', ')}${spec.versions.length > 5 ? ', …' : ''}`);
  return parts.join('; ');
}
