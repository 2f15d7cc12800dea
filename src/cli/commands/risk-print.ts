/**
 * Printing of the risk and remediation answers. Every function takes plain data, exactly as the
 * service returns it and as the HTTP API serves it, so the local and the remote CLI print alike.
 */
import pc from 'picocolors';
import type { DeliveryRecord } from '../../store/repositories/notify.js';
import type { BulkResult, PlanView, RemediationBoardItem, RemediationView } from '../../services/remediation.js';
import { COUNT_CAP, type FindingRiskView, type QueuePage, type RecomputeSummary, type RollupView } from '../../services/risk.js';
import { printTable } from '../output.js';

const out = (s: string) => process.stdout.write(s);

const DECISION_COLOUR: Record<string, (s: string) => string> = { Act: pc.red, Attend: pc.yellow, 'Track*': pc.cyan, Track: (s) => s };

function dueText(d: QueuePage['items'][number]['deadline']): string {
  if (d.kind === 'next-upgrade') return 'next upgrade';
  if (d.kind !== 'date' || !d.dueDate) return 'unknown';
  const left = d.daysLeft ?? 0;
  return `${d.dueDate} (${left < 0 ? `${-left} d overdue` : left === 0 ? 'today' : `${left} d`})`;
}

/** The work queue (or an overdue / due-soon list). */
export function printRiskQueue(page: QueuePage): void {
  const counts = Object.entries(page.counts)
    .reverse()
    .map(([d, n]) => `${d} ${n}${n >= COUNT_CAP ? '+' : ''}`)
    .join(' · ');
  out(`${page.site ? `site ${page.site.name}: ` : ''}${page.total}${page.totalExact ? '' : '+'} open finding(s) — ${counts}; deadlines: ${page.mode === 'bod-26-04' ? 'BOD 26-04' : 'organisation policy'}; today ${page.today}\n`);
  if (page.computedAt === null) out(pc.yellow('never recomputed: run `bulwark risk recompute` first\n'));
  if (page.items.length === 0) return;
  printTable(
    ['decision', 'due', 'status', 'risk', 'vulnerability', 'asset / component', 'site', 'state', 'owner', 'finding'],
    page.items.map((i) => [
      (DECISION_COLOUR[i.decision] ?? String)(i.decision),
      dueText(i.deadline) + (i.deadline.bod.forensicTriage && page.mode === 'bod-26-04' ? ' + triage' : ''),
      i.deadline.status,
      i.risk.toFixed(1),
      `${i.vulnerability.id}${i.vulnerability.kev ? ' KEV' : ''}`,
      i.asset?.name ?? i.target.name,
      i.site?.name ?? '',
      i.state,
      i.remediation.owner ?? '',
      i.findingId,
    ]),
  );
  if (page.offset + page.items.length < page.total) out(`showing ${page.offset + 1}–${page.offset + page.items.length}; --offset ${page.offset + page.items.length} for more\n`);
}

export function printRecompute(s: RecomputeSummary, deliveries: DeliveryRecord[] = []): void {
  const decisions = Object.entries(s.byDecision)
    .reverse()
    .map(([d, n]) => `${d} ${n}`)
    .join(' · ');
  out(
    `recomputed ${s.findings} open finding(s) over ${s.vulnerabilities} vulnerabilities (${s.derivedVulnerabilities} derived again) and ${s.assets} asset(s) in ${s.seconds.toFixed(2)} s\n` +
      `${decisions}; overdue ${s.byStatus.overdue}, due soon ${s.byStatus['due-soon']}; ${s.written} written, ${s.removed} removed; ` +
      `${s.lapsed} acceptance(s) lapsed, ${s.verified} verified by firmware\n`,
  );
  if (s.baseline) out('first recompute: baseline set, nothing notified\n');
  else out(`${s.events} event(s)${s.eventsDropped ? ` (+${s.eventsDropped} not sent: per-run cap)` : ''}\n`);
  for (const d of deliveries) out(`  ${d.endpointName} (${d.kind}): ${d.status} after ${d.attempts} attempt(s), ${d.eventCount} event(s)${d.error ? ` — ${d.error}` : ''}\n`);
}

