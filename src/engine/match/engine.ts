/**
 * The matching engine: one target against the candidate specs the index gave (those sharing a key,
 * see keys.ts), every matcher producing the same evidence shape, evidence merged into one finding
 * per (target, vulnerability) by precedence (precedence.ts), VEX statements and user decisions
 * applied on top. Pure: no I/O, never throws on bad data (it becomes "cannot decide" evidence or an
 * issue).
 */
import { comparableVersion, tryParsePurl } from '../../formats/purl/index.js';
import type { Evidence, Finding, MatchIssue, MatchTarget, UserDecision } from '../../model/finding.js';
import type { CsafProduct, CsafProductSpec } from '../../model/intel.js';
import type { VexStatement } from '../../model/sbom.js';
import { identifyCsafSpec, matchCsafSpec, type CsafIdentity, type CsafSpec, type VersionOutcome } from './csaf/matcher.js';
import { cve5IdentityScore, isAdpEntry, matchCve5Spec, type Cve5Spec } from './cve5/matcher.js';
import { derivedTargetCpes } from './derived/cpe.js';
import { compareNames, specName } from './normalize/name.js';
import { DEFAULT_MAX_CRITERIA, matchCpeConfigurations } from './nvd/configurations.js';
import { parseCpeText } from './nvd/criteria.js';
import { matchOsvSpec, type OsvSpec } from './osv/matcher.js';
import { combineEvidence } from './precedence.js';
import { targetCpes, targetHashes, targetNameOf, targetOrderNumbers, targetPurls, targetVendor, targetVendorName, targetVersion } from './target.js';
import type { MatchableSpec, MatcherOutput, MatchOptions, PreparedTarget, TargetCpe } from './types.js';
import { applyVexStatements } from './vex.js';

export interface EngineOptions extends MatchOptions {
  /** User decisions for this target (kept by the store across re-matches). */
  decisions?: readonly UserDecision[] | undefined;
  /** VEX statements (CycloneDX / OpenVEX) that may name this target. */
  vex?: readonly VexStatement[] | undefined;
  /** Canonical id of a vulnerability (to merge OSV/GHSA ids into their CVE); identity by default. */
  canonicalId?: ((vulnerabilityId: string) => string) | undefined;
  /** Other ids of a vulnerability, for VEX statements written with an alias. */
  aliases?: ((vulnerabilityId: string) => readonly string[]) | undefined;
}

export interface MatchResult {
  findings: Finding[];
  issues: MatchIssue[];
}

/** Parses everything the matchers need from a target, once. */
export function prepareTarget(target: MatchTarget, options: MatchOptions = {}): PreparedTarget {
  const cpes: TargetCpe[] = targetCpes(target).map((text) => {
    const parsed = parseCpeText(text);
    if (parsed.wfn) {
      for (const a of ['part', 'vendor', 'product', 'version', 'update'] as const) {
        const v = parsed.wfn[a];
        if (typeof v === 'string' && /(^|[^\\])[*?]/.test(v)) return { text, derived: false, error: `wildcard in ${a}: a target CPE must name one product` };
      }
    }
    return parsed.wfn ? { text, wfn: parsed.wfn, derived: false } : { text, derived: false, error: parsed.error };
  });
  const usable = cpes.some((c) => c.wfn);
  if (target.kind === 'asset' && !usable && options.deriveCpes !== false) cpes.push(...derivedTargetCpes(target));
  const purls = targetPurls(target).map((text) => {
    const purl = tryParsePurl(text);
    return purl ? { text, purl } : { text, error: 'invalid purl' };
  });
  return {
    target,
    vendor: targetVendor(target),
    vendorName: targetVendorName(target),
    version: targetVersion(target) ?? purls.map((p) => (p.purl ? comparableVersion(p.purl) : undefined)).find((v) => v !== undefined),
    cpes,
    purls,
    name: targetNameOf(target),
    orderNumbers: targetOrderNumbers(target),
    hashes: targetHashes(target),
  };
}

function matcherError(spec: MatchableSpec, prepared: PreparedTarget, e: unknown): MatcherOutput {
  const message = e instanceof Error ? e.message : String(e);
  return {
    evidence: [],
    issues: [{ targetId: prepared.target.id, vulnerabilityId: spec.vulnerabilityId, specId: spec.id, code: 'matcher-error', message: `${spec.kind}: ${message}` }],
  };
}

function safe(spec: MatchableSpec, prepared: PreparedTarget, run: () => MatcherOutput): MatcherOutput {
  try {
    return run();
  } catch (e) {
    return matcherError(spec, prepared, e);
  }
}

