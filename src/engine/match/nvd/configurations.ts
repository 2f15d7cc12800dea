/**
 * NVD configurations against a target's CPEs (standards.md §1). Three-valued logic: a criterion is
 * true, false or unknown (version not comparable, target version unknown, invalid CPE); nodes and
 * configurations combine with AND/OR and `negate` (unknown stays unknown). A finding needs a true
 * configuration AND a true `vulnerable: true` criterion in a non-negated node; `vulnerable: false`
 * criteria are platform context only (the hardware a firmware runs on).
 */
import { compareAttribute, isAny, isNa, WFN_ATTRIBUTES, type AttributeRelation, type Wfn, type WfnAttribute } from '../../../formats/cpe/index.js';
import type { ComparedAttribute, Evidence, FindingConfidence } from '../../../model/finding.js';
import type { CpeConfigSpec, CpeMatchCriterion } from '../../../model/intel.js';
import { compareChain, NVD_SCHEMES, type Verdict } from '../normalize/version.js';
import { parseCriterionOf } from './criteria.js';
import { sourceOf, type MatchableSpec, type MatcherOutput, type PreparedTarget, type TargetCpe } from '../types.js';

const BOUNDS = ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const;
const BOUND_TEXT: Record<(typeof BOUNDS)[number], string> = {
  versionStartIncluding: '>=',
  versionStartExcluding: '>',
  versionEndIncluding: '<=',
  versionEndExcluding: '<',
};

export const DEFAULT_MAX_CRITERIA = 200_000;

const CHEAP_ATTRIBUTES = ['vendor', 'product', 'part'] as const;

/**
 * A criterion that does not match this target CPE. Why (vendor, product, version outside a bound…)
 * is never shown — only matching or undecided criteria make evidence — so one shared outcome
 * serves, and no reason text is built for the many criteria that do not apply.
 */
const NO_MATCH: CriterionOutcome = Object.freeze({ result: false, compared: Object.freeze([]) as unknown as ComparedAttribute[], reason: 'no target CPE matches' });
const NON_VERSION_ATTRIBUTES: readonly WfnAttribute[] = WFN_ATTRIBUTES.filter((a) => a !== 'version');

function boundHolds(bound: (typeof BOUNDS)[number], order: number): boolean {
  switch (bound) {
    case 'versionStartIncluding':
      return order >= 0;
    case 'versionStartExcluding':
      return order > 0;
    case 'versionEndIncluding':
      return order <= 0;
    case 'versionEndExcluding':
      return order < 0;
  }
}

interface CriterionOutcome {
  result: Verdict;
  /** The target CPE that matched (or could not be decided). */
  cpe?: TargetCpe;
  compared: ComparedAttribute[];
  reason: string;
  scheme?: string;
  heuristic?: boolean;
}

// The three helpers below run for every criterion that names the target's product: plain loops and
// one replace, where array callbacks and a character-by-character unquote allocated per call.

/** `>= 1.0, < 2.0`: the bounds present, in BOUNDS order. */
function boundsText(c: CpeMatchCriterion): string {
  let out = '';
  for (const b of BOUNDS) {
    const v = c[b];
    if (v === undefined || v === '') continue;
    out += `${out === '' ? '' : ', '}${BOUND_TEXT[b]} ${v}`;
  }
  return out;
}

function hasBounds(c: CpeMatchCriterion): boolean {
  for (const b of BOUNDS) {
    const v = c[b];
    if (v !== undefined && v !== '' && v !== '*') return true;
  }
  return false;
}

/** A WFN value as text: `attributeText` (each `\x` unquoted to `x`), `*` for ANY, `-` for NA. */
function valueText(v: Wfn[WfnAttribute]): string {
  if (typeof v !== 'string') return v.logical === 'ANY' ? '*' : '-';
  return v.includes('\\') ? v.replace(/\\([\s\S])/g, '$1') : v;
}

