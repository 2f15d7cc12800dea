/**
 * CSAF product statements against a target: identity (product.ts), relationships (firmware
 * `installed_on` device: every base product must denote the target), then the version
 * (`product_version` exact, `product_version_range` as `vers:` or free text), then the status.
 */
import type { ComparedAttribute, Evidence, FindingStatus, PrecedenceTier } from '../../../model/finding.js';
import type { CsafProduct, CsafProductSpec } from '../../../model/intel.js';
import { evaluateExactVersion, evaluateRange, parseRangeText, type RangePredicate, type VersionVerdict } from '../normalize/version.js';
import { sourceOf, type MatchableSpec, type MatcherOutput, type MatchOptions, type PreparedTarget } from '../types.js';
import { identifyProduct, productDisplayName, type ProductIdentity } from './product.js';

export type CsafSpec = MatchableSpec & CsafProductSpec;

/** Deepest nesting of relationships followed, and most components per relationship. */
export const MAX_RELATIONSHIP_DEPTH = 16;
export const MAX_COMPONENTS = 64;

export interface CsafComponent {
  product: CsafProduct;
  /** `product`: the thing installed / the component; `platform`: what it is installed on or part of. */
  side: 'product' | 'platform';
}

export type ComponentResolution = { ok: true; components: CsafComponent[] } | { ok: false; reason: string };

/**
 * The base products of a spec: itself when it is not a relationship, else the products its
 * relationship is built from (embedded in the spec, or looked up), with cycles detected.
 */
export function resolveComponents(spec: CsafSpec, options: MatchOptions = {}): ComponentResolution {
  const product = spec.product;
  if (!product.relationship) return { ok: true, components: [{ product, side: 'product' }] };
  const embedded = new Map((spec.components ?? []).map((p) => [p.productId, p]));
  const lookup = (id: string): CsafProduct | undefined => embedded.get(id) ?? options.csafProducts?.(spec.advisoryId, id);
  const out: CsafComponent[] = [];
  const visiting = new Set<string>([product.productId]);
  const expand = (id: string, side: CsafComponent['side'], depth: number): string | undefined => {
    if (depth > MAX_RELATIONSHIP_DEPTH) return `relationships nested deeper than ${MAX_RELATIONSHIP_DEPTH}`;
    if (visiting.has(id)) return `relationship cycle through product ${id}`;
    const found = lookup(id);
    if (!found) return `product ${id} of the relationship is not available`;
    if (found.relationship) {
      visiting.add(id);
      const a = expand(found.relationship.productReference, side, depth + 1);
      const b = a ?? expand(found.relationship.relatesToProductReference, side, depth + 1);
      visiting.delete(id);
      return a ?? b;
    }
    if (out.length >= MAX_COMPONENTS) return `relationship built from more than ${MAX_COMPONENTS} products`;
    if (!out.some((c) => c.product.productId === found.productId)) out.push({ product: found, side });
    return undefined;
  };
  const rel = product.relationship;
  if (rel.productReference === product.productId || rel.relatesToProductReference === product.productId) {
    return { ok: false, reason: `relationship cycle: product ${product.productId} refers to itself` };
  }
  const problem = expand(rel.productReference, 'product', 1) ?? expand(rel.relatesToProductReference, 'platform', 1);
  if (problem) {
    // The reader already resolved (and cycle-cut) the base ids: if they are all embedded, use them.
    return { ok: false, reason: problem };
  }
  return { ok: true, components: out };
}

export interface CsafIdentity {
  identity: ProductIdentity;
  resolution: ComponentResolution;
  perComponent: Array<{ component: CsafComponent; identity: ProductIdentity }>;
}

/** Identity of a spec's product (all base products for a relationship; the weakest one counts). */
export function identifyCsafSpec(spec: CsafSpec, prepared: PreparedTarget, options: MatchOptions = {}): CsafIdentity {
  const resolution = resolveComponents(spec, options);
  if (!resolution.ok) {
    return { identity: { relation: 'none', score: 0, confidence: 'derived', compared: [], reason: resolution.reason }, resolution, perComponent: [] };
  }
  const perComponent = resolution.components.map((component) => ({ component, identity: identifyProduct(component.product, prepared) }));
  let weakest: ProductIdentity | undefined;
  for (const p of perComponent) if (!weakest || p.identity.score < weakest.score) weakest = p.identity;
  const identity = weakest ?? { relation: 'none' as const, score: 0, confidence: 'derived' as const, compared: [], reason: 'no product' };
  if (perComponent.length > 1 && identity.score > 0) {
    return {
      identity: {
        ...identity,
        compared: perComponent.flatMap((p) => p.identity.compared.map((c) => ({ ...c, attribute: `${productDisplayName(p.component.product)}: ${c.attribute}` }))),
        reason: `${spec.product.relationship?.category ?? 'relationship'}: ${perComponent.map((p) => p.identity.reason).join('; ')}`,
      },
      resolution,
      perComponent,
    };
  }
  return { identity, resolution, perComponent };
}

