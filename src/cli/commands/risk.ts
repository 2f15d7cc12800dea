/**
 * `bulwark risk` (the work queue: Act/Attend first, then due dates), `bulwark risk recompute |
 * show | rollups`, and `bulwark remediation plan | update | accept | list | show`. Local database
 * mode; the printing lives in risk-print.ts and takes plain data (the API's answers alike).
 */
import os from 'node:os';
import type { Command } from 'commander';
import { DECISIONS, REMEDIATION_STATES, type SsvcDecision } from '../../engine/risk/index.js';
import { InputError } from '../../model/errors.js';
import { deliverEvents } from '../../services/notify.js';
import {
  addRemediationEvidence,
  changeRemediation,
  createRemediationPlan,
  getRemediation,
  listRemediationBoard,
  type ChangeInput,
} from '../../services/remediation.js';
import { findingRisk, recomputeRisk, resolveRiskSite, riskDeadlines, riskQueue, riskRollups } from '../../services/risk.js';
import { ROLLUP_LEVELS, type RollupLevel } from '../../store/repositories/risk.js';
import { withStore } from '../context.js';
import { printJson } from '../output.js';
import { cliScope } from '../scope.js';
import { printBulkResult, printFindingRisk, printRecompute, printRemediation, printRemediationBoard, printRiskQueue, printRollups } from './risk-print.js';

type Globals = { db?: string };