/** The NVD, CVE 5 or OSV matcher of a spec, errors caught (no closure per spec and target, unlike {@link safe}). */
function matchSpec(spec: MatchableSpec, prepared: PreparedTarget, maxCriteria: number): MatcherOutput {
  try {
    switch (spec.kind) {
      case 'cpe-config':
        return matchCpeConfigurations(spec, prepared, maxCriteria);
      case 'cve5-affected':
        return matchCve5Spec(spec as Cve5Spec, prepared);
      case 'osv-range':
        return matchOsvSpec(spec as OsvSpec, prepared);
      default:
        return { evidence: [], issues: [] };
    }
  } catch (e) {
    return matcherError(spec, prepared, e);
  }
}

/** Issues about the target itself (invalid CPEs or purls), reported once. */
function targetIssues(prepared: PreparedTarget): MatchIssue[] {
  const issues: MatchIssue[] = [];
  for (const c of prepared.cpes) if (c.error) issues.push({ targetId: prepared.target.id, code: 'invalid-cpe', message: `target CPE ${JSON.stringify(c.text)}: ${c.error}` });
  for (const p of prepared.purls) if (p.error) issues.push({ targetId: prepared.target.id, code: 'invalid-purl', message: `target purl ${JSON.stringify(p.text)} is invalid` });
  return issues;
}

/**
 * Evidence from every spec, before merging. CSAF products are first identified, then only the most
 * specific products of each advisory are kept ("Data Transfer Classic" wins over "Data Transfer").
 */
export function collectEvidence(prepared: PreparedTarget, specs: readonly MatchableSpec[], options: MatchOptions = {}): MatchResult & { evidence: Array<{ vulnerabilityId: string; evidence: Evidence }> } {
  const out: Array<{ vulnerabilityId: string; evidence: Evidence }> = [];
  const issues: MatchIssue[] = [];
  const push = (spec: MatchableSpec, r: MatcherOutput): void => {
    for (const e of r.evidence) out.push({ vulnerabilityId: spec.vulnerabilityId, evidence: e });
    if (r.issues.length > 0) issues.push(...r.issues);
  };
  const csaf: Array<{ spec: CsafSpec; identity: CsafIdentity }> = [];
  // advisory id → product id → identity of that product for this target.
  const identities = new Map<string, Map<string, CsafIdentity>>();
  const csafVersions = new Map<CsafIdentity, VersionOutcome>();
  // CVE 5: the CNA's entries first, keeping only the most specific product names ("FortiOS-6K7K"
  // over "FortiOS"); ADP enrichment (CISA) only where no CNA entry names the product with versions.
  const cve5Score = new Map<MatchableSpec, number>();
  const cve5Best = new Map<string, number>();
  for (const spec of specs) {
    if (spec.kind !== 'cve5-affected') continue;
    let score = 0;
    try {
      score = cve5IdentityScore(spec as Cve5Spec, prepared);
    } catch {
      // reported when the matcher runs
    }
    cve5Score.set(spec, score);
    const key = `${isAdpEntry(spec) ? 'adp' : 'cna'}|${spec.vulnerabilityId}`;
    if (score > (cve5Best.get(key) ?? 0)) cve5Best.set(key, score);
  }
  const cnaDecided = new Set<string>();
  const cve5Kept = (spec: Cve5Spec): boolean => {
    const score = cve5Score.get(spec) ?? 0;
    return score > 0 && score >= (cve5Best.get(`${isAdpEntry(spec) ? 'adp' : 'cna'}|${spec.vulnerabilityId}`) ?? 0);
  };
  for (const spec of specs) {
    if (spec.kind !== 'cve5-affected' || isAdpEntry(spec) || !cve5Kept(spec)) continue;
    // A CNA entry that names the product and says anything about its versions decides it.
    if (spec.versions.length > 0 || spec.defaultStatus !== 'unknown') cnaDecided.add(spec.vulnerabilityId);
    push(spec, matchSpec(spec, prepared, 0));
  }
  const maxCriteria = options.maxCriteria ?? DEFAULT_MAX_CRITERIA;
  for (const spec of specs) {
    switch (spec.kind) {
      case 'cpe-config':
        push(spec, matchSpec(spec, prepared, maxCriteria));
        break;
      case 'cve5-affected':
        if (!isAdpEntry(spec) || cnaDecided.has(spec.vulnerabilityId) || !cve5Kept(spec as Cve5Spec)) break;
        push(spec, matchSpec(spec, prepared, maxCriteria));
        break;
      case 'osv-range':
        push(spec, matchSpec(spec, prepared, maxCriteria));
        break;
      case 'csaf-product':
        try {
          // One product is stated for several vulnerabilities: identify it once per target.
          let ofAdvisory = identities.get(spec.advisoryId);
          if (!ofAdvisory) {
            ofAdvisory = new Map();
            identities.set(spec.advisoryId, ofAdvisory);
          }
          let identity = ofAdvisory.get(spec.product.productId);
          if (!identity) {
            identity = identifyCsafSpec(spec as CsafSpec, prepared, options);
            ofAdvisory.set(spec.product.productId, identity);
          }
          csaf.push({ spec: spec as CsafSpec, identity });
        } catch (e) {
          issues.push({ targetId: prepared.target.id, vulnerabilityId: spec.vulnerabilityId, specId: spec.id, code: 'matcher-error', message: `csaf-product: ${e instanceof Error ? e.message : String(e)}` });
        }
        break;
      default:
        issues.push({ targetId: prepared.target.id, code: 'unknown-spec', message: `unknown spec kind ${String((spec as { kind?: unknown }).kind)}` });
    }
  }
  // Most specific products per advisory.
  const best = new Map<string, number>();
  for (const { spec, identity } of csaf) {
    const s = identity.identity.score;
    if (s > 0 && s > (best.get(spec.advisoryId) ?? 0)) best.set(spec.advisoryId, s);
  }
  for (const { spec, identity } of csaf) {
    if (!identity.resolution.ok) {
      // Relationship that cannot be resolved: report it where the relationship's own name fits the target.
      const own = compareNames(specName(spec.product.name, spec.product.vendor), prepared.name);
      if (own.relation !== 'none') push(spec, safe(spec, prepared, () => matchCsafSpec(spec, prepared, identity)));
      else issues.push({ targetId: prepared.target.id, vulnerabilityId: spec.vulnerabilityId, specId: spec.id, code: 'csaf-relationship', message: identity.resolution.reason });
      continue;
    }
    const s = identity.identity.score;
    if (s <= 0 || s < (best.get(spec.advisoryId) ?? 0)) continue;
    push(spec, safe(spec, prepared, () => matchCsafSpec(spec, prepared, identity, csafVersions)));
  }
  return { evidence: out, findings: [], issues };
}

