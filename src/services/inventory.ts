/**
 * Inventory use cases: import (atomic, with dry run), manual create/update/delete, export.
 * Ties the inventory readers, the merge engine and the asset repository together.
 */
import type { Asset, AssetFacts, Provenance, SourceKind } from '../model/asset.js';
import { InputError, NotFoundError, type Issue } from '../model/errors.js';
import { ForbiddenError } from '../model/auth.js';
import { identityKeys } from '../engine/inventory/identity.js';
import { mergeFacts, searchText, type AssetState } from '../engine/inventory/merge.js';
import { readInventory, detectInventoryFormat, type InventoryFormat, type InventoryRecord } from '../formats/inventory/read.js';
import { recordToFacts } from '../formats/inventory/fields.js';
import { writeInventoryCsv, writeInventoryJson } from '../formats/inventory/write.js';
import type { Db, Store } from '../store/database.js';
import {
  assetToFacts,
  deleteAsset as deleteAssetRow,
  getAsset,
  getAssets,
  iterateAssets,
  limitedSiteNames,
  loadIdentityIndex,
  recordImport,
  updateImportCounts,
  writeAssets,
  type AssetWrite,
  type ObservationWrite,
} from '../store/repositories/assets.js';
import { newId } from '../util/ids.js';
import { withIndexesDeferred, worthDeferringInto } from '../store/deferred-indexes.js';
import { refreshStatistics, STATISTICS_AFTER } from '../store/statistics.js';
import { assertSiteWritable, assertWritable, type Scope } from '../model/scope.js';
import { verifyAfterInventoryChange } from './remediation.js';

/** Confidence given to each source kind's statements unless the source says otherwise. */
export const DEFAULT_CONFIDENCE: Record<SourceKind, number> = {
  manual: 1,
  import: 0.9,
  collector: 0.85,
  sbom: 0.8,
  discovery: 0.7,
  demo: 0.9,
};

export interface ImportOptions {
  /** The organisation imported into (and, for a site-limited account, the sites it may write). */
  scope: Scope;
  /** Shown in provenance, e.g. the file name. */
  sourceName: string;
  sourceKind?: SourceKind;
  format?: InventoryFormat;
  /** Default site for records that name none. */
  site?: string;
  dryRun?: boolean;
  /** Called as records are written (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportChange {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  assetId: string;
  name: string;
  /** Attributes whose value changed. */
  changed: string[];
  /** How the record was matched to an existing asset. */
  matchedBy?: string;
}

export interface ImportReport {
  dryRun: boolean;
  format: InventoryFormat;
  source: string;
  /** Records read; every record is counted once as created, updated or unchanged. */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The first MAX_REPORTED_CHANGES changes; the counts above cover all. */
  changes: ImportChange[];
}

export const MAX_REPORTED_CHANGES = 1000;

/** Reads and imports an inventory file. Either every record lands or none does. */
export async function importInventoryFile(store: Store, bytes: Buffer, options: ImportOptions): Promise<ImportReport> {
  const format = options.format ?? detectInventoryFormat(bytes);
  const records = readInventory(bytes, format, { file: options.sourceName });
  return importRecords(store, records, { ...options, format });
}

/** Records merged and written per step: bounds memory, and keeps most objects short-lived. */
const IMPORT_CHUNK = 5000;

interface PendingState {
  state: AssetState;
  createdAt: string;
  existed: boolean;
  changed: boolean;
}

/**
 * Imports validated records. Records are merged in file order and written chunk by chunk inside
 * one transaction, so either every record lands or none does. A dry run merges the same way and
 * writes nothing. A record that describes an asset written by an earlier chunk reads it back from
 * the transaction like any existing asset.
 */