/** One criterion against one parsed target CPE. */
function criterionVsCpe(c: CpeMatchCriterion, source: Wfn, cpe: TargetCpe & { wfn: Wfn }): CriterionOutcome {
  const target = cpe.wfn;
  // Cheap rejection on part/vendor/product before the full comparison.
  for (const attribute of CHEAP_ATTRIBUTES) {
    const s = source[attribute];
    const t = target[attribute];
    // (`s !== t` first: the candidates the index gives mostly share part, vendor and product.)
    if (typeof s === 'string' && typeof t === 'string' && s !== t && !s.includes('*') && !s.includes('?') && s.toLowerCase() !== t.toLowerCase()) {
      return NO_MATCH;
    }
  }
  // The other attributes one by one in WFN order (compareWfns without its result object), and the
  // version only for a criterion still standing: nothing is built for the many that fall here.
  for (const a of NON_VERSION_ATTRIBUTES) {
    const r = compareAttribute(source[a], target[a]);
    if (r === 'DISJOINT' || r === 'SUBSET') return NO_MATCH;
    if (r === 'UNDEFINED') {
      return { result: 'unknown', cpe, compared: [{ attribute: a, target: valueText(target[a]), spec: valueText(source[a]), result: 'undefined' }], reason: `target CPE ${cpe.text} has a wildcard in ${a}` };
    }
  }
  const ranged = isAny(source.version) && hasBounds(c);
  let version: AttributeRelation = ranged ? 'EQUAL' : compareAttribute(source.version, target.version);
  const targetVersion = valueText(target.version);
  // Versions spelt differently (`V2.4.0` vs `2.4.0`) are equal when the schemes say so.
  if (version === 'DISJOINT' && typeof source.version === 'string' && typeof target.version === 'string') {
    const cmp = compareChain(targetVersion, valueText(source.version), NVD_SCHEMES);
    if (cmp.order === 0) version = 'EQUAL';
  }
  if (version === 'DISJOINT') return NO_MATCH;
  const compared: ComparedAttribute[] = [{ attribute: 'cpe', target: cpe.text, spec: c.criteria, result: 'name match' }];
  if (version === 'UNDEFINED') return { result: 'unknown', cpe, compared, reason: `target CPE ${cpe.text} has a wildcard in version` };
  if (!ranged) {
    if (version === 'SUBSET') {
      // Target version ANY (unknown) vs a specific criterion version.
      if (!c.vulnerable) {
        compared.push({ attribute: 'version', target: targetVersion, spec: valueText(source.version), result: 'platform: target version not known, accepted' });
        return { result: true, cpe, compared, reason: 'platform criterion; target version not known (accepted for platform context)' };
      }
      compared.push({ attribute: 'version', target: targetVersion, spec: valueText(source.version), result: 'unknown' });
      return { result: 'unknown', cpe, compared, reason: `the target's version is not known; the criterion names version ${valueText(source.version)}` };
    }
    compared.push({ attribute: 'version', target: targetVersion, spec: valueText(source.version), result: version === 'EQUAL' ? 'equal' : 'superset' });
    return { result: true, cpe, compared, reason: `${cpe.text} matches ${c.criteria}` };
  }
  // Ranged criterion: test every present bound.
  if (isAny(target.version) || isNa(target.version)) {
    const bounds = boundsText(c);
    compared.push({ attribute: 'version', target: targetVersion, spec: bounds, result: 'unknown' });
    if (!c.vulnerable) return { result: true, cpe, compared, reason: 'platform criterion; target version not known (accepted for platform context)' };
    return { result: 'unknown', cpe, compared, reason: `the target's version is not known; the criterion applies to ${bounds}` };
  }
  let unknown: string | undefined;
  let scheme: string | undefined;
  let heuristic = false;
  for (const name of BOUNDS) {
    const bound = c[name];
    if (bound === undefined || bound === '' || bound === '*') continue;
    const cmp = compareChain(targetVersion, bound, NVD_SCHEMES);
    if (cmp.order === undefined) {
      unknown ??= `cannot compare ${targetVersion} with ${BOUND_TEXT[name]} ${bound}: ${cmp.reason ?? ''}`;
      continue;
    }
    scheme ??= cmp.scheme.name;
    heuristic ||= cmp.scheme.heuristic;
    if (!boundHolds(name, cmp.order)) return NO_MATCH;
  }
  if (unknown) {
    compared.push({ attribute: 'version', target: targetVersion, spec: boundsText(c), result: 'unknown' });
    return { result: 'unknown', cpe, compared, reason: unknown, scheme: scheme ?? 'generic', heuristic: true };
  }
  const bounds = boundsText(c);
  compared.push({ attribute: 'version', target: targetVersion, spec: bounds, result: 'in range' });
  return { result: true, cpe, compared, reason: `${cpe.text}: version ${targetVersion} is within ${bounds}`, scheme: scheme ?? 'generic', heuristic };
}

