import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { formatIssue, InputError, NotFoundError } from '../../model/errors.js';
import { importIntelFile, readHead, type IntelImportReport } from '../../services/intel.js';
import { createIntelBundle, importIntelBundle, looksLikeBundle } from '../../services/intel-bundle.js';
import { parseSyncTargets, syncIntel } from '../../services/intel-sync.js';
import type { Store } from '../../store/database.js';
import { VERSION } from '../../version.js';
import { getVulnerability, intelStatus } from '../../store/repositories/intel.js';
import { withStore, withTarget, type GlobalOptions } from '../context.js';
import { printJson, printTable, withProgress } from '../output.js';
import type { RemoteClient } from '../remote/client.js';

type DocumentOutcome = IntelImportReport['documents'][number];
type IntelStatus = Awaited<ReturnType<typeof intelStatus>>;
type Vulnerability = NonNullable<Awaited<ReturnType<typeof getVulnerability>>>;

/** Files under the given paths (directories walked recursively, hidden entries and symlinks skipped). */
async function* inputFiles(paths: string[]): AsyncGenerator<string> {
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new InputError(`cannot read ${p}: no such file or directory`, { code: 'unreadable-file' });
    }
    if (info.isFile()) {
      yield p;
      continue;
    }
    const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.isSymbolicLink()) continue;
      const full = join(p, e.name);
      if (e.isDirectory()) yield* inputFiles([full]);
      else if (e.isFile() && /\.(json|csv|gz|tar)$/i.test(e.name)) yield full;
    }
  }
}

async function trustedKeys(files: string[] | undefined): Promise<string[]> {
  const list = [...(files ?? []), ...(process.env.BULWARK_TRUSTED_KEYS ?? '').split(',').filter(Boolean)];
  return Promise.all(list.map((f) => readFile(f, 'utf8')));
}

function printReport(r: IntelImportReport): void {
  for (const d of r.documents) {
    if (d.status === 'rejected') {
      process.stderr.write(`rejected ${d.name}:\n`);
      for (const i of d.issues.slice(0, 10)) process.stderr.write(`  ${formatIssue(i)}\n`);
    }
  }
  process.stdout.write(`${r.documents.length} document(s): ${r.imported} imported, ${r.unchanged} unchanged, ${r.rejected} rejected\n`);
}

/** Imports files one at a time (with a progress bar), adding up their outcomes. */
async function importEach(files: string[], one: (file: string) => Promise<DocumentOutcome>): Promise<IntelImportReport> {
  return withProgress('importing', async (onProgress) => {
    const total: IntelImportReport = { documents: [], imported: 0, unchanged: 0, rejected: 0 };
    for (const [i, f] of files.entries()) {
      const d = await one(f);
      total.documents.push(d);
      total[d.status]++;
      onProgress(i + 1, files.length);
    }
    return total;
  });
}

async function importLocal(store: Store, file: string, opts: { trust?: string[]; allowUnsigned?: boolean }): Promise<DocumentOutcome> {
  if (looksLikeBundle(await readHead(file))) {
    const keys = await trustedKeys(opts.trust);
    const b = await importIntelBundle(store, createReadStream(file), { trustedKeys: keys, requireSignature: !opts.allowUnsigned, source: file });
    process.stderr.write(`bundle ${file}: ${b.files} file(s) from ${b.creator} (${b.created}), signed by ${b.signedBy ?? 'nobody'}: ${b.result.vulnerabilities} vulnerabilities updated\n`);
    return { name: file, kind: 'unknown', status: 'imported', records: b.result.changedStatements, issues: [] };
  }
  // Large NVD feeds are streamed with bounded memory; everything else is read whole.
  return importIntelFile(store, file);
}

/** One file per request: memory stays bounded, and the report names each file as given here. */
async function importRemote(api: RemoteClient, file: string): Promise<DocumentOutcome> {
  if (looksLikeBundle(await readHead(file))) {
    throw new InputError(`${file} is an intelligence bundle: the API does not import bundles; import it on the server (bulwark --db … intel import)`, { code: 'local-only' });
  }
  const name = basename(file);
  const report = await api.upload<IntelImportReport>('/api/intel/import', [{ name, data: await openAsBlob(file) }]);
  const d = report.documents[0]!;
  return { ...d, name: file, issues: d.issues.map((i) => (i.file === name ? { ...i, file } : i)) };
}

