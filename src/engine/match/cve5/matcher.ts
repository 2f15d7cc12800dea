/**
 * CVE JSON 5 `affected[]` entries against a target: by CPE (`cpes[]`), by package
 * (`collectionURL` + `packageName`), or by vendor + product name; then the CVE 5 version-status
 * algorithm (`versions[]` with `lessThan` / `lessThanOrEqual` / `changes`, `defaultStatus`) with the
 * comparator of the entry's `versionType` (OT firmware scheme for `custom` or none).
 */
import { evaluateCve5Status } from '../../../formats/cve5/index.js';
import { attributeText, compareWfns, type Wfn } from '../../../formats/cpe/index.js';
import type { ComparedAttribute, Evidence, FindingConfidence, FindingStatus } from '../../../model/finding.js';
import type { Cve5AffectedSpec, Cve5Status, Cve5VersionEntry } from '../../../model/intel.js';
import { parseCriterion } from '../nvd/criteria.js';
import { compareNames, specName } from '../normalize/name.js';
import { canonicalVendor } from '../normalize/vendor.js';
import { compareChain, OT_SCHEMES, parseRangeText } from '../normalize/version.js';
import { cve5PackageKey } from '../purl-keys.js';
import { schemeForCve5VersionType, type VersionScheme } from '../versions/index.js';
import { sourceOf, type MatchableSpec, type MatcherOutput, type PreparedTarget } from '../types.js';

export type Cve5Spec = MatchableSpec & Cve5AffectedSpec;

const NO_NAME = new Set(['', 'n/a', 'na', 'unknown', '*', '-']);

interface Identity {
  /** Higher = more specific; used to keep the most specific entries of one record. */
  score: number;
  confidence: FindingConfidence;
  compared: ComparedAttribute[];
  reason: string;
  /** A specific version fixed by the CPE (cpes with a version). */
  cpeVersion?: string;
}

function cpeIdentity(spec: Cve5Spec, prepared: PreparedTarget): Identity | undefined {
  for (const text of spec.cpes) {
    const source = parseCriterion(text).wfn;
    if (!source) continue;
    for (const t of prepared.cpes) {
      if (!t.wfn) continue;
      const r = compareWfns(source, t.wfn as Wfn);
      const { version, ...rest } = r;
      if (Object.values(rest).some((x) => x !== 'EQUAL' && x !== 'SUPERSET')) continue;
      const sourceVersion = typeof source.version === 'string' ? (attributeText(source.version) ?? '') : undefined;
      if (version === 'DISJOINT' && sourceVersion !== undefined && typeof t.wfn.version === 'string') {
        const c = compareChain(attributeText(t.wfn.version) ?? '', sourceVersion, OT_SCHEMES);
        if (c.order !== 0) continue;
      } else if (version === 'DISJOINT') continue;
      return {
        score: t.derived ? 500 : 7000,
        confidence: t.derived ? 'derived' : 'exact',
        compared: [{ attribute: 'cpe', target: t.text, spec: text, result: 'name match' }],
        reason: `CPE ${t.text} matches ${text}${t.derived ? ' (derived CPE)' : ''}`,
        ...(sourceVersion !== undefined ? { cpeVersion: sourceVersion } : {}),
      };
    }
  }
  return undefined;
}

function identify(spec: Cve5Spec, prepared: PreparedTarget): Identity | undefined {
  // Every path is tried and the most specific wins, so that entries naming one product tie
  // whichever path (package, CPE, name) recognised it.
  const found: Identity[] = [];
  const key = cve5PackageKey(spec);
  if (key) {
    const hit = prepared.purls.find((p) => p.purl?.key === key);
    if (hit) found.push({ score: 8000, confidence: 'exact', compared: [{ attribute: 'package', target: hit.text, spec: key, result: 'same package' }], reason: `package ${key}` });
  }
  const byCpe = cpeIdentity(spec, prepared);
  if (byCpe) found.push(byCpe);
  const byName = nameIdentity(spec, prepared);
  if (byName) found.push(byName);
  return found.sort((a, b) => b.score - a.score)[0];
}

