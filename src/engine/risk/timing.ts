/**
 * "Applied before exploitation": whether a mitigation or remediation was in place before the first
 * evidence of exploitation in the wild (KEV dateAdded, CISA ADP "active", CSAF exploit_status), and
 * the rate per site and organisation over a period — the measure CISA's international strategic
 * plan tracks.
 */
import { InputError } from '../../model/errors.js';
import { parseInstant } from './dates.js';
import type { TimingOutcome, TimingRate, TimingRates, TimingResult } from './timing-view.js';
import type { ExploitationEvidence } from './vulnerability-inputs.js';

// The result shapes are in timing-view.ts, which the web UI imports type-only.
export type { TimingOutcome, TimingRate, TimingRates, TimingResult } from './timing-view.js';

/**
 * Compares the action time with the earliest exploitation evidence. A date-only evidence is that
 * day's UTC midnight, so an action on the same day is not "before" (no credit without proof).
 * Undated evidence could be the earliest: it turns a "before" into "unknown" but leaves an "after".
 */
export function exploitationTiming(actionAt: string | undefined, evidence: readonly ExploitationEvidence[]): TimingResult {
  const problems: string[] = [];
  if (evidence.length === 0) return { outcome: 'not-exploited', reason: 'no evidence of exploitation in the wild', problems };
  let earliest: ExploitationEvidence | undefined;
  let earliestMs = Infinity;
  let undated = 0;
  for (const item of evidence) {
    const ms = parseInstant(item.date);
    if (ms === undefined) {
      undated++;
      problems.push(`${item.source}: ${item.date === undefined ? 'no date' : `unreadable date ${JSON.stringify(item.date)}`}`);
    } else if (ms < earliestMs) {
      earliest = item;
      earliestMs = ms;
    }
  }
  const action = parseInstant(actionAt);
  if (action === undefined) {
    return { outcome: 'unknown', earliest, reason: actionAt === undefined ? 'no mitigation or remediation time' : `unreadable action time ${JSON.stringify(actionAt)}`, problems };
  }
  if (!earliest) return { outcome: 'unknown', reason: 'exploited, but no evidence carries a usable date', problems };
  const against = `${earliest.source} ${earliest.date}`;
  if (action >= earliestMs) return { outcome: 'after', earliest, reason: `action ${actionAt} is not before ${against}`, problems };
  if (undated > 0) return { outcome: 'unknown', earliest, reason: `action ${actionAt} is before ${against}, but ${undated} undated evidence may be earlier`, problems };
  return { outcome: 'before', earliest, reason: `action ${actionAt} is before ${against}`, problems };
}

export interface TimedAction {
  site?: string | undefined;
  organisation?: string | undefined;
  /** When the mitigation or remediation was applied; places the action in the period. */
  actionAt: string | undefined;
  outcome: TimingOutcome;
}

function emptyRate(group: string): TimingRate {
  return { group, before: 0, after: 0, notExploited: 0, unknown: 0, rate: null, text: '' };
}

function count(rate: TimingRate, outcome: TimingOutcome): void {
  if (outcome === 'before') rate.before++;
  else if (outcome === 'after') rate.after++;
  else if (outcome === 'not-exploited') rate.notExploited++;
  else rate.unknown++;
}

function finish(rate: TimingRate): TimingRate {
  const decided = rate.before + rate.after;
  rate.rate = decided === 0 ? null : rate.before / decided;
  const shown = rate.rate === null ? 'n/a' : `${(rate.rate * 100).toFixed(1)}%`;
  rate.text = `${rate.group}: before ÷ (before + after) = ${rate.before} ÷ ${decided} = ${shown} (not exploited ${rate.notExploited}, unknown ${rate.unknown} not counted)`;
  return rate;
}

/** Rate of actions applied before exploitation, per site and per organisation, for actions in [from, to). */
export function timingRates(actions: Iterable<TimedAction>, period: { from: string; to: string }): TimingRates {
  const from = parseInstant(period.from);
  const to = parseInstant(period.to);
  if (from === undefined || to === undefined || to <= from) throw new InputError(`invalid period ${period.from} … ${period.to}: two ISO-8601 dates, from before to`, { code: 'invalid-period' });
  const sites = new Map<string, TimingRate>();
  const organisations = new Map<string, TimingRate>();
  let excluded = 0;
  const bucket = (map: Map<string, TimingRate>, key: string): TimingRate => {
    let rate = map.get(key);
    if (!rate) map.set(key, (rate = emptyRate(key)));
    return rate;
  };
  for (const action of actions) {
    const at = parseInstant(action.actionAt);
    if (at === undefined) {
      excluded++;
      continue;
    }
    if (at < from || at >= to) continue;
    count(bucket(sites, action.site ?? '(no site)'), action.outcome);
    count(bucket(organisations, action.organisation ?? '(no organisation)'), action.outcome);
  }
  const rows = (map: Map<string, TimingRate>): TimingRate[] => [...map.values()].map(finish).sort((a, b) => a.group.localeCompare(b.group));
  return { period, site: rows(sites), organisation: rows(organisations), excluded };
}
