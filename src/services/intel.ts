/**
 * Intelligence import: detect each document's kind by content, read it with its format's reader,
 * and land it in one transaction per document. A document that cannot be read or fails validation
 * is reported (name, place, reason) and skipped; the others land. Re-importing the same bytes is a
 * no-op ("unchanged").
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { readCsafDocument } from '../formats/csaf/index.js';
import { readCve5Record } from '../formats/cve5/index.js';
import { detectIntelKind, type IntelKind } from '../formats/detect/index.js';
import { readEpssCsv } from '../formats/epss/index.js';
import { maybeGunzip } from '../formats/json/gzip.js';
import { readKevCatalog } from '../formats/kev/index.js';
import { keptRecords, readNvdDocument, streamNvdRecords } from '../formats/nvd/index.js';
import { readOsv } from '../formats/osv/index.js';
import { readZipEntries } from '../formats/zip/read.js';
import { BulwarkError, type Issue } from '../model/errors.js';
import { csafStatement, emptyBatch, kevStatement, type ImportBatch } from '../engine/intel/statements.js';
import type { CsafProductSpec } from '../model/intel.js';
import type { Store } from '../store/database.js';
import { findDocument, recordDocument, writeIntelBatch } from '../store/repositories/intel.js';

export interface IntelInput {
  name: string;
  bytes: Uint8Array;
}

export interface DocumentOutcome {
  name: string;
  kind: IntelKind;
  status: 'imported' | 'unchanged' | 'rejected';
  /** Records (vulnerabilities, KEV entries, EPSS scores, advisories) the document held. */
  records: number;
  /** Why it was rejected, or problems in the parts that were kept. */
  issues: Issue[];
  /** Vulnerabilities whose merged view changed. */
  changed?: number;
}

export interface IntelImportReport {
  documents: DocumentOutcome[];
  imported: number;
  unchanged: number;
  rejected: number;
}

export interface IntelImportOptions {
  now?: string;
  epssThreshold?: number;
  /** Largest decompressed size of one document. */
  maxBytes?: number;
}

const DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024;
const MAX_ISSUES_PER_DOCUMENT = 200;