export async function importRecords(
  store: Store,
  records: InventoryRecord[],
  options: ImportOptions & { format: InventoryFormat },
): Promise<ImportReport> {
  const sourceKind = options.sourceKind ?? 'import';
  const observedAt = new Date().toISOString();
  const importId = newId();
  const confidence = DEFAULT_CONFIDENCE[sourceKind];
  const dryRun = options.dryRun ?? false;
  const report: ImportReport = {
    dryRun,
    format: options.format,
    source: options.sourceName,
    total: records.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    changes: [],
  };
  assertWritable(options.scope);
  const orgId = options.scope.orgId;
  const index = await loadIdentityIndex(store.db, orgId);
  // A site-limited account imports only into its sites (the whole import is refused otherwise).
  const writableSites = await limitedSiteNames(store.db, options.scope);
  const newWithoutName: Issue[] = [];
  for (const r of records) if (options.site && !r.facts.site) r.facts.site = options.site;

  /** Merges one chunk into `states`; returns the observations of the records that changed something. */
  const mergeChunk = async (
    db: Db,
    chunk: InventoryRecord[],
    states: Map<string, PendingState>,
    writesDone: () => Promise<void> = async () => undefined,
  ): Promise<ObservationWrite[]> => {
    const keysOf = chunk.map((r) => identityKeys(r.facts, options.site));
    if (!index.isEmpty) {
      const wanted = new Set<string>();
      for (const keys of keysOf) {
        const m = index.resolveKeys(keys);
        if (m && !states.has(m.assetId)) wanted.add(m.assetId);
      }
      // An asset read back must include what earlier chunks wrote.
      if (wanted.size > 0) await writesDone();
      for (const [id, asset] of await getAssets(db, options.scope, [...wanted])) {
        states.set(id, { state: { facts: assetToFacts(asset), provenance: asset.provenance }, createdAt: asset.createdAt, existed: true, changed: false });
      }
    }
    const observations: ObservationWrite[] = [];
    for (const [i, record] of chunk.entries()) {
      const match = index.resolveKeys(keysOf[i]!);
      const assetId = match?.assetId ?? newId();
      const current = states.get(assetId) ?? null;
      const where = record.pointer !== undefined ? `${options.sourceName} ${record.pointer}` : `${options.sourceName} line ${record.line}`;
      if (match && !current && writableSites !== null) {
        // Every asset the scope sees was loaded above: this one is in a site the account may not write.
        throw new ForbiddenError(`${where} describes an existing asset (by ${match.key}) outside your account's sites; nothing was imported`, 'site-limited');
      }
      const observationId = newId();
      const provenance: Provenance = { sourceKind, sourceName: options.sourceName, observationId, observedAt, confidence };
      const { state, changed } = mergeFacts(current?.state ?? null, record.facts, provenance);
      if (changed.length > 0 || !current) assertSiteWritable(writableSites, state.facts.site, `the asset of ${where}`);
      if (!current) {
        if (!state.facts.name) {
          const place = record.pointer !== undefined ? { pointer: `${record.pointer}/name` } : { line: record.line, column: 'name' };
          newWithoutName.push({ file: options.sourceName, ...place, code: 'missing-name', message: 'a new asset needs a name (no existing asset matched this record)' });
          continue;
        }
        if (!state.facts.kind) state.facts.kind = 'other';
        states.set(assetId, { state, createdAt: observedAt, existed: false, changed: true });
        index.add(assetId, state.facts);
        report.created++;
        pushChange(report, { line: record.line, action: 'create', assetId, name: state.facts.name ?? '', changed });
      } else if (changed.length > 0) {
        states.set(assetId, { ...current, state, changed: true });
        index.add(assetId, state.facts);
        report.updated++;
        pushChange(report, { line: record.line, action: 'update', assetId, name: state.facts.name ?? '', changed, matchedBy: match?.key });
      } else {
        report.unchanged++;
        pushChange(report, { line: record.line, action: 'unchanged', assetId, name: state.facts.name ?? '', changed: [], matchedBy: match?.key });
        continue;
      }
      observations.push({ id: observationId, assetId, importId, sourceKind, sourceName: options.sourceName, observedAt, confidence, facts: record.facts });
    }
    return observations;
  };

  const rejectNewWithoutName = () => {
    if (newWithoutName.length === 0) return;
    throw new InputError(`${options.sourceName}: ${newWithoutName.length} record(s) describe a new asset without a name; nothing was imported`, {
      issues: newWithoutName.slice(0, 1000),
      details: { issues: newWithoutName.slice(0, 1000), total: newWithoutName.length },
    });
  };

  if (dryRun) {
    const states = new Map<string, PendingState>();
    for (let i = 0; i < records.length; i += IMPORT_CHUNK) await mergeChunk(store.db, records.slice(i, i + IMPORT_CHUNK), states);
    rejectNewWithoutName();
    return report;
  }

  await store.db.transaction().execute(async (trx) => {
    // The import row comes first: observations refer to it.
    await recordImport(trx, { id: importId, orgId, sourceKind, sourceName: options.sourceName, format: options.format, total: report.total, created: 0, updated: 0, unchanged: 0 });
    // A first large import builds the secondary indexes once at the end (see deferred-indexes.ts).
    const deferIndexes = await worthDeferringInto(trx, 'assets', records.length);
    const writeAll = deferIndexes ? (w: () => Promise<void>) => withIndexesDeferred(trx, store.dialect, ['assets', 'asset_addresses', 'observations'], w) : (w: () => Promise<void>) => w();
    await writeAll(async () => {
      let done = 0;
      // Writes are chained, not awaited at once: on PostgreSQL the next chunk is merged while the
      // server stores the previous one (on SQLite writes are synchronous and this changes nothing).
      let writing: Promise<void> = Promise.resolve();
      const writesDone = () => writing;
      for (let i = 0; i < records.length; i += IMPORT_CHUNK) {
        const chunk = records.slice(i, i + IMPORT_CHUNK);
        const states = new Map<string, PendingState>();
        const observations = await mergeChunk(trx, chunk, states, writesDone);
        done += chunk.length;
        // After the first bad record nothing more is written, but every record is still checked.
        if (newWithoutName.length > 0) continue;
        const writes: AssetWrite[] = [];
        for (const [id, s] of states) {
          if (s.changed) writes.push({ id, state: s.state, createdAt: s.createdAt, updatedAt: observedAt, existed: s.existed });
        }
        const progress = done;
        writing = writing.then(async () => {
          await writeAssets(trx, store.sqlite, orgId, writes, observations, searchText);
          options.onProgress?.(progress, records.length);
        });
        // A failed write is reported by the final await below; meanwhile nothing else is written.
        writing.catch(() => undefined);
        // Let the server work begin before the next chunk's merge takes the thread.
        await new Promise<void>((r) => setImmediate(r));
      }
      await writing;
    });
    rejectNewWithoutName();
    await updateImportCounts(trx, importId, report);
  });
  // A large import changes the tables' shape enough for the planner to need new statistics.
  if (report.created + report.updated >= STATISTICS_AFTER) await refreshStatistics(store, ['assets', 'asset_addresses']);
  await verifyAfterInventoryChange(store, options.scope, observedAt); // firmware at a fixed version closes remediations (issue 8)
  return report;
}

