import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { FINDING_STATUSES, type FindingStatus } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { decideFinding, getFindingView, listFindingViews, runMatch, type FindingView, type MatchSummary } from '../../services/matching.js';
import { FAIL_ON, gateTripped, SCAN_FORMATS, scanFile, scanToCycloneDxVex, scanToSarif, type FailOn, type ScanFormat, type ScanResult } from '../../services/scan.js';
import { FINDING_SORT_KEYS, type FindingSortKey } from '../../store/repositories/findings.js';
import { withTarget, type GlobalOptions } from '../context.js';
import { readInputFile, upload } from '../input.js';
import { printIssues, printJson, printTable, withProgress } from '../output.js';
import type { Query } from '../remote/client.js';

type Decided = Awaited<ReturnType<typeof decideFinding>>;

/** Exit code of `scan --fail-on` when the gate trips (distinct from failures and bad input). */
export const EXIT_GATE = 3;

const severityOrder = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'];

function printSummary(s: MatchSummary): void {
  process.stdout.write(
    `${s.mode} match: ${s.targets.assets} asset(s), ${s.targets.components} SBOM component(s) examined in ${s.seconds.toFixed(2)} s${s.workers > 0 ? ` (${s.workers} worker threads)` : ''}; ` +
      `findings ${s.findings.created} new, ${s.findings.updated} changed, ${s.findings.resolved} resolved, ${s.findings.unchanged} unchanged\n`,
  );
  printTable(['status', 'open findings'], FINDING_STATUSES.map((st) => [st, s.open.byStatus[st] ?? 0]));
  printTable(
    ['severity (affected)', 'findings'],
    severityOrder.filter((k) => s.open.bySeverity[k] !== undefined).map((k) => [k, s.open.bySeverity[k]!]),
  );
  process.stdout.write(`affected findings in CISA KEV: ${s.open.kev}; targets with an affected finding: ${s.open.affectedTargets}\n`);
  if (s.issueCount > 0) {
    process.stderr.write(`${s.issueCount} matching issue(s), first ones:\n`);
    printIssues(s.issues.map((i) => ({ code: i.code, message: `${i.targetId ?? ''} ${i.vulnerabilityId ?? ''}: ${i.message}`.trim() })), 10);
  }
}

const targetLabel = (f: FindingView) =>
  f.asset ? f.asset.name : f.component ? `${f.component.name}${f.component.version ? ` ${f.component.version}` : ''} (${f.component.sbomName ?? 'SBOM'})` : '';

function printExplain(f: FindingView): void {
  const v = f.vulnerability;
  process.stdout.write(`${pc.bold(v.id)}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''} on ${targetLabel(f)}\n`);
  if (v.title) process.stdout.write(`${v.title}\n`);
  process.stdout.write(
    `status ${pc.bold(f.status)}, confidence ${f.confidence}; CVSS ${v.cvssScore ?? '—'} ${v.cvssSeverity ?? ''}, EPSS ${v.epssScore ?? '—'}, KEV ${v.inKev ? `yes (due ${v.kevDueDate ?? '—'})` : 'no'}\n`,
  );
  process.stdout.write(`why: ${f.reason}\n`);
  if (f.justification) process.stdout.write(`justification: ${f.justification}\n`);
  if (f.decision) process.stdout.write(`decision: ${f.decision.decision} by ${f.decision.by} at ${f.decision.at}${f.decision.reason ? ` — ${f.decision.reason}` : ''}\n`);
  process.stdout.write(`first seen ${f.firstSeen}, last seen ${f.lastSeen}${f.resolvedAt ? `, resolved ${f.resolvedAt}` : ''}\n\nevidence:\n`);
  (f.evidence ?? []).forEach((e, i) => {
    const src = [e.source.kind, e.source.advisoryId, e.source.revision ? `rev ${e.source.revision}` : '', e.source.document].filter(Boolean).join(' ');
    process.stdout.write(`${i + 1}. [${e.matcher}] ${e.status} (${e.confidence}) — ${e.reason}\n   source: ${src}${e.pointer ? ` at ${e.pointer}` : ''}\n`);
    if (e.criterion) process.stdout.write(`   criterion: ${e.criterion}\n`);
    for (const c of e.compared) process.stdout.write(`   ${c.attribute}: ${c.target} vs ${c.spec} → ${c.result}\n`);
    if (e.versionScheme) process.stdout.write(`   version scheme: ${e.versionScheme}${e.heuristic ? ' (heuristic)' : ''}\n`);
  });
}

