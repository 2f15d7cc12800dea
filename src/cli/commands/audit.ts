/**
 * `bulwark audit list|verify`: read and check the hash-chained audit log, on the local database or
 * (signed in) through the API.
 */
import { Option, type Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { listAudit, parseAnchor, verifyAudit, type AuditEntry, type AuditQuery, type AuditVerification } from '../../services/audit.js';
import { withTarget, type GlobalOptions } from '../context.js';
import { wholeNumber } from '../input.js';
import { printJson, printTable } from '../output.js';
import { MAX_PAGE, type RemoteClient } from '../remote/client.js';

/** Exit code of `audit verify` when the chain does not verify. */
export const EXIT_AUDIT_BROKEN = 3;

type Filters = Omit<AuditQuery, 'orgId' | 'limit' | 'before'>;

/** Entries newest first, paging backwards by sequence number. */
async function remoteEntries(api: RemoteClient, filters: Filters, limit: number): Promise<{ items: AuditEntry[]; total: number }> {
  const items: AuditEntry[] = [];
  let total = 0;
  let before: number | undefined;
  for (;;) {
    const want = Math.min(MAX_PAGE, limit - items.length);
    const page = await api.get<{ items: AuditEntry[]; total: number }>('/api/audit', { ...filters, limit: want, before });
    if (before === undefined) total = page.total;
    items.push(...page.items);
    if (page.items.length < want || items.length >= limit) return { items, total };
    before = page.items[page.items.length - 1]!.seq;
  }
}

function entryLine(e: AuditEntry): string {
  return `#${e.seq} ${e.at} ${e.actor} ${e.action}${e.target ? ` ${e.target}` : ''} → ${e.outcome}${e.source ? ` from ${e.source}` : ''}${e.detail ? ` ${JSON.stringify(e.detail)}` : ''}`;
}

export function registerAuditCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();
  const audit = program.command('audit').description('the audit log: who changed, exported or signed in, when and from where; hash-chained');

  audit
    .command('list')
    .description('audit entries, newest first')
    .option('--actor <name>', 'actors starting with this (e.g. alice, cli:)')
    .option('--action <prefix>', 'actions starting with this (e.g. user., auth.login, POST /api/assets)')
    .addOption(new Option('--outcome <outcome>').choices(['success', 'failure', 'denied']))
    .option('--since <time>', 'entries at or after this ISO 8601 time or date')
    .option('--limit <n>', 'at most this many', (v) => wholeNumber('--limit', v, 1), 100)
    .option('--json', 'print a JSON array')
    .action(async (opts: { actor?: string; action?: string; outcome?: string; since?: string; limit: number; json?: boolean }) => {
      let since: string | undefined;
      if (opts.since !== undefined) {
        const t = Date.parse(opts.since);
        if (Number.isNaN(t)) throw new InputError(`--since needs an ISO 8601 time or date (e.g. 2025-01-31 or 2025-01-31T08:00:00Z), not "${opts.since}"`, { code: 'bad-usage' });
        since = new Date(t).toISOString();
      }
      const filters: Filters = { actor: opts.actor, action: opts.action, outcome: opts.outcome, since };
      const { items, total } = await withTarget(globals(), {
        local: (store) => listAudit(store.db, { ...filters, orgId: null, limit: opts.limit }),
        remote: (api) => remoteEntries(api, filters, opts.limit),
      });
      if (opts.json) return printJson(items);
      printTable(
        ['seq', 'at', 'actor', 'action', 'target', 'outcome', 'source'],
        items.map((e) => [e.seq, e.at, e.actor, e.action, e.target, e.outcome, e.source]),
      );
      process.stdout.write(`${items.length} of ${total} entr${total === 1 ? 'y' : 'ies'}\n`);
    });

  audit
    .command('verify')
    .description(`re-compute the hash chain; exit ${EXIT_AUDIT_BROKEN} when any entry was edited, deleted or inserted`)
    .option('--anchor <seq:hash>', 'a head recorded earlier (SEQ:HASH, as printed here): also catches a consistently rewritten log')
    .option('--json', 'print the verification as JSON')
    .action(async (opts: { anchor?: string; json?: boolean }) => {
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      if (anchor === null) throw new InputError('an anchor is written SEQ:HASH (as printed by a previous verification)', { code: 'invalid-anchor' });
      const { result, broken } = await withTarget<{ result: AuditVerification; broken?: AuditEntry }>(globals(), {
        local: async (store) => {
          const result = await verifyAudit(store.db, anchor);
          const at = result.problem?.seq;
          return { result, broken: at ? (await listAudit(store.db, { orgId: null, before: at + 1, limit: 1 })).items[0] : undefined };
        },
        remote: async (api) => {
          const result = await api.get<AuditVerification>('/api/audit/verify', { anchor: opts.anchor });
          const at = result.problem?.seq;
          return { result, broken: at ? (await api.get<{ items: AuditEntry[] }>('/api/audit', { before: at + 1, limit: 1 })).items[0] : undefined };
        },
      });
      // The entry just before a missing one is not the broken one.
      const entry = broken && broken.seq === result.problem?.seq ? broken : undefined;
      const head = `${result.head.seq}:${result.head.hash}`;
      if (!result.ok) process.exitCode = EXIT_AUDIT_BROKEN;
      if (opts.json) return printJson({ ...result, ...(entry ? { brokenEntry: entry } : {}) });
      if (result.ok) {
        process.stdout.write(`audit log intact: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} verified${anchor ? `, consistent with anchor ${anchor.seq}` : ''}\n`);
      } else {
        process.stdout.write(`audit log BROKEN at entry ${result.problem!.seq}: ${result.problem!.reason} (${result.entries} entries verified before it)\n`);
        if (entry) process.stdout.write(`  ${entryLine(entry)}\n`);
      }
      process.stdout.write(
        result.ok
          ? `head ${head}\n  (record it somewhere else; \`bulwark audit verify --anchor ${head}\` later proves the log up to here was not rewritten)\n`
          : `head ${head} (the chain does not verify up to it)\n`,
      );
    });
}
