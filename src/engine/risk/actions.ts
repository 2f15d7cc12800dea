/**
 * The recommended actions of the advisories for a finding: CSAF `remediations` (vendor fix with
 * fixed version and URL, mitigation, workaround, no fix planned, none available; CSAF 2.1 adds fix
 * planned and optional patch), most decisive first, duplicates across advisories folded.
 */
import type { AdvisoryRemediation } from '../../model/intel.js';

/** Order shown to the user: a fix first, then what reduces the risk meanwhile, then the bad news. */
export const ACTION_ORDER = ['vendor_fix', 'optional_patch', 'fix_planned', 'mitigation', 'workaround', 'no_fix_planned', 'none_available'] as const;

export interface RecommendedAction {
  category: string;
  details?: string | undefined;
  url?: string | undefined;
  fixedVersion?: string | undefined;
  /** Advisory ids that recommend it. */
  advisories: string[];
}

function rank(category: string): number {
  const i = (ACTION_ORDER as readonly string[]).indexOf(category);
  return i < 0 ? ACTION_ORDER.length : i;
}

/**
 * Actions for the given product ids (all when `productIds` is absent), from remediations keyed by
 * the advisory that carries them.
 */
export function recommendedActions(advisories: ReadonlyArray<{ advisory: string; remediations: readonly AdvisoryRemediation[] }>, productIds?: readonly string[]): RecommendedAction[] {
  const wanted = productIds ? new Set(productIds) : undefined;
  const byKey = new Map<string, RecommendedAction>();
  for (const { advisory, remediations } of advisories) {
    for (const r of remediations) {
      if (wanted && !r.productIds.some((id) => wanted.has(id))) continue;
      const key = JSON.stringify([r.category, r.details ?? '', r.url ?? '', r.fixedVersion ?? '']);
      const known = byKey.get(key);
      if (known) {
        if (!known.advisories.includes(advisory)) known.advisories.push(advisory);
        continue;
      }
      byKey.set(key, { category: r.category, details: r.details, url: r.url, fixedVersion: r.fixedVersion, advisories: [advisory] });
    }
  }
  return [...byKey.values()].sort((a, b) => rank(a.category) - rank(b.category));
}

/** The fixed version of the first vendor fix that names one (what auto-verification compares with). */
export function fixedVersionOf(actions: readonly RecommendedAction[]): string | undefined {
  return actions.find((a) => a.category === 'vendor_fix' && a.fixedVersion)?.fixedVersion;
}