/** One criterion against all of the target's CPEs: true if any matches, else unknown if any is unknown. */
function evaluateCriterion(c: CpeMatchCriterion, cpes: readonly TargetCpe[]): CriterionOutcome {
  const source = parseCriterionOf(c);
  if (!source.wfn) return { result: 'unknown', compared: [{ attribute: 'cpe', target: cpes.map((x) => x.text).join(' '), spec: c.criteria, result: 'invalid criterion' }], reason: `invalid criterion CPE ${c.criteria}: ${source.error ?? ''}` };
  let unknown: CriterionOutcome | undefined;
  let best: CriterionOutcome | undefined;
  for (const cpe of cpes) {
    if (!cpe.wfn) continue;
    const outcome = criterionVsCpe(c, source.wfn, cpe as TargetCpe & { wfn: Wfn });
    if (outcome.result === true) {
      // Prefer a CPE the target carries over a derived candidate.
      if (!best || (best.cpe?.derived && !cpe.derived)) best = outcome;
      if (!cpe.derived) break;
    } else if (outcome.result === 'unknown') unknown ??= outcome;
  }
  return best ?? unknown ?? NO_MATCH;
}

function and(a: Verdict, b: Verdict): Verdict {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : 'unknown';
}
function or(a: Verdict, b: Verdict): Verdict {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : 'unknown';
}
function not(a: Verdict): Verdict {
  return a === 'unknown' ? 'unknown' : !a;
}

/** The target CPEs that parsed, once per prepared target (every NVD spec needs them). */
const usable = new WeakMap<PreparedTarget, TargetCpe[]>();
function usableCpes(prepared: PreparedTarget): TargetCpe[] {
  let list = usable.get(prepared);
  if (!list) {
    list = prepared.cpes.filter((c) => c.wfn);
    usable.set(prepared, list);
  }
  return list;
}

interface Hit {
  outcome: CriterionOutcome;
  criterion: CpeMatchCriterion;
  /** Where the criterion sits: its JSON pointer is built only for evidence (see {@link hitPointer}). */
  cfg: number;
  node: number;
  match: number;
}

function hitPointer(spec: MatchableSpec & CpeConfigSpec, hit: Hit): string {
  return hit.criterion.pointer ?? `${spec.source.pointer ?? ''}/configurations/${hit.cfg}/nodes/${hit.node}/cpeMatch/${hit.match}`;
}