function parseStatuses(value: string | undefined): FindingStatus[] | undefined {
  if (!value) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) {
    if (!(FINDING_STATUSES as readonly string[]).includes(s)) throw new InputError(`unknown status "${s}" (expected ${FINDING_STATUSES.join(', ')})`, { code: 'invalid-option' });
  }
  return list as FindingStatus[];
}

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InputError(`--${name} expects a number, got "${value}"`, { code: 'invalid-option' });
  return n;
}

function printScan(r: ScanResult): void {
  const shown = r.findings.filter((f) => f.status !== 'not_affected' && f.status !== 'fixed');
  process.stdout.write(`${r.source}: ${r.kind}, ${r.targets} target(s); ${r.summary.affected} affected finding(s), ${r.summary.kev} in KEV\n`);
  printTable(
    ['target', 'version', 'vulnerability', 'status', 'confidence', 'cvss', 'kev'],
    shown.map((f) => [f.target.name, f.target.version ?? '', f.vulnerability.id, f.status, f.confidence, f.vulnerability.cvssScore ?? '', f.vulnerability.inKev ? 'yes' : '']),
  );
  const hidden = r.findings.length - shown.length;
  if (hidden > 0) process.stdout.write(`${hidden} finding(s) not affected or fixed (see --format json)\n`);
}

/** Sort keys the store orders most-first when no direction is given (the API needs it spelt out). */
const DESCENDING_BY_DEFAULT: readonly string[] = ['cvss', 'epss', 'lastSeen', 'firstSeen'];

function printFindings(items: FindingView[], total: number, json: boolean | undefined): void {
  if (json) return printJson(items);
  printTable(
    ['id', 'target', 'vulnerability', 'status', 'confidence', 'cvss', 'epss', 'kev'],
    items.map((f) => [f.id, targetLabel(f), f.vulnerability.id, f.status, f.confidence, f.vulnerability.cvssScore ?? '', f.vulnerability.epssScore ?? '', f.vulnerability.inKev ? 'yes' : '']),
  );
  process.stdout.write(`${items.length} of ${total} finding(s)\n`);
}