function nameIdentity(spec: Cve5Spec, prepared: PreparedTarget): Identity | undefined {
  if (!spec.vendor || !spec.product || NO_NAME.has(spec.vendor.trim().toLowerCase()) || NO_NAME.has(spec.product.trim().toLowerCase())) return undefined;
  const vendor = canonicalVendor(spec.vendor);
  if (!vendor || vendor !== prepared.vendor) return undefined;
  const cmp = compareNames(specName(spec.product, spec.vendor), prepared.name);
  if (cmp.relation === 'none') return undefined;
  return {
    score: cmp.score,
    confidence: cmp.relation === 'partial' ? 'derived' : 'version-range-name',
    compared: [
      { attribute: 'vendor', target: prepared.vendorName ?? '', spec: spec.vendor, result: 'same vendor' },
      { attribute: 'product', target: prepared.name.significant.join(' '), spec: spec.product, result: cmp.relation },
    ],
    reason: `vendor ${spec.vendor} and product ${JSON.stringify(spec.product)} (${cmp.relation})`,
  };
}

/**
 * CNAs often write a range as text in `version` with no `lessThan` ("Version 16.00 - 16.20.02",
 * "Versions prior to 5.4.2.2"): such entries are rewritten into the structured form when the text
 * reads as one range.
 */
export function structuredVersions(versions: readonly Cve5VersionEntry[]): Cve5VersionEntry[] {
  return versions.map((entry) => {
    if (entry.lessThan !== undefined || entry.lessThanOrEqual !== undefined || entry.changes?.length) return entry;
    const text = entry.version.trim();
    if (!/[\s<>]|prior|before|through|later|earlier/i.test(text)) return entry;
    const p = parseRangeText(text.replace(/^versions?\s+/i, ''));
    if (p.kind === 'all') return { ...entry, version: '0', lessThan: '*' };
    if (p.kind !== 'range') return entry;
    const cs = p.range.constraints;
    const lower = cs.find((c) => c.comparator === '>=');
    const upper = cs.find((c) => c.comparator === '<' || c.comparator === '<=');
    if (cs.length > 2 || cs.some((c) => c.comparator === '>' || c.comparator === '!=') || (cs.length === 2 && (!lower || !upper))) return entry;
    if (cs.length === 1 && cs[0]?.comparator === '=') return { ...entry, version: cs[0].version };
    const out: Cve5VersionEntry = { ...entry, version: lower?.version ?? '0' };
    if (upper?.comparator === '<') out.lessThan = upper.version;
    else if (upper?.comparator === '<=') out.lessThanOrEqual = upper.version;
    else out.lessThan = '*';
    return out;
  });
}

/** `6.4.*` as a bound: every 6.4.x sorts below it, anything else compares with `6.4`. */
function compareWildcard(a: string, b: string, chain: readonly VersionScheme[]): { order?: -1 | 0 | 1; scheme: VersionScheme } {
  const star = (x: string): string | undefined => (/^[^*]+\.\*$/.test(x) ? x.slice(0, -2) : undefined);
  const pa = star(a);
  const pb = star(b);
  if (pa !== undefined && pb === undefined) {
    if (b === pa || b.startsWith(`${pa}.`)) return { order: 1, scheme: chain[0] as VersionScheme };
    return compareChain(pa, b, chain);
  }
  if (pb !== undefined && pa === undefined) {
    if (a === pb || a.startsWith(`${pb}.`)) return { order: -1, scheme: chain[0] as VersionScheme };
    return compareChain(a, pb, chain);
  }
  return compareChain(a, b, chain);
}

/** How specifically the entry names the target (0 = not at all), whatever the version. */
export function cve5IdentityScore(spec: Cve5Spec, prepared: PreparedTarget): number {
  return identify(spec, prepared)?.score ?? 0;
}