/** Matches one NVD configuration spec against a prepared target. */
export function matchCpeConfigurations(spec: MatchableSpec & CpeConfigSpec, prepared: PreparedTarget, maxCriteria = 200_000): MatcherOutput {
  const cpes = usableCpes(prepared);
  if (cpes.length === 0) return { evidence: [], issues: [] };
  let total = 0;
  for (const cfg of spec.configurations) for (const node of cfg.nodes) total += node.cpeMatch.length;
  if (total > maxCriteria) {
    return {
      evidence: [makeEvidence(spec, prepared, 'cannot_decide', 'exact', [], `the configurations hold ${total} criteria, more than the ${maxCriteria} evaluated; not decided`, undefined, undefined, false)],
      issues: [{ targetId: prepared.target.id, vulnerabilityId: spec.vulnerabilityId, specId: spec.id, code: 'too-many-criteria', message: `${total} criteria in ${spec.vulnerabilityId}` }],
    };
  }
  const evidence: Evidence[] = [];
  spec.configurations.forEach((cfg, ci) => {
    let cfgValue: Verdict | undefined;
    const vulnerableHits: Hit[] = [];
    const unknownHits: Hit[] = [];
    const platformHits: Hit[] = [];
    for (let ni = 0; ni < cfg.nodes.length; ni++) {
      const node = cfg.nodes[ni] as (typeof cfg.nodes)[number];
      let nodeValue: Verdict = node.operator === 'AND' ? true : false;
      for (let mi = 0; mi < node.cpeMatch.length; mi++) {
        const c = node.cpeMatch[mi] as CpeMatchCriterion;
        const outcome = evaluateCriterion(c, cpes);
        nodeValue = node.operator === 'AND' ? and(nodeValue, outcome.result) : or(nodeValue, outcome.result);
        if (node.negate || outcome.result === false) continue;
        if (outcome.result === true) (c.vulnerable ? vulnerableHits : platformHits).push({ outcome, criterion: c, cfg: ci, node: ni, match: mi });
        else if (c.vulnerable || outcome.cpe === undefined) unknownHits.push({ outcome, criterion: c, cfg: ci, node: ni, match: mi });
      }
      if (node.cpeMatch.length === 0) nodeValue = false;
      if (node.negate) nodeValue = not(nodeValue);
      cfgValue = cfgValue === undefined ? nodeValue : cfg.operator === 'AND' ? and(cfgValue, nodeValue) : or(cfgValue, nodeValue);
    }
    let value: Verdict = cfgValue ?? false;
    if (cfg.negate) value = not(value);
    // Built only for a configuration that gives evidence (most give none).
    const platformCompared = () => platformHits.flatMap((h) => h.outcome.compared.map((x) => ({ ...x, attribute: `platform ${x.attribute}` })));
    if (value === true && vulnerableHits.length > 0) {
      const platform = platformCompared();
      for (const hit of vulnerableHits) {
        const derived = hit.outcome.cpe?.derived === true;
        const reason = `${hit.outcome.reason}${platformHits.length > 0 ? `; running on ${platformHits.map((h) => h.outcome.cpe?.text ?? h.criterion.criteria).join(', ')}` : ''}${derived ? ` (CPE derived: ${hit.outcome.cpe?.derivation ?? 'from vendor and model'})` : ''}`;
        evidence.push(makeEvidence(spec, prepared, 'affected', derived ? 'derived' : 'exact', [...hit.outcome.compared, ...platform], reason, hit, hit.outcome.scheme, hit.outcome.heuristic));
      }
    } else if (value !== false && (vulnerableHits.length > 0 || unknownHits.length > 0)) {
      const hit = unknownHits[0] ?? vulnerableHits[0];
      if (!hit) return;
      const derived = hit.outcome.cpe?.derived === true || (hit.outcome.cpe === undefined && cpes.every((c) => c.derived));
      const why = unknownHits.length > 0 ? (unknownHits[0] as Hit).outcome.reason : 'another node of the configuration could not be decided';
      evidence.push(makeEvidence(spec, prepared, 'cannot_decide', derived ? 'derived' : 'exact', [...hit.outcome.compared, ...platformCompared()], `possible match, not decided: ${why}`, hit, hit.outcome.scheme, true));
    }
  });
  return { evidence: dedupeEvidence(evidence), issues: [] };
}

function dedupeEvidence(list: Evidence[]): Evidence[] {
  if (list.length < 2) return list;
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.status}|${e.criterion ?? ''}|${e.compared.map((c) => c.target).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function makeEvidence(
  spec: MatchableSpec & CpeConfigSpec,
  prepared: PreparedTarget,
  status: Evidence['status'],
  confidence: FindingConfidence,
  compared: ComparedAttribute[],
  reason: string,
  hit: Hit | undefined,
  scheme: string | undefined,
  heuristic: boolean | undefined,
): Evidence {
  void prepared;
  const pointer = hit ? hitPointer(spec, hit) : undefined;
  return {
    matcher: confidence === 'derived' ? 'derived-cpe' : 'nvd-cpe',
    specKind: 'cpe-config',
    specId: spec.id,
    status,
    confidence,
    tier: confidence === 'derived' ? 0 : 2,
    criterion: hit?.criterion.criteria,
    pointer,
    compared,
    versionScheme: scheme,
    heuristic,
    source: sourceOf(spec, pointer),
    reason,
  };
}