/** Matches one target against candidate specs; returns findings and the issues met. */
export function matchTargetDetailed(target: MatchTarget, specs: readonly MatchableSpec[], options: EngineOptions = {}): MatchResult {
  const prepared = prepareTarget(target, options);
  const collected = collectEvidence(prepared, specs, options);
  const canonical = options.canonicalId ?? ((id: string) => id);
  const byVuln = new Map<string, Evidence[]>();
  for (const { vulnerabilityId, evidence } of collected.evidence) {
    const id = canonical(vulnerabilityId);
    const list = byVuln.get(id);
    if (list) list.push(evidence);
    else byVuln.set(id, [evidence]);
  }
  const decisions = (options.decisions ?? []).filter((d) => d.targetId === target.id);
  let findings: Finding[] = [];
  for (const [id, evidence] of byVuln) findings.push(combineEvidence(target, id, evidence, decisions.find((d) => canonical(d.vulnerabilityId) === id)));
  if (options.vex && options.vex.length > 0) findings = applyVexStatements(target, findings, options.vex, { aliases: options.aliases, decisions });
  // Decisions about vulnerabilities no matcher found: a confirmation still stands.
  for (const d of decisions) {
    if (d.decision === 'confirm' && !findings.some((f) => f.vulnerabilityId === canonical(d.vulnerabilityId))) findings.push(combineEvidence(target, canonical(d.vulnerabilityId), [], d));
  }
  findings.sort((a, b) => (a.vulnerabilityId < b.vulnerabilityId ? -1 : a.vulnerabilityId > b.vulnerabilityId ? 1 : 0));
  return { findings, issues: [...targetIssues(prepared), ...collected.issues] };
}

/** Matches one target against candidate specs: one finding per vulnerability. */
export function matchTarget(target: MatchTarget, specs: readonly MatchableSpec[], options: EngineOptions = {}): Finding[] {
  return matchTargetDetailed(target, specs, options).findings;
}

/**
 * Embeds the component products of CSAF relationship specs (from the advisory's product list), so
 * that specs stored on their own can be matched without an advisory lookup.
 */
export function withCsafComponents(specs: readonly CsafProductSpec[], products: readonly CsafProduct[]): MatchableSpec[] {
  const byId = new Map(products.map((p) => [p.productId, p]));
  return specs.map((spec) => {
    const rel = spec.product.relationship;
    if (!rel) return spec;
    const seen = new Set<string>([spec.product.productId]);
    const queue = [rel.productReference, rel.relatesToProductReference];
    const components: CsafProduct[] = [];
    while (queue.length > 0 && components.length < 256) {
      const id = queue.shift() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = byId.get(id);
      if (!p) continue;
      components.push(p);
      if (p.relationship) queue.push(p.relationship.productReference, p.relationship.relatesToProductReference);
    }
    return { ...spec, components };
  });
}