function pushChange(report: ImportReport, change: ImportChange): void {
  if (report.changes.length < MAX_REPORTED_CHANGES) report.changes.push(change);
}

// ---------------------------------------------------------------------------------------------

/** Validates facts given by a person (API body or CLI) the same way imports are validated. */
export function validateManualFacts(body: Record<string, unknown>, options: { requireName: boolean }): AssetFacts {
  const issues: Issue[] = [];
  const raw: Record<string, string | string[] | number | null> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'custom' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) raw[ck] = String(cv);
    } else raw[k] = v as string | string[] | number | null;
  }
  const facts = recordToFacts(raw, { pointerBase: '' }, issues);
  if (options.requireName && !facts.name) issues.push({ pointer: '/name', code: 'missing-name', message: 'name is required' });
  if (issues.length > 0) throw new InputError(`${issues.length} invalid field(s)`, { issues });
  return facts;
}

async function writeManual(store: Store, scope: Scope, assetId: string, current: Asset | null, facts: AssetFacts, who: string): Promise<Asset> {
  assertWritable(scope);
  const observedAt = new Date().toISOString();
  const observationId = newId();
  const provenance: Provenance = { sourceKind: 'manual', sourceName: who, observationId, observedAt, confidence: DEFAULT_CONFIDENCE.manual };
  const { state } = mergeFacts(current ? { facts: assetToFacts(current), provenance: current.provenance } : null, facts, provenance, {
    replaceLists: true,
  });
  if (!state.facts.kind) state.facts.kind = 'other';
  assertSiteWritable(await limitedSiteNames(store.db, scope), state.facts.site, current ? `asset ${current.name}` : 'the new asset');
  await store.db.transaction().execute(async (trx) => {
    await writeAssets(
      trx,
      store.sqlite,
      scope.orgId,
      [{ id: assetId, state, createdAt: current?.createdAt ?? observedAt, updatedAt: observedAt, existed: current !== null }],
      [{ id: observationId, assetId, importId: null, sourceKind: 'manual', sourceName: who, observedAt, confidence: 1, facts }],
      searchText,
    );
  });
  await verifyAfterInventoryChange(store, scope, observedAt); // firmware at a fixed version closes remediations (issue 8)
  return (await getAsset(store.db, scope, assetId))!;
}

export async function createAsset(store: Store, scope: Scope, facts: AssetFacts, who = 'api'): Promise<Asset> {
  assertWritable(scope);
  const index = await loadIdentityIndex(store.db, scope.orgId);
  const match = index.resolve(facts);
  if (match) {
    throw new InputError(`an asset with the same ${match.key} already exists (${match.assetId}); update it instead`, {
      code: 'duplicate-identity',
      details: { assetId: match.assetId, key: match.key },
    });
  }
  return writeManual(store, scope, newId(), null, facts, who);
}

export async function updateAsset(store: Store, scope: Scope, id: string, facts: AssetFacts, who = 'api'): Promise<Asset> {
  assertWritable(scope);
  const current = await getAsset(store.db, scope, id);
  if (!current) throw new NotFoundError('asset', id);
  return writeManual(store, scope, id, current, facts, who);
}

export async function deleteAsset(store: Store, scope: Scope, id: string): Promise<void> {
  if (!(await deleteAssetRow(store.db, scope, id))) throw new NotFoundError('asset', id);
}

export async function exportInventory(store: Store, scope: Scope, format: InventoryFormat): Promise<string> {
  const all: (AssetFacts & { id: string })[] = [];
  for await (const a of iterateAssets(store.db, scope)) all.push({ id: a.id, ...assetToFacts(a) });
  if (format === 'csv') return writeInventoryCsv(all.map(({ id: _id, ...f }) => f));
  return writeInventoryJson(all);
}