/** Who acts from the local command line. */
function cliUser(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function whole(name: string, value: string | undefined, def: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--${name} expects a whole number, got "${value}"`, { code: 'invalid-option' });
  return n;
}

function parseDecisions(value: string | undefined): SsvcDecision[] | undefined {
  if (!value) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of list) {
    if (!(DECISIONS as readonly string[]).includes(d)) throw new InputError(`unknown decision "${d}" (expected ${DECISIONS.join(', ')})`, { code: 'invalid-option' });
  }
  return list as SsvcDecision[];
}

export function registerRiskCommands(program: Command): void {
  const risk = program
    .command('risk')
    .description('the work queue: open findings, Act and Attend first, then by due date (see also: recompute, show, rollups)')
    .option('--site <site>', 'only this site (name or id)')
    .option('--decision <list>', `comma-separated: ${DECISIONS.join(', ')}`)
    .option('--overdue', 'only findings past their due date (most overdue first)')
    .option('--due-soon', 'only findings due soon (earliest first)')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--offset <n>', 'skip this many')
    .option('--json', 'print the page as JSON')
    .action(async (opts: { site?: string; decision?: string; overdue?: boolean; dueSoon?: boolean; limit?: string; offset?: string; json?: boolean }) => {
      const query = { site: opts.site, decisions: parseDecisions(opts.decision), limit: whole('limit', opts.limit, 50), offset: whole('offset', opts.offset, 0) };
      await withStore(program.opts<Globals>().db, async (store) => {
        const scope = await cliScope(store);
        const page = opts.overdue ? await riskDeadlines(store, scope, 'overdue', query) : opts.dueSoon ? await riskDeadlines(store, scope, 'due-soon', query) : await riskQueue(store, scope, query);
        if (opts.json) printJson(page);
        else printRiskQueue(page);
      });
    });

  /**
   * The program parses options before dispatching (commander keeps no order between a subcommand
   * and the options after it), so `risk recompute --json` hands --json to `risk`: subcommands read
   * their options merged with those of `risk`, which therefore has no defaults.
   */
  const withParent = <T extends object>(opts: T): T => ({ ...risk.opts(), ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) }) as T;

  risk
    .command('recompute')
    .description('recompute decisions, deadlines, scores and rollups of every open finding, and send the notifications')
    .option('--no-notify', 'do not send notifications')
    .option('--json', 'print the summary as JSON')
    .action(async (own: { notify: boolean; json?: boolean }) => {
      const opts = withParent(own);
      await withStore(program.opts<Globals>().db, async (store) => {
        const scope = await cliScope(store);
        const outcome = await recomputeRisk(store, scope, { trigger: cliUser() });
        const deliveries = opts.notify ? await deliverEvents(store, scope.orgId, outcome.events) : [];
        if (opts.json) printJson({ ...outcome.summary, deliveries });
        else printRecompute(outcome.summary, deliveries);
      });
    });

  risk
    .command('show <finding>')
    .description("one finding's risk: SSVC decision with its rationale, deadlines, scores, recommended actions, remediation")
    .option('--json', 'print as JSON')
    .action(async (finding: string, own: { json?: boolean }) => {
      const opts = withParent(own);
      await withStore(program.opts<Globals>().db, async (store) => {
        const view = await findingRisk(store, await cliScope(store), finding);
        if (opts.json) printJson(view);
        else printFindingRisk(view);
      });
    });

  risk
    .command('rollups')
    .description('risk per organisation, site, zone or asset (highest finding score), worst first')
    .option('--level <level>', ROLLUP_LEVELS.join(' | '), 'site')
    .option('--site <site>', 'only groups of this site')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'print as JSON')
    .action(async (own: { level: string; site?: string; limit?: string; json?: boolean }) => {
      const opts = withParent(own);
      if (!(ROLLUP_LEVELS as readonly string[]).includes(opts.level)) throw new InputError(`--level must be one of ${ROLLUP_LEVELS.join(', ')}`, { code: 'invalid-option' });
      await withStore(program.opts<Globals>().db, async (store) => {
        const page = await riskRollups(store, await cliScope(store), { level: opts.level as RollupLevel, site: opts.site, limit: whole('limit', opts.limit, 50), offset: 0 });
        if (opts.json) printJson(page);
        else printRollups(page);
      });
    });

  const remediation = program.command('remediation').description('plans, mitigations and risk acceptances of findings');

  remediation
    .command('list')
    .description('the remediation board: records most recently changed first')
    .option('--state <list>', `comma-separated: ${REMEDIATION_STATES.join(', ')}`)
    .option('--owner <name>', 'only this owner')
    .option('--plan <id>', 'only the findings of this plan')
    .option('--vulnerability <id>', 'only this vulnerability')
    .option('--site <site>', 'only this site (name or id)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print as JSON')
    .action(async (opts: { state?: string; owner?: string; plan?: string; vulnerability?: string; site?: string; limit: string; json?: boolean }) => {
      await withStore(program.opts<Globals>().db, async (store) => {
        const scope = await cliScope(store);
        const site = await resolveRiskSite(store, scope, opts.site);
        const page = await listRemediationBoard(store, scope, {
          states: opts.state?.split(',').map((s) => s.trim()), owner: opts.owner, planId: opts.plan, vulnerabilityId: opts.vulnerability, site: site?.id,
          limit: whole('limit', opts.limit, 100), offset: 0,
        });
        if (opts.json) printJson(page);
        else printRemediationBoard(page);
      });
    });

  remediation
    .command('show <finding>')
    .description("a finding's remediation record with its history and evidence")
    .option('--json', 'print as JSON')
    .action(async (finding: string, opts: { json?: boolean }) => {
      await withStore(program.opts<Globals>().db, async (store) => {
        const view = await getRemediation(store, await cliScope(store), finding);
        if (opts.json) printJson(view);
        else printRemediation(view);
      });
    });

  remediation
    .command('plan [findings...]')
    .description('plan findings (or, with --vulnerability, every open finding of it across assets) with an owner and a due date')
    .option('--vulnerability <id>', 'plan every open finding of this vulnerability')
    .option('--site <site>', 'with --vulnerability: only this site')
    .requiredOption('--owner <name>', 'who carries it out')
    .requiredOption('--due <date>', 'due date (ISO-8601)')
    .option('--action <text>', 'what will be done')
    .option('--title <text>', 'a title for the plan')
    .option('--note <text>', 'a note in the history')
    .option('--by <name>', 'who plans', cliUser())
    .option('--json', 'print as JSON')
    .action(async (findings: string[], opts: { vulnerability?: string; site?: string; owner: string; due: string; action?: string; title?: string; note?: string; by: string; json?: boolean }) => {
      await withStore(program.opts<Globals>().db, async (store) => {
        const scope = await cliScope(store);
        const site = await resolveRiskSite(store, scope, opts.site);
        const result = await createRemediationPlan(
          store,
          scope,
          { findingIds: findings.length > 0 ? findings : undefined, vulnerabilityId: opts.vulnerability, siteId: site?.id, owner: opts.owner, dueDate: opts.due, action: opts.action, title: opts.title, note: opts.note },
          opts.by,
        );
        if (opts.json) printJson(result);
        else printBulkResult(result);
      });
    });

  remediation
    .command('update <finding>')
    .description('move a finding: --state planned (--owner, --due), mitigated / remediated (--applied-at), verified, open (--reason); or add --evidence')
    .option('--state <state>', 'planned | mitigated | remediated | verified | open')
    .option('--owner <name>', 'planned: who carries it out')
    .option('--due <date>', 'planned: due date')
    .option('--action <text>', 'planned: what will be done')
    .option('--reason <text>', 'open: why it is reopened')
    .option('--applied-at <date>', 'mitigated / remediated: when it was in place (not in the future)')
    .option('--note <text>', 'a note in the history')
    .option('--evidence <text>', 'an evidence note')
    .option('--evidence-url <url>', 'a link for the evidence note')
    .option('--by <name>', 'who changes it', cliUser())
    .option('--json', 'print as JSON')
    .action(async (finding: string, opts: { state?: string; owner?: string; due?: string; action?: string; reason?: string; appliedAt?: string; note?: string; evidence?: string; evidenceUrl?: string; by: string; json?: boolean }) => {
      const evidence = opts.evidence ? { text: opts.evidence, url: opts.evidenceUrl } : undefined;
      if (!opts.state && !evidence) throw new InputError('give --state or --evidence', { code: 'invalid-option' });
      if (opts.state === 'risk-accepted') throw new InputError('use `bulwark remediation accept` for a risk acceptance', { code: 'use-accept' });
      const change: ChangeInput | null = !opts.state
        ? null
        : opts.state === 'planned'
          ? { to: 'planned', owner: opts.owner ?? '', dueDate: opts.due ?? '', action: opts.action, note: opts.note }
          : opts.state === 'open'
            ? { to: 'open', reason: opts.reason ?? '', note: opts.note }
            : opts.state === 'mitigated' || opts.state === 'remediated'
              ? { to: opts.state, appliedAt: opts.appliedAt, note: opts.note }
              : opts.state === 'verified'
                ? { to: 'verified', note: opts.note }
                : null;
      if (opts.state && !change) throw new InputError(`unknown state "${opts.state}" (expected planned, mitigated, remediated, verified, open)`, { code: 'invalid-option' });
      await withStore(program.opts<Globals>().db, async (store) => {
        const scope = await cliScope(store);
        const view = change ? await changeRemediation(store, scope, finding, change, { by: opts.by, evidence }) : await addRemediationEvidence(store, scope, finding, evidence!, opts.by);
        if (opts.json) printJson(view);
        else printRemediation(view);
      });
    });

  remediation
    .command('accept <finding>')
    .description('accept the risk of a finding until --expires (it reopens when the acceptance lapses)')
    .requiredOption('--expires <date>', 'when the acceptance lapses (must be in the future)')
    .requiredOption('--reason <text>', 'why the risk is accepted')
    .option('--approver <name>', 'who approves', cliUser())
    .option('--note <text>', 'a note in the history')
    .option('--json', 'print as JSON')
    .action(async (finding: string, opts: { expires: string; reason: string; approver: string; note?: string; json?: boolean }) => {
      await withStore(program.opts<Globals>().db, async (store) => {
        const view = await changeRemediation(store, await cliScope(store), finding, { to: 'risk-accepted', expiresAt: opts.expires, reason: opts.reason, note: opts.note }, { by: opts.approver, approver: opts.approver });
        if (opts.json) printJson(view);
        else printRemediation(view);
      });
    });
}