const rangeCache = new Map<string, RangePredicate>();
function predicateFor(text: string): RangePredicate {
  let hit = rangeCache.get(text);
  if (!hit) {
    hit = parseRangeText(text);
    if (rangeCache.size > 100_000) rangeCache.clear();
    rangeCache.set(text, hit);
  }
  return hit;
}

/**
 * Range verdicts repeat (one advisory range against the same firmware on many assets): remembered
 * per (range text, version). The verdicts are read-only.
 */
const MAX_VERDICTS = 200_000;
let verdictCount = 0;
const verdictMemo = new Map<string, Map<string | undefined, VersionVerdict & { spec: string }>>();

function rangeVerdict(range: string, version: string | undefined): VersionVerdict & { spec: string } {
  let byVersion = verdictMemo.get(range);
  if (!byVersion) {
    byVersion = new Map();
    verdictMemo.set(range, byVersion);
  }
  let hit = byVersion.get(version);
  if (!hit) {
    const v = evaluateRange(predicateFor(range), version);
    hit = { result: v.result, scheme: v.scheme, heuristic: v.heuristic, reason: v.reason, spec: range };
    if (++verdictCount > MAX_VERDICTS) {
      verdictMemo.clear();
      verdictCount = 0;
    }
    byVersion.set(version, hit);
  }
  return hit;
}

/** The version test of one product against a version. */
export function productVersionVerdict(product: CsafProduct, version: string | undefined): VersionVerdict & { spec: string } {
  if (product.versionRange !== undefined) return rangeVerdict(product.versionRange, version);
  // A `product_version` branch straight under the vendor (no product name) names the product itself
  // (Red Hat writes `product_version: jenkins`): it is not a version constraint.
  // A service pack or patch level below the version is the more specific version (Cisco: `12.2SE` → `12.2(55)SE`).
  const specific = [...product.attributes].reverse().find((a) => a.category === 'service_pack' || a.category === 'patch_level')?.name;
  const exact = specific ?? product.version;
  if (exact !== undefined && (product.productName !== undefined || product.productFamily !== undefined)) {
    return { ...evaluateExactVersion(exact, version), spec: exact };
  }
  return { result: true, scheme: 'none', heuristic: false, reason: 'the advisory names no version: the product as a whole', spec: '(any version)' };
}

function and(a: VersionVerdict['result'], b: VersionVerdict['result']): VersionVerdict['result'] {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : 'unknown';
}

const STATUS: Partial<Record<CsafProductSpec['status'], FindingStatus>> = {
  affected: 'affected',
  not_affected: 'not_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
};

export interface VersionOutcome {
  verdict: VersionVerdict['result'];
  scheme: string | undefined;
  heuristic: boolean;
  reasons: string[];
  compared: ComparedAttribute[];
}

/** Evidence of one CSAF spec once its identity is known (call only for identified specs). */
export function matchCsafSpec(spec: CsafSpec, prepared: PreparedTarget, identified: CsafIdentity, versionCache?: Map<CsafIdentity, VersionOutcome>): MatcherOutput {
  const status = STATUS[spec.status];
  if (!status) return { evidence: [], issues: [] };
  if (!identified.resolution.ok) {
    if (status !== 'affected' && status !== 'under_investigation') return { evidence: [], issues: [] };
    return {
      evidence: [{ ...evidenceBase(spec), status: 'cannot_decide', confidence: 'derived', tier: 0, compared: [], reason: `CSAF product ${spec.product.productId}: ${identified.resolution.reason}` }],
      issues: [{ targetId: prepared.target.id, vulnerabilityId: spec.vulnerabilityId, specId: spec.id, code: 'csaf-relationship', message: identified.resolution.reason }],
    };
  }
  const identity = identified.identity;
  if (identity.score <= 0) return { evidence: [], issues: [] };
  // Version: each base product against the matching version of the target (once per product: the
  // identity stands for one advisory product within one target).
  let outcome = versionCache?.get(identified);
  if (!outcome) {
    outcome = versionOutcome(spec, prepared, identified);
    versionCache?.set(identified, outcome);
  }
  const { verdict, scheme, heuristic, reasons } = outcome;
  if (verdict === false) return { evidence: [], issues: [] };
  const compared: ComparedAttribute[] = [...identity.compared, ...outcome.compared];
  if (verdict === 'unknown') {
    if (status !== 'affected' && status !== 'under_investigation') return { evidence: [], issues: [] };
    return {
      evidence: [decidedEvidence(spec, 'cannot_decide', identity.confidence, tierOf('cannot_decide', identity), compared, scheme, true, `${identity.reason}; version not decided: ${reasons.join('; ')}`)],
      issues: [],
    };
  }
  const reason = `${spec.advisoryId}: ${spec.csafStatus} — ${identity.reason}${reasons.length > 0 ? `; ${reasons.join('; ')}` : ''}`;
  return { evidence: [decidedEvidence(spec, status, identity.confidence, tierOf(status, identity), compared, scheme, heuristic, reason)], issues: [] };
}