/** An entry from an ADP container (CISA "Vulnrichment"), i.e. not the CNA's own statement. */
export function isAdpEntry(spec: Cve5AffectedSpec): boolean {
  return (spec.source.pointer ?? '').includes('/containers/adp') || /-ADP$/i.test(spec.source.provider ?? '');
}

const STATUS: Record<Cve5Status, FindingStatus | undefined> = { affected: 'affected', unaffected: 'not_affected', unknown: undefined };

export function matchCve5Spec(spec: Cve5Spec, prepared: PreparedTarget): MatcherOutput {
  const identity = identify(spec, prepared);
  if (!identity) return { evidence: [], issues: [] };
  const tier = identity.confidence === 'exact' ? 2 : identity.confidence === 'version-range-name' ? 1 : 0;
  const base = { matcher: 'cve5' as const, specKind: 'cve5-affected' as const, specId: spec.id, criterion: `${spec.vendor ?? ''}/${spec.product ?? spec.packageName ?? ''}`, pointer: spec.source.pointer, source: sourceOf(spec), confidence: identity.confidence, tier: tier as 0 | 1 | 2 };
  const out = (status: FindingStatus, reason: string, extra: Partial<Evidence> = {}): MatcherOutput => ({ evidence: [{ ...base, status, compared: identity.compared, reason, ...extra }], issues: [] });
  const version = prepared.version;
  if (spec.versions.length === 0) {
    const s = STATUS[spec.defaultStatus];
    return s ? out(s, `${identity.reason}; every version is ${spec.defaultStatus}`) : { evidence: [], issues: [] };
  }
  if (!version) {
    const couldBeAffected = spec.defaultStatus === 'affected' || spec.versions.some((v) => v.status === 'affected' || (v.changes ?? []).some((c) => c.status === 'affected'));
    return couldBeAffected ? out('cannot_decide', `${identity.reason}; the target has no version`) : { evidence: [], issues: [] };
  }
  let usedScheme: VersionScheme | undefined;
  let heuristic = false;
  const comparator = (a: string, b: string, versionType: string | undefined): number | undefined => {
    const own = schemeForCve5VersionType(versionType);
    const chain = own ? [own, ...OT_SCHEMES.filter((s) => s !== own)] : OT_SCHEMES;
    const c = compareWildcard(a, b, chain);
    if (c.order !== undefined) {
      usedScheme ??= c.scheme;
      heuristic ||= c.scheme.heuristic;
    }
    return c.order;
  };
  const versions = structuredVersions(spec.versions);
  const result = evaluateCve5Status({ versions, defaultStatus: spec.defaultStatus }, version, comparator);
  const status = STATUS[result.status];
  const entry = result.entryIndex !== undefined ? versions[result.entryIndex] : undefined;
  const entryText = entry ? `${entry.version}${entry.lessThan ? ` < ${entry.lessThan}` : ''}${entry.lessThanOrEqual ? ` <= ${entry.lessThanOrEqual}` : ''}` : `default ${spec.defaultStatus}`;
  const compared = [...identity.compared, { attribute: 'version', target: version, spec: entryText, result: result.status }];
  if (result.uncertain && status !== 'affected') {
    return { evidence: [{ ...base, status: 'cannot_decide', compared, reason: `${identity.reason}; version ${version} could not be compared with every entry`, versionScheme: (usedScheme as VersionScheme | undefined)?.name, heuristic: true }], issues: [] };
  }
  if (!status) return { evidence: [], issues: [] };
  // "Unaffected" only by default: no finding of its own.
  if (status === 'not_affected' && result.entryIndex === undefined) return { evidence: [], issues: [] };
  return { evidence: [{ ...base, status, compared, reason: `${identity.reason}; version ${version}: ${result.status} (${entryText})`, versionScheme: (usedScheme as VersionScheme | undefined)?.name, heuristic }], issues: [] };
}