export function registerMatchCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('match')
    .description('match the inventory and SBOM components against the stored intelligence (incremental unless --full)')
    .option('--full', 're-examine every asset and component')
    .option('--workers <n>', 'worker threads that match while the store is written (default: one per core, at most 4, one fewer for a first full match, from 10,000 targets; 0: one thread)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { full?: boolean; workers?: string; json?: boolean }) => {
      const workers = parseNumber('workers', opts.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
        throw new InputError(`--workers expects a whole number from 0 to 64, got "${opts.workers}"`, { code: 'invalid-option' });
      }
      const summary = await withTarget(globals(), {
        local: (store, scope) => withProgress('matching', (onProgress) => runMatch(store, scope, { full: opts.full, workers, onProgress }), { quiet: opts.json }),
        remote: (api) => api.post<MatchSummary>('/api/match', opts.full ? { full: true } : {}),
      });
      if (opts.json) printJson(summary);
      else printSummary(summary);
    });

  const findings = program.command('findings').description('findings: which vulnerabilities are on which assets and components, and why');

  findings
    .command('list')
    .description('list open findings (most severe first)')
    .option('--json', 'print a JSON array')
    .option('--asset <id>', 'findings of this asset and of the components of the SBOMs it runs')
    .option('--sbom <id>', 'findings of the components of this SBOM')
    .option('--vulnerability <id>', 'findings of this vulnerability')
    .option('--kev', 'only vulnerabilities in CISA KEV')
    .option('--status <list>', `comma-separated: ${FINDING_STATUSES.join(', ')}`)
    .option('--min-cvss <score>', 'only vulnerabilities with a CVSS base score at least this')
    .option('--resolved', 'include findings a later match resolved')
    .addOption(new Option('--sort <key>', 'sort key').choices([...FINDING_SORT_KEYS]).default('cvss'))
    .option('--limit <n>', 'at most this many', '1000')
    .action(async (opts: { json?: boolean; asset?: string; sbom?: string; vulnerability?: string; kev?: boolean; status?: string; minCvss?: string; resolved?: boolean; sort: FindingSortKey; limit: string }) => {
      const limit = parseNumber('limit', opts.limit) ?? 1000;
      const status = parseStatuses(opts.status);
      const minCvss = parseNumber('min-cvss', opts.minCvss);
      const page = await withTarget(globals(), {
        local: (store, scope) =>
          listFindingViews(store, scope, {
            assetId: opts.asset, sbomId: opts.sbom, vulnerabilityId: opts.vulnerability, kev: opts.kev, status, minCvss,
            includeResolved: opts.resolved, sort: opts.sort, limit, offset: 0, withEvidence: opts.json,
          }),
        remote: (api) => {
          const query: Query = {
            asset: opts.asset, sbom: opts.sbom, vulnerability: opts.vulnerability, kev: opts.kev, status: status?.join(','), minCvss,
            resolved: opts.resolved, sort: DESCENDING_BY_DEFAULT.includes(opts.sort) ? `-${opts.sort}` : opts.sort, evidence: opts.json,
          };
          return api.pages<FindingView>('/api/findings', query, { want: limit });
        },
      });
      printFindings(page.items, page.total, opts.json);
    });

  findings
    .command('explain <id>')
    .description('why a finding is what it is: every piece of evidence with its source')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const view = await withTarget(globals(), {
        local: (store, scope) => getFindingView(store, scope, id),
        remote: (api) => api.get<FindingView>(`/api/findings/${encodeURIComponent(id)}`),
      });
      if (opts.json) printJson(view);
      else printExplain(view);
    });

  for (const decision of ['confirm', 'reject', 'clear'] as const) {
    const cmd = findings
      .command(`${decision} <id>`)
      .description(
        decision === 'confirm'
          ? 'confirm a finding: it stays affected whatever later matches say'
          : decision === 'reject'
            ? 'reject a finding (a false positive): it stays rejected across re-matches'
            : 'remove your decision on a finding',
      )
      .option('--reason <text>', 'why (kept with the decision)')
      .option('--by <name>', 'who decides (local database only: a server records the signed-in account)', process.env.USER ?? 'cli')
      .option('--json', 'print the finding as JSON');
    if (decision === 'reject') cmd.option('--rule', 'also reject this product statement for every asset or component of the same vendor and model');
    cmd.action(async (id: string, opts: { reason?: string; by: string; json?: boolean; rule?: boolean }) => {
      const after = await withTarget(globals(), {
        local: (store, scope) => decideFinding(store, scope, id, { decision, reason: opts.reason, by: opts.by, rule: opts.rule }),
        remote: (api) => api.post<Decided>(`/api/findings/${encodeURIComponent(id)}/decision`, { decision, reason: opts.reason, rule: opts.rule }),
      });
      if (opts.json) printJson(after);
      else process.stdout.write(`${id}: ${after.status} — ${after.reason}\n`);
    });
  }

  program
    .command('scan <file>')
    .description('scan an SBOM (CycloneDX, SPDX) or an inventory file (CSV, JSON) against the stored intelligence, importing nothing')
    .addOption(new Option('--format <format>', 'output format').choices([...SCAN_FORMATS]).default('table'))
    .addOption(new Option('--fail-on <level>', `exit ${EXIT_GATE} if an affected finding reaches this level`).choices([...FAIL_ON]))
    .action(async (file: string, opts: { format: ScanFormat; failOn?: FailOn }) => {
      const input = readInputFile(file);
      const cdx = opts.format === 'cyclonedx-vex';
      // The CycloneDX VEX form needs the SBOM read, which only the scanning side has.
      const scanned = await withTarget<{ result?: ScanResult; cyclonedxVex?: string }>(globals(), {
        local: async (store) => {
          const result = await scanFile(store, input.name, input.bytes);
          return { result, cyclonedxVex: cdx ? scanToCycloneDxVex(result) : undefined };
        },
        remote: async (api) => ({
          result: !cdx || opts.failOn ? await api.upload<ScanResult>('/api/scan', [upload(input)], { format: 'json' }) : undefined,
          cyclonedxVex: cdx ? await api.uploadRaw('/api/scan', [upload(input)], { format: 'cyclonedx-vex' }) : undefined,
        }),
      });
      const result = scanned.result!;
      if (opts.format === 'json') {
        const { document: _document, ...rest } = result;
        printJson(rest);
      } else if (opts.format === 'sarif') process.stdout.write(scanToSarif(result));
      else if (cdx) process.stdout.write(`${scanned.cyclonedxVex}\n`);
      else printScan(result);
      if (opts.failOn && gateTripped(result, opts.failOn)) {
        process.stderr.write(`${pc.red('gate')}: affected findings at or above "${opts.failOn}"\n`);
        process.exitCode = EXIT_GATE;
      }
    });
}
