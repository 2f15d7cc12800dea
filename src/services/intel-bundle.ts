/**
 * Air-gap transfer of the intelligence: `createIntelBundle` writes everything the store knows
 * (source statements with product specs, advisories with their original documents, EPSS history)
 * into a signed bundle; `importIntelBundle` verifies it (signature first, then every file's hash)
 * and lands it in one transaction, so a bundle imports whole or not at all.
 */
import type { Writable } from 'node:stream';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { readBundle, writeBundle, type BundleFileInput, type SigningKeyInput } from '../formats/bundle/index.js';
import { InputError } from '../model/errors.js';
import type { AdvisoryRecord, EpssScore, ProductSpec, VulnerabilityRecord } from '../model/intel.js';
import { emptyBatch, type ImportBatch } from '../engine/intel/statements.js';
import type { Store } from '../store/database.js';
import { writeIntelBatch, type WriteResult } from '../store/repositories/intel.js';

/** Bundle file kinds written by Bulwark itself (JSON Lines, one record per line). */
export const BUNDLE_KINDS = { statements: 'bulwark-statements', advisories: 'bulwark-advisories', epss: 'bulwark-epss' } as const;
const LINES_PER_FILE = 5000;

interface StatementLine {
  vulnerabilityId: string;
  aliases: string[];
  key: string;
  record: VulnerabilityRecord;
  specs: ProductSpec[];
}

async function* bundleFiles(store: Store): AsyncGenerator<BundleFileInput> {
  const db = store.db;
  let n = 0;
  const flush = (kind: string, dir: string, lines: string[]): BundleFileInput => ({
    path: `${dir}/${String(n++).padStart(6, '0')}.jsonl`,
    kind,
    bytes: Buffer.from(lines.join('\n') + '\n'),
  });

  // Statements, a page at a time in key order, with their specs and aliases.
  let after = { vid: '', key: '' };
  for (;;) {
    const rows = await db
      .selectFrom('vulnerability_sources')
      .select(['vulnerability_id', 'source_key', 'record'])
      .where((eb) => eb.or([eb('vulnerability_id', '>', after.vid), eb.and([eb('vulnerability_id', '=', after.vid), eb('source_key', '>', after.key)])]))
      .orderBy('vulnerability_id')
      .orderBy('source_key')
      .limit(LINES_PER_FILE)
      .execute();
    if (rows.length === 0) break;
    const ids = [...new Set(rows.map((r) => r.vulnerability_id))];
    const specs = await db.selectFrom('product_specs').select(['vulnerability_id', 'source_key', 'spec']).where('vulnerability_id', 'in', ids).orderBy('id').execute();
    const aliases = await db.selectFrom('vulnerability_aliases').select(['alias', 'vulnerability_id']).where('vulnerability_id', 'in', ids).execute();
    const lines = rows.map((r) => {
      const line: StatementLine = {
        vulnerabilityId: r.vulnerability_id,
        aliases: aliases.filter((a) => a.vulnerability_id === r.vulnerability_id && a.alias !== r.vulnerability_id).map((a) => a.alias),
        key: r.source_key,
        record: JSON.parse(r.record) as VulnerabilityRecord,
        specs: specs.filter((s) => s.vulnerability_id === r.vulnerability_id && s.source_key === r.source_key).map((s) => JSON.parse(s.spec) as ProductSpec),
      };
      return JSON.stringify(line);
    });
    yield flush(BUNDLE_KINDS.statements, 'statements', lines);
    const last = rows[rows.length - 1]!;
    after = { vid: last.vulnerability_id, key: last.source_key };
    if (rows.length < LINES_PER_FILE) break;
  }

  let afterAdvisory = '';
  for (;;) {
    const rows = await db.selectFrom('advisories').select(['id', 'record', 'document']).where('id', '>', afterAdvisory).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    yield flush(BUNDLE_KINDS.advisories, 'advisories', rows.map((r) => JSON.stringify({ record: JSON.parse(r.record) as unknown, document: r.document })));
    afterAdvisory = rows[rows.length - 1]!.id;
  }

  let afterEpss = { cve: '', date: '' };
  for (;;) {
    const rows = await db
      .selectFrom('epss_scores')
      .selectAll()
      .where((eb) => eb.or([eb('cve_id', '>', afterEpss.cve), eb.and([eb('cve_id', '=', afterEpss.cve), eb('score_date', '>', afterEpss.date)])]))
      .orderBy('cve_id')
      .orderBy('score_date')
      .limit(LINES_PER_FILE * 10)
      .execute();
    if (rows.length === 0) break;
    const lines = rows.map((r) =>
      JSON.stringify({ cveId: r.cve_id, epss: Number(r.epss), percentile: r.percentile === null ? undefined : Number(r.percentile), modelVersion: r.model_version ?? undefined, scoreDate: r.score_date } satisfies EpssScore),
    );
    yield flush(BUNDLE_KINDS.epss, 'epss', lines);
    const last = rows[rows.length - 1]!;
    afterEpss = { cve: last.cve_id, date: last.score_date };
  }
}

