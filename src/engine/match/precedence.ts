/**
 * Status precedence for one (target, vulnerability). Highest tier with a decisive status wins:
 *
 *   4 user decision (confirm → affected, reject → not_affected)
 *   3 vendor statement for that exact product: CSAF known_not_affected / fixed identified by an
 *     exact identifier or exact name with the version confirmed; CycloneDX VEX / OpenVEX statements
 *   2 exact-identifier match (NVD CPE, CVE 5 CPE or package, OSV purl, CSAF hash/purl/CPE/order number)
 *   1 version-ranged name match (CSAF / CVE 5 vendor + product name + version range)
 *   0 derived (CPE candidates derived from vendor/model, partial names)
 *
 * `cannot_decide` is never decisive: it is the status only when no evidence decides. Within one
 * tier, conflicting statuses resolve conservatively: affected > under_investigation > fixed > not_affected.
 * See README.md in this folder.
 */
import type { Evidence, Finding, FindingStatus, FindingTargetRef, MatchTarget, PrecedenceTier, UserDecision } from '../../model/finding.js';

const WITHIN_TIER: Record<FindingStatus, number> = { affected: 5, under_investigation: 4, fixed: 3, not_affected: 2, cannot_decide: 0 };
const TIER_NAMES: Record<PrecedenceTier, string> = {
  4: 'user decision',
  3: 'vendor statement for the exact product',
  2: 'exact identifier match',
  1: 'version-ranged name match',
  0: 'derived match',
};

export function tierName(tier: PrecedenceTier): string {
  return TIER_NAMES[tier];
}

function isDecisive(status: FindingStatus): boolean {
  return status !== 'cannot_decide';
}

/** Orders evidence: deciding first (tier, then status rank, then confidence). */
export function rankEvidence(evidence: readonly Evidence[]): Evidence[] {
  const confidenceRank = { exact: 2, 'version-range-name': 1, derived: 0 } as const;
  return [...evidence].sort(
    (a, b) =>
      Number(isDecisive(b.status)) - Number(isDecisive(a.status)) ||
      b.tier - a.tier ||
      WITHIN_TIER[b.status] - WITHIN_TIER[a.status] ||
      confidenceRank[b.confidence] - confidenceRank[a.confidence],
  );
}

/** Evidence of a user decision. */
export function decisionEvidence(decision: UserDecision): Evidence {
  const status: FindingStatus = decision.decision === 'confirm' ? 'affected' : 'not_affected';
  return {
    matcher: 'user',
    status,
    confidence: 'exact',
    tier: 4,
    compared: [],
    source: { kind: 'user', provider: decision.by, revision: decision.at },
    reason: `${decision.decision === 'confirm' ? 'confirmed' : 'rejected'} by ${decision.by ?? 'a user'}${decision.at ? ` at ${decision.at}` : ''}${decision.reason ? `: ${decision.reason}` : ''}`,
  };
}

/**
 * Combines all evidence about one (target, vulnerability) into one finding. `decision`, when
 * given, is applied on top (it is kept across re-matches by the store).
 */
export function combineEvidence(target: MatchTarget | FindingTargetRef, vulnerabilityId: string, evidence: readonly Evidence[], decision?: UserDecision): Finding {
  const all = decision ? [decisionEvidence(decision), ...evidence] : [...evidence];
  const ranked = rankEvidence(all);
  const top = ranked[0];
  const ref: FindingTargetRef = { kind: target.kind, id: target.id, name: target.name };
  if (!top) {
    return { target: ref, vulnerabilityId, status: 'cannot_decide', confidence: 'derived', decidedBy: 0, reason: 'no evidence', evidence: [] };
  }
  let reason = top.reason;
  if (isDecisive(top.status)) {
    const overridden = ranked.find((e) => isDecisive(e.status) && e.status !== top.status && e.tier < top.tier);
    if (overridden) reason = `${top.reason} (${tierName(top.tier)} outranks ${tierName(overridden.tier)} saying ${overridden.status})`;
  } else reason = `not decided: ${top.reason}`;
  const finding: Finding = {
    target: ref,
    vulnerabilityId,
    status: top.status,
    confidence: top.confidence,
    decidedBy: top.tier,
    reason,
    evidence: ranked,
  };
  const vex = ranked.find((e) => e.tier >= 3 && e.status === top.status && (e.justifications?.length || e.impactStatement || e.actionStatement));
  if (vex?.justifications?.[0]) finding.justification = vex.justifications[0];
  if (vex?.impactStatement) finding.impactStatement = vex.impactStatement;
  if (vex?.actionStatement) finding.actionStatement = vex.actionStatement;
  if (top.tier === 4) finding.userDecided = true;
  return finding;
}