export function printFindingRisk(v: FindingRiskView): void {
  const a = v.assessment;
  out(`${pc.bold(v.finding.vulnerability.id)} on ${v.finding.asset?.name ?? v.finding.target.name}${v.finding.site ? ` (${v.finding.site.name})` : ''}: ${pc.bold(v.decision)}, risk ${a.risk.score}\n`);
  if (v.finding.vulnerability.title) out(`${v.finding.vulnerability.title}\n`);
  out(`status ${a.status}, state ${a.state}; BOD 26-04 ${a.bod.dueDate ?? a.bod.kind}${a.bod.forensicTriage ? ' + forensic triage' : ''}; policy ${a.policy.dueDate ?? a.policy.kind}\n\nwhy:\n`);
  for (const line of a.rationale) out(`  ${line}\n`);
  if (v.problems.length > 0) {
    out('\nproblems with the data:\n');
    for (const p of v.problems) out(`  [${p.code}] ${p.message}\n`);
  }
  if (v.recommendedActions.length > 0) {
    out('\nrecommended actions:\n');
    for (const r of v.recommendedActions) out(`  ${r.category}${r.fixedVersion ? ` (fixed in ${r.fixedVersion})` : ''}: ${(r.details ?? '').replace(/\s+/g, ' ')}${r.url ? ` ${r.url}` : ''} [${r.advisories.join(', ')}]\n`);
  }
  if (v.firmwareVerdict) out(`firmware: ${v.firmwareVerdict.reason}\n`);
  printRemediation(v.remediation);
}

export function printRemediation(r: RemediationView): void {
  out(`\nremediation of ${r.findingId}: ${pc.bold(r.state)} since ${r.since}`);
  if (r.plan) out(`; owner ${r.plan.owner}, due ${r.plan.dueDate}${r.plan.action ? ` — ${r.plan.action}` : ''}`);
  if (r.acceptance) out(`; accepted by ${r.acceptance.approver} until ${r.acceptance.expiresAt} (${r.acceptance.reason})`);
  if (r.verification) out(`; verified by ${r.verification.by}${r.verification.observedVersion ? ` (observed ${r.verification.observedVersion} ≥ ${r.verification.fixedVersion})` : ''}`);
  out('\n');
  for (const h of r.history) out(`  ${h.at} ${h.by}: ${h.from} → ${h.to}${h.note ? ` — ${h.note}` : ''}\n`);
  for (const e of r.evidence) out(`  evidence ${e.at} ${e.by}: ${e.text}${e.url ? ` ${e.url}` : ''}\n`);
}

export function printRemediationBoard(page: { items: RemediationBoardItem[]; total: number }): void {
  out(`${page.total} remediation record(s)\n`);
  if (page.items.length === 0) return;
  printTable(
    ['state', 'since', 'owner', 'due', 'decision', 'vulnerability', 'asset / component', 'site', 'finding'],
    page.items.map((r) => [r.state, r.since.slice(0, 10), r.plan?.owner ?? '', r.plan?.dueDate ?? r.acceptance?.expiresAt ?? '', r.decision ?? '', r.vulnerabilityId, r.asset?.name ?? r.targetName, r.site?.name ?? '', r.findingId]),
  );
}

export function printBulkResult(r: BulkResult & { plan?: PlanView }): void {
  if (r.plan) out(`plan ${r.plan.id} "${r.plan.title}": owner ${r.plan.owner}, due ${r.plan.dueDate}; ${r.plan.findings} finding(s)\n`);
  out(`${r.changed.length} changed, ${r.skipped.length} skipped\n`);
  for (const s of r.skipped) out(`  ${s.findingId}: ${s.message} [${s.code}]\n`);
}

export function printRollups(page: { items: RollupView[]; formula: { finding: string; rollup: string } }): void {
  printTable(['score', 'group', 'findings', 'Act', 'Attend', 'Track*', 'Track', 'mean'], page.items.map((r) => [r.score.toFixed(1), r.name, r.findings, r.byDecision.Act, r.byDecision.Attend, r.byDecision['Track*'], r.byDecision.Track, r.mean.toFixed(1)]));
  out(`${page.formula.rollup}\n${page.formula.finding}\n`);
}
