/**
 * Presentation rules for findings: status and confidence words and colours, target labels, the
 * grouping of a page of findings, and the text of a match summary. Pure functions, unit-tested.
 */
import type { FindingConfidence, FindingStatus, FindingView, MatchSummary } from '../api/findingTypes';

export interface Look {
  label: string;
  color: string;
  description: string;
}

export const STATUS_LOOK: Record<FindingStatus, Look> = {
  affected: { label: 'Affected', color: 'red', description: 'The vulnerability applies to this target.' },
  cannot_decide: {
    label: 'Cannot decide',
    color: 'orange',
    description: 'A candidate the engine could neither confirm nor rule out (unknown or incomparable version, invalid identifier…).',
  },
  under_investigation: { label: 'Under investigation', color: 'yellow', description: 'The vendor is still investigating this product.' },
  fixed: { label: 'Fixed', color: 'green', description: 'The target runs a fixed version.' },
  not_affected: { label: 'Not affected', color: 'teal', description: 'A vendor statement, VEX or a user decision rules the vulnerability out.' },
};

export function statusLook(status: string): Look {
  return STATUS_LOOK[status as FindingStatus] ?? { label: status.replace(/_/g, ' '), color: 'gray', description: status };
}

export const CONFIDENCE_LOOK: Record<FindingConfidence, Look> = {
  exact: { label: 'Exact', color: 'blue', description: 'An identifier the target carries (CPE, purl, hash, order number) matched.' },
  'version-range-name': {
    label: 'Name + version',
    color: 'cyan',
    description: 'Vendor and product name matched and the version was tested against the affected range.',
  },
  derived: { label: 'Derived', color: 'gray', description: 'Matched through an identifier Bulwark derived (CPE candidates from vendor and model). Lower confidence.' },
};

export function confidenceLook(confidence: string): Look {
  return CONFIDENCE_LOOK[confidence as FindingConfidence] ?? { label: confidence, color: 'gray', description: confidence };
}

const MATCHER_NAMES: Record<string, string> = {
  'nvd-cpe': 'NVD CPE configuration',
  csaf: 'CSAF product tree',
  cve5: 'CVE 5 affected product',
  osv: 'OSV package range',
  'derived-cpe': 'Derived CPE',
  vex: 'VEX statement',
  user: 'User decision',
};

export function matcherName(matcher: string): string {
  return MATCHER_NAMES[matcher] ?? matcher;
}

const TIER_NAMES = ['derived identifier', 'version-ranged name', 'exact identifier', 'vendor statement', 'user decision'];

/** The precedence tier in words (4 user decision … 0 derived). */
export function tierName(tier: number): string {
  return TIER_NAMES[tier] ?? `tier ${tier}`;
}

/** Matching attributes read blue, `out of range`/`different` teal, undecidable ones orange, the rest grey. */
export function comparisonColor(result: string): string {
  const r = result.toLowerCase();
  if (/unknown|cannot|unparsable|invalid/.test(r)) return 'orange';
  if (/out[- ]of[- ]range|not |different|mismatch|excluded|no match/.test(r)) return 'teal';
  if (/in[- ]range|equal|same|match|family|superset|subset|pattern|member|contains/.test(r)) return 'blue';
  return 'gray';
}

/** What the finding is about, as one line: the asset name, or `component version` for a component. */
export function targetLabel(finding: Pick<FindingView, 'asset' | 'component'>): string {
  if (finding.asset) return finding.asset.name;
  if (finding.component) return [finding.component.name, finding.component.version].filter(Boolean).join(' ');
  return '';
}

/** A stable key for grouping by target. */
export function targetKey(finding: Pick<FindingView, 'asset' | 'component'>): string {
  if (finding.component) return `component:${finding.component.id}`;
  return `asset:${finding.asset?.id ?? ''}`;
}

export interface FindingGroup {
  key: string;
  /** The first finding of the group: carries the group's vulnerability or target for the header. */
  head: FindingView;
  items: FindingView[];
  /** Findings of the group that are `affected`. */
  affected: number;
  /** Highest CVSS score among the group's vulnerabilities (null when none is scored). */
  maxCvss: number | null;
  kev: boolean;
}

/**
 * Groups a page of findings by vulnerability or by target, keeping the page's order: groups come
 * in the order of their first finding (so the server's sort decides), findings keep their order inside.
 */
export function groupFindings(items: readonly FindingView[], by: 'vulnerability' | 'target'): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of items) {
    const key = by === 'vulnerability' ? `vulnerability:${finding.vulnerability.id}` : targetKey(finding);
    let group = groups.get(key);
    if (!group) {
      group = { key, head: finding, items: [], affected: 0, maxCvss: null, kev: false };
      groups.set(key, group);
    }
    group.items.push(finding);
    if (finding.status === 'affected') group.affected++;
    const score = finding.vulnerability.cvssScore;
    if (typeof score === 'number' && (group.maxCvss === null || score > group.maxCvss)) group.maxCvss = score;
    if (finding.vulnerability.inKev) group.kev = true;
  }
  return [...groups.values()];
}

/** `Full match: 339 assets, 12 components examined in 0.28 s — 22 new, 1 changed, 0 resolved.` */
export function describeMatchSummary(summary: MatchSummary): string {
  const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  const mode = summary.mode === 'full' ? 'Full match' : 'Incremental match';
  const { created, updated, resolved } = summary.findings;
  return (
    `${mode}: ${plural(summary.targets.assets, 'asset')} and ${plural(summary.targets.components, 'SBOM component')} examined in ${summary.seconds.toFixed(2)} s — ` +
    `${created.toLocaleString('en')} new, ${updated.toLocaleString('en')} changed, ${resolved.toLocaleString('en')} resolved.`
  );
}

export const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'] as const;

/** The severity buckets in a fixed order, unknown words after the known ones; empty buckets left out. */
export function severityBuckets(bySeverity: Record<string, number>): Array<[string, number]> {
  const known = SEVERITY_ORDER.filter((s) => (bySeverity[s] ?? 0) > 0).map((s): [string, number] => [s, bySeverity[s] ?? 0]);
  const other = Object.entries(bySeverity).filter(([s, n]) => n > 0 && !(SEVERITY_ORDER as readonly string[]).includes(s));
  return [...known, ...other];
}