export async function createIntelBundle(store: Store, out: Writable, options: { signingKey?: SigningKeyInput; creator?: string; gzip?: boolean } = {}): Promise<void> {
  await writeBundle({ files: bundleFiles(store), signingKey: options.signingKey, creator: options.creator ?? 'bulwark', gzip: options.gzip ?? true }, out);
}

function parseLines<T>(bytes: Uint8Array, path: string): T[] {
  const text = Buffer.from(bytes).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch (err) {
        throw new InputError(`malformed JSON line: ${(err as Error).message}`, { code: 'malformed-json', place: { file: path, line: i + 1 } });
      }
    });
}

function batchOf(kind: string, bytes: Uint8Array, path: string): ImportBatch {
  const batch = emptyBatch();
  if (kind === BUNDLE_KINDS.statements) {
    for (const s of parseLines<StatementLine>(bytes, path)) batch.statements.push({ ids: [s.vulnerabilityId, ...s.aliases], key: s.key, record: s.record, specs: s.specs });
  } else if (kind === BUNDLE_KINDS.advisories) {
    for (const a of parseLines<{ record: AdvisoryRecord; document: string }>(bytes, path)) batch.advisories.push(a);
  } else if (kind === BUNDLE_KINDS.epss) {
    batch.epss.push(...parseLines<EpssScore>(bytes, path));
  } else {
    throw new InputError(`unknown bundle file kind "${kind}"`, { code: 'unsupported-bundle-kind', place: { file: path } });
  }
  return batch;
}

export interface BundleImportReport {
  files: number;
  signedBy: string | null;
  created: string;
  creator: string;
  result: WriteResult;
}

/** True when the bytes look like a bundle (a ustar archive, possibly gzip-compressed). */
export function looksLikeBundle(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Only the first block is needed: decompress a prefix without requiring the stream's end.
      const head = gunzipSync(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      return head.subarray(257, 262).toString('latin1') === 'ustar';
    } catch {
      return false;
    }
  }
  return Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar';
}

export async function importIntelBundle(
  store: Store,
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: { trustedKeys: string[]; requireSignature?: boolean; source?: string; now?: string },
): Promise<BundleImportReport> {
  const { manifest, signature, files } = await readBundle(input, { trustedKeys: options.trustedKeys, requireSignature: options.requireSignature ?? true, source: options.source });
  const now = options.now ?? new Date().toISOString();
  const total: WriteResult = { vulnerabilities: 0, changedStatements: 0, events: 0 };
  let count = 0;
  // One transaction: a file failing its hash at the end of the archive rolls back everything.
  await store.db.transaction().execute(async (trx) => {
    for await (const file of files) {
      const r = await writeIntelBatch(trx, store.sqlite, batchOf(file.kind, file.bytes, file.path), `${options.source ?? 'bundle'}:${file.path}`, now);
      total.vulnerabilities += r.vulnerabilities;
      total.changedStatements += r.changedStatements;
      total.events += r.events;
      count++;
    }
  });
  return { files: count, signedBy: signature.keyFingerprint ?? null, created: manifest.created, creator: manifest.creator, result: total };
}