/** Reads one document into a batch; throws typed errors for documents that must be rejected. */
export async function readIntelDocument(name: string, bytes: Uint8Array, options: IntelImportOptions = {}): Promise<{ kind: IntelKind; batch: ImportBatch; records: number; issues: Issue[] }> {
  const plain = maybeGunzip(bytes, { file: name, maxOutputBytes: options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES });
  const kind = detectIntelKind(plain);
  const batch = emptyBatch();
  const text = () => Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength).toString('utf8');
  switch (kind) {
    case 'nvd-api':
    case 'nvd-feed-1.1': {
      const doc = readNvdDocument(plain, { file: name });
      for (const r of keptRecords(doc.records)) batch.statements.push({ ids: [r.record.id, ...r.record.aliases], key: 'nvd', record: r.record, specs: r.specs });
      const issues = [...doc.issues, ...doc.records.flatMap((r) => r.issues)];
      return { kind, batch, records: doc.records.length, issues };
    }
    case 'cve5': {
      const outcome = readCve5Record(plain, { file: name });
      if (!outcome.record) throw rejection(name, 'not a usable CVE 5 record', outcome.issues);
      batch.statements.push({ ids: [outcome.record.id, ...outcome.record.aliases], key: 'cve5', record: outcome.record, specs: outcome.specs });
      return { kind, batch, records: 1, issues: outcome.issues };
    }
    case 'kev': {
      const { catalog, issues } = readKevCatalog(plain, { file: name });
      batch.statements.push(...catalog.entries.map(kevStatement));
      return { kind, batch, records: catalog.entries.length, issues };
    }
    case 'epss': {
      const { scores, issues, scoreDate } = readEpssCsv(plain, { file: name });
      if (!scoreDate && scores.length > 0) throw rejection(name, 'the EPSS file has no score date (no #model_version header); the date is needed to keep history', issues);
      batch.epss.push(...scores);
      return { kind, batch, records: scores.length, issues };
    }
    case 'csaf': {
      const result = await readCsafDocument(plain, { file: name, validate: true });
      if (result.valid === false) throw rejection(name, 'the CSAF document fails the schema or mandatory tests', result.issues);
      const { advisory, specs } = result;
      const byVuln = new Map<string, CsafProductSpec[]>();
      for (const s of specs) byVuln.set(s.vulnerabilityId, [...(byVuln.get(s.vulnerabilityId) ?? []), s]);
      for (const v of advisory.vulnerabilities) batch.statements.push(csafStatement(advisory, v, byVuln.get(v.id) ?? byVuln.get(v.cve ?? '') ?? []));
      batch.advisories.push({ record: advisory, document: text() });
      return { kind, batch, records: advisory.vulnerabilities.length, issues: result.issues };
    }
    case 'osv': {
      const { records, issues } = readOsv(plain, { file: name });
      for (const r of records) {
        batch.statements.push({ ids: [r.record.id, ...r.record.aliases], key: `osv:${r.record.id}`, record: r.record, specs: r.specs });
        // The original text is kept for single-record files; records from an array keep their parsed form.
        batch.advisories.push({ record: r.advisory, document: records.length === 1 ? text() : JSON.stringify(r.advisory) });
      }
      if (records.length === 0) throw rejection(name, 'no usable OSV record', issues);
      return { kind, batch, records: records.length, issues };
    }
    case 'zip': {
      // Archives of records: OSV's per-ecosystem all.zip, cvelistV5 release zips. Each JSON entry is
      // detected on its own; a bad entry is reported and skipped.
      const issues: Issue[] = [];
      let records = 0;
      for await (const entry of readZipEntries(Buffer.from(plain), { file: name, maxTotalBytes: options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES })) {
        const entryName = `${name}!${entry.name}`;
        if (entry.name.toLowerCase().endsWith('.zip')) {
          // cvelistV5's all_CVEs release wraps the record tree in an inner cves.zip (one level is followed).
          for await (const inner of readZipEntries(entry.bytes, { file: entryName, maxTotalBytes: options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES })) {
            if (!inner.name.toLowerCase().endsWith('.json')) continue;
            try {
              records += addArchiveEntry(batch, `${entryName}!${inner.name}`, inner.bytes, issues);
            } catch (err) {
              if (!(err instanceof BulwarkError)) throw err;
              issues.push({ ...(err.place ?? {}), file: `${entryName}!${inner.name}`, message: err.reason, code: err.code });
            }
          }
          continue;
        }
        if (!entry.name.toLowerCase().endsWith('.json')) continue;
        try {
          records += addArchiveEntry(batch, entryName, entry.bytes, issues);
        } catch (err) {
          if (!(err instanceof BulwarkError)) throw err;
          issues.push({ ...(err.place ?? {}), file: entryName, message: err.reason, code: err.code });
        }
      }
      if (records === 0) throw rejection(name, 'the zip archive holds no usable OSV or CVE 5 record', issues);
      return { kind, batch, records, issues };
    }
    case 'gzip':
      throw rejection(name, 'nested gzip compression is not supported', []);
    case 'unknown':
      throw rejection(name, 'not a known intelligence format (NVD, CVE 5, KEV, EPSS, CSAF 2.0 or OSV JSON)', []);
  }
}

/** Adds one JSON record from an archive (OSV or CVE 5) to the batch; returns how many records it held. */
function addArchiveEntry(batch: ImportBatch, name: string, bytes: Buffer, issues: Issue[]): number {
  const kind = detectIntelKind(bytes);
  if (kind === 'cve5') {
    const outcome = readCve5Record(bytes, { file: name });
    issues.push(...outcome.issues);
    if (!outcome.record) return 0;
    batch.statements.push({ ids: [outcome.record.id, ...outcome.record.aliases], key: 'cve5', record: outcome.record, specs: outcome.specs });
    return 1;
  }
  if (kind === 'osv') {
    const result = readOsv(bytes, { file: name });
    issues.push(...result.issues);
    for (const r of result.records) {
      batch.statements.push({ ids: [r.record.id, ...r.record.aliases], key: `osv:${r.record.id}`, record: r.record, specs: r.specs });
      batch.advisories.push({ record: r.advisory, document: result.records.length === 1 ? bytes.toString('utf8') : JSON.stringify(r.advisory) });
    }
    return result.records.length;
  }
  issues.push({ file: name, message: `not an OSV or CVE 5 record (looks like ${kind}); skipped` });
  return 0;
}

class DocumentRejected extends BulwarkError {
  constructor(
    readonly document: string,
    message: string,
    readonly issues: Issue[],
  ) {
    super('document-rejected', message);
  }
}

function rejection(name: string, message: string, issues: Issue[]): DocumentRejected {
  return new DocumentRejected(name, message, issues);
}

/** Imports documents one by one; each lands whole or not at all. */
export async function importIntel(store: Store, inputs: IntelInput[], options: IntelImportOptions = {}): Promise<IntelImportReport> {
  const report: IntelImportReport = { documents: [], imported: 0, unchanged: 0, rejected: 0 };
  for (const input of inputs) {
    const outcome = await importOne(store, input, options);
    report.documents.push(outcome);
    report[outcome.status]++;
  }
  return report;
}