function printStatus(s: IntelStatus): void {
  printTable(['source', 'documents', 'records', 'last update', 'cursor'], s.sources.map((x) => [x.source, x.documents, x.records, x.lastUpdate, x.cursor]));
  process.stdout.write(`vulnerabilities ${s.counts.vulnerabilities}, in KEV ${s.counts.kev}, with EPSS ${s.counts.epss}, advisories ${s.counts.advisories}\n`);
}

function printVulnerability(v: Vulnerability): void {
  const lines = [
    `${v.id}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''} — ${v.status}`,
    v.title ? `title: ${v.title}` : null,
    v.description ? `description: ${v.description}` : null,
    v.cvss ? `CVSS ${v.cvss.version} ${v.cvss.baseScore} ${v.cvss.severity} ${v.cvss.vector} (by ${v.cvss.assessor ?? 'unknown'}; ${v.cvssReason})` : 'CVSS: none',
    v.epss ? `EPSS ${v.epss.score} (percentile ${v.epss.percentile ?? '?'}) on ${v.epss.date}` : 'EPSS: none',
    v.kev ? `KEV: added ${v.kev.dateAdded}, due ${v.kev.dueDate}, ransomware ${v.kev.ransomware}; ${v.kev.requiredAction ?? ''}` : 'KEV: no',
    v.ssvc ? `SSVC (CISA ADP ${v.ssvc.timestamp ?? ''}): exploitation ${v.ssvc.exploitation}, automatable ${v.ssvc.automatable}, technical impact ${v.ssvc.technicalImpact}` : null,
    `published ${v.published ?? '?'}, last modified ${v.lastModified ?? '?'}; sources: ${v.sources.join(', ')}`,
    `product specs: ${v.specs.length} (${[...new Set(v.specs.map((s) => s.kind))].join(', ') || 'none'})`,
    v.advisories.length ? `advisories: ${v.advisories.map((a) => a.id).join(', ')}` : null,
    ...v.events.map((e) => `event ${e.at} ${e.kind} ${JSON.stringify(e.detail)}`),
  ];
  process.stdout.write(lines.filter((l) => l !== null).join('\n') + '\n');
  if (v.record.metrics.length) {
    printTable(['CVSS', 'score', 'vector', 'assessor', 'type', 'source'], v.record.metrics.map((m) => [m.version, m.baseScore, m.vector, m.assessor, m.type, m.source.kind]));
  }
}