/** The attributes every CSAF evidence shares (built only for specs that give evidence). */
function evidenceBase(spec: CsafSpec) {
  return {
    matcher: 'csaf' as const,
    specKind: 'csaf-product' as const,
    specId: spec.id,
    criterion: spec.product.productId,
    pointer: spec.product.pointer,
    source: sourceOf(spec),
    ...(spec.justifications.length > 0 ? { justifications: spec.justifications } : {}),
    ...(spec.impactStatements.length > 0 ? { impactStatement: spec.impactStatements.join(' ') } : {}),
  };
}

/**
 * A decided CSAF evidence. Same keys in the same order as `{ ...evidenceBase(spec), status, … }`,
 * but built as one literal in the common case (no VEX texts): spreading a base and then adding
 * seven properties grew each object's property store step by step (a tenth of the CSAF matcher's time).
 */
function decidedEvidence(spec: CsafSpec, status: FindingStatus, confidence: Evidence['confidence'], tier: PrecedenceTier, compared: ComparedAttribute[], versionScheme: string | undefined, heuristic: boolean, reason: string): Evidence {
  if (spec.justifications.length > 0 || spec.impactStatements.length > 0) return { ...evidenceBase(spec), status, confidence, tier, compared, versionScheme, heuristic, reason };
  return { matcher: 'csaf', specKind: 'csaf-product', specId: spec.id, criterion: spec.product.productId, pointer: spec.product.pointer, source: sourceOf(spec), status, confidence, tier, compared, versionScheme, heuristic, reason };
}

function versionOutcome(spec: CsafSpec, prepared: PreparedTarget, identified: CsafIdentity): VersionOutcome {
  let verdict: VersionVerdict['result'] = true;
  let scheme: string | undefined;
  let heuristic = false;
  const reasons: string[] = [];
  const compared: ComparedAttribute[] = [];
  for (const { component, identity: id } of identified.perComponent) {
    if (id.versionDecided) continue;
    const version =
      component.side === 'platform' && prepared.target.kind === 'asset' && spec.product.relationship?.category === 'installed_on'
        ? (prepared.target.hardwareVersion ?? undefined)
        : prepared.version;
    const v = productVersionVerdict(component.product, version);
    if (component.side === 'platform' && v.result === 'unknown' && version === undefined && v.spec !== '(any version)') {
      // A hardware revision the inventory does not know: the platform is still the product.
      reasons.push(`hardware version unknown, ${productDisplayName(component.product)} ${v.spec} not checked`);
      continue;
    }
    verdict = and(verdict, v.result);
    if (v.scheme !== 'none') scheme ??= v.scheme;
    heuristic ||= v.heuristic;
    if (v.reason) reasons.push(v.reason);
    compared.push({ attribute: component.side === 'platform' ? 'hardware version' : 'version', target: version ?? '(unknown)', spec: v.spec, result: v.result === true ? 'in range' : v.result === false ? 'out of range' : 'unknown' });
    if (verdict === false) break;
  }
  return { verdict, scheme, heuristic, reasons, compared };
}

/** Vendor statements of not-affected / fixed for the exact product outrank any match (tier 3). */
function tierOf(status: FindingStatus, identity: ProductIdentity): PrecedenceTier {
  const exactProduct = identity.confidence === 'exact' || identity.relation === 'exact';
  if ((status === 'not_affected' || status === 'fixed') && exactProduct) return 3;
  return identity.confidence === 'exact' ? 2 : identity.confidence === 'version-range-name' ? 1 : 0;
}