async function importOne(store: Store, input: IntelInput, options: IntelImportOptions): Promise<DocumentOutcome> {
  const hash = createHash('sha256').update(input.bytes).digest('hex');
  const seen = await findDocument(store.db, hash);
  if (seen) return { name: input.name, kind: seen.kind as IntelKind, status: 'unchanged', records: seen.records, issues: [] };
  let read: Awaited<ReturnType<typeof readIntelDocument>>;
  try {
    read = await readIntelDocument(input.name, input.bytes, options);
  } catch (err) {
    if (err instanceof DocumentRejected) {
      return { name: input.name, kind: 'unknown', status: 'rejected', records: 0, issues: [{ file: input.name, message: err.message }, ...err.issues.slice(0, MAX_ISSUES_PER_DOCUMENT)] };
    }
    if (err instanceof BulwarkError) {
      const place = err.place ?? {};
      return { name: input.name, kind: 'unknown', status: 'rejected', records: 0, issues: [{ ...place, file: input.name, message: err.reason, code: err.code }] };
    }
    throw err;
  }
  const now = options.now ?? new Date().toISOString();
  const result = await store.db.transaction().execute(async (trx) => {
    const written = await writeIntelBatch(trx, store.sqlite, read.batch, input.name, now, options);
    await recordDocument(trx, { hash, kind: read.kind, name: input.name, records: read.records, now });
    return written;
  });
  return { name: input.name, kind: read.kind, status: 'imported', records: read.records, issues: read.issues.slice(0, MAX_ISSUES_PER_DOCUMENT), changed: result.vulnerabilities };
}

/** Files larger than this are streamed (NVD feeds of hundreds of thousands of records). */
export const STREAM_THRESHOLD_BYTES = 64 * 1024 * 1024;
const STREAM_BATCH = 2000;

/**
 * Imports one file from disk. Large NVD feeds are streamed with bounded memory and land in
 * transactions of 2,000 records; the document is marked as imported only once all of it landed,
 * so an interrupted import is simply run again (statements already stored are skipped).
 */
export async function importIntelFile(
  store: Store,
  path: string,
  options: IntelImportOptions & { name?: string; streamThresholdBytes?: number } = {},
): Promise<DocumentOutcome> {
  const name = options.name ?? path;
  const size = (await stat(path)).size;
  if (size <= (options.streamThresholdBytes ?? STREAM_THRESHOLD_BYTES)) {
    const r = await importIntel(store, [{ name, bytes: await readFile(path) }], options);
    return r.documents[0]!;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  const seen = await findDocument(store.db, digest);
  if (seen) return { name, kind: seen.kind as IntelKind, status: 'unchanged', records: seen.records, issues: [] };
  const kind = detectIntelKind(await readHead(path));
  if (kind !== 'nvd-api' && kind !== 'nvd-feed-1.1') {
    const r = await importIntel(store, [{ name, bytes: await readFile(path) }], options);
    return r.documents[0]!;
  }
  const now = options.now ?? new Date().toISOString();
  const issues: Issue[] = [];
  let records = 0;
  let changed = 0;
  let batch = emptyBatch();
  const flush = async () => {
    if (batch.statements.length === 0) return;
    const current = batch;
    batch = emptyBatch();
    const r = await store.db.transaction().execute((trx) => writeIntelBatch(trx, store.sqlite, current, name, now, options));
    changed += r.vulnerabilities;
  };
  try {
    for await (const outcome of streamNvdRecords(createReadStream(path), { file: name, maxOutputBytes: options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES * 8 })) {
      records++;
      if (issues.length < MAX_ISSUES_PER_DOCUMENT) issues.push(...outcome.issues.slice(0, MAX_ISSUES_PER_DOCUMENT - issues.length));
      if (!outcome.record) continue;
      batch.statements.push({ ids: [outcome.record.id, ...outcome.record.aliases], key: 'nvd', record: outcome.record, specs: outcome.specs });
      if (batch.statements.length >= STREAM_BATCH) await flush();
    }
    await flush();
  } catch (err) {
    if (err instanceof BulwarkError) {
      return { name, kind, status: 'rejected', records, issues: [{ ...(err.place ?? {}), file: name, message: `${err.reason} (records before this point were kept)`, code: err.code }], changed };
    }
    throw err;
  }
  await recordDocument(store.db, { hash: digest, kind, name, records, now });
  return { name, kind, status: 'imported', records, issues, changed };
}

/** The first 64 KiB of a file, decompressed when it is gzip (for content detection). */
export async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      try {
        return gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch {
        return head;
      }
    }
    return head;
  } finally {
    await handle.close();
  }
}