export function registerIntelCommands(program: Command): void {
  const intel = program.command('intel').description('vulnerability intelligence (NVD, CVE 5, KEV, EPSS, CSAF, OSV)');
  const globals = () => program.opts<GlobalOptions>();

  intel
    .command('import')
    .description('import intelligence files or directories; each file is detected by content and lands whole or not at all')
    .argument('<paths...>', 'files (.json, .csv, .gz, or a bundle .tar/.tar.gz) or directories')
    .option('--json', 'print the per-document report as JSON')
    .option('--trust <key-file...>', 'OpenPGP public key(s) trusted to sign bundles (also $BULWARK_TRUSTED_KEYS, comma-separated files)')
    .option('--allow-unsigned', 'accept bundles without a trusted signature (not recommended)')
    .action(async (paths: string[], opts: { json?: boolean; trust?: string[]; allowUnsigned?: boolean }) => {
      const files: string[] = [];
      for await (const f of inputFiles(paths)) files.push(f);
      const total = await withTarget(globals(), {
        local: (store) => importEach(files, (f) => importLocal(store, f, opts)),
        remote: (api) => importEach(files, (f) => importRemote(api, f)),
      });
      if (opts.json) printJson(total);
      else printReport(total);
      // A rejected document is bad input: exit 2 so that scripts notice, after the rest landed.
      if (total.rejected > 0) process.exitCode = 2;
    });

  intel
    .command('sync')
    .description('fetch from the online sources and import what changed, resuming from the stored cursor')
    .argument('[sources...]', 'nvd, kev, epss, cve5, csaf PROVIDER (a provider-metadata.json URL or domain), osv ECOSYSTEM; default: kev epss nvd')
    .option('--epss-date <YYYY-MM-DD>', 'fetch that day\'s EPSS file instead of the current one')
    .option('--nvd-url <url>', 'NVD CVE API 2.0 endpoint (mirrors, tests)')
    .option('--kev-url <url>', 'KEV catalog URL')
    .option('--epss-url <url>', 'where epss_scores-….csv.gz files live')
    .option('--osv-url <url>', 'where <ecosystem>/all.zip files live')
    .option('--cve5-releases-url <url>', 'CVE List V5 releases API (GitHub API shape)')
    .option('--trust <key-file...>', 'extra OpenPGP keys trusted for CSAF providers')
    .option('--allow-http', 'allow plain http:// CSAF providers (closed networks)')
    .option('--json', 'print the reports as JSON')
    .action(async (words: string[], opts: { epssDate?: string; nvdUrl?: string; kevUrl?: string; epssUrl?: string; osvUrl?: string; cve5ReleasesUrl?: string; trust?: string[]; allowHttp?: boolean; json?: boolean }) => {
      const targets = parseSyncTargets(words, opts.epssDate);
      await withStore(globals().db, async (store) => {
        const reports = await syncIntel(store, targets, {
          nvdUrl: opts.nvdUrl,
          nvdApiKey: process.env.BULWARK_NVD_API_KEY || undefined,
          kevUrl: opts.kevUrl,
          epssUrl: opts.epssUrl,
          osvUrl: opts.osvUrl,
          cve5ReleasesUrl: opts.cve5ReleasesUrl,
          trustedKeys: opts.trust ? await Promise.all(opts.trust.map((f) => readFile(f, 'utf8'))) : undefined,
          allowHttp: opts.allowHttp,
          onProgress: process.stderr.isTTY ? (m) => process.stderr.write(`\r${m}   `) : undefined,
        });
        if (opts.json) printJson(reports);
        else {
          for (const r of reports) {
            const imported = r.documents.filter((d) => d.status === 'imported').length;
            const rejected = r.documents.filter((d) => d.status === 'rejected').length + r.rejectedDownloads.length;
            process.stdout.write(`${r.source}: ${r.changed ? `${imported} document(s) imported` : 'no change'}${rejected ? `, ${rejected} rejected` : ''}\n`);
            for (const d of r.rejectedDownloads) process.stderr.write(`  rejected ${d.url}: ${d.reason}\n`);
          }
        }
        if (reports.some((r) => r.rejectedDownloads.length > 0 || r.documents.some((d) => d.status === 'rejected'))) process.exitCode = 2;
      }, { command: 'intel sync' });
    });

  const bundle = intel.command('bundle').description('air-gap transfer of the intelligence as a signed file');
  bundle
    .command('create')
    .description('write everything known (statements, product specs, advisories with originals, EPSS history) to one signed bundle')
    .requiredOption('--out <file>', 'bundle file to write (.tar.gz)')
    .option('--sign-key <file>', 'armored OpenPGP private key to sign with (passphrase from $BULWARK_SIGN_PASSPHRASE)')
    .option('--unsigned', 'write without a signature (the importing side must pass --allow-unsigned)')
    .action(async (opts: { out: string; signKey?: string; unsigned?: boolean }) => {
      if (!opts.signKey && !opts.unsigned) throw new InputError('give --sign-key FILE (or --unsigned to write an unsigned bundle)', { code: 'bad-usage' });
      const signingKey = opts.signKey ? { armoredKey: await readFile(opts.signKey, 'utf8'), passphrase: process.env.BULWARK_SIGN_PASSPHRASE || undefined } : undefined;
      await withStore(globals().db, async (store) => {
        await createIntelBundle(store, createWriteStream(opts.out), { signingKey, creator: `bulwark ${VERSION}` });
        process.stdout.write(`wrote ${opts.out}\n`);
      }, { command: 'intel bundle create' });
    });

  intel
    .command('status')
    .description('per source: documents, records, last update and cursor')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const s = await withTarget(globals(), {
        local: (store) => intelStatus(store.db),
        remote: (api) => api.get<IntelStatus>('/api/intel/status'),
      });
      if (opts.json) printJson(s);
      else printStatus(s);
    });

  intel
    .command('show')
    .description('everything known about one vulnerability (CVE, GHSA or other alias)')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const v = await withTarget(globals(), {
        local: async (store) => {
          const found = await getVulnerability(store.db, id);
          if (!found) throw new NotFoundError('vulnerability', id);
          return found;
        },
        remote: (api) => api.get<Vulnerability>(`/api/vulnerabilities/${encodeURIComponent(id)}`),
      });
      if (opts.json) printJson(v);
      else printVulnerability(v);
    });
}
