/**
 * SBOM use cases: import (CycloneDX, SPDX, OpenVEX; attached to a product version, an asset or
 * nothing; one transaction), quality, export (CycloneDX 1.6 JSON/XML with VEX, SPDX 2.3 JSON),
 * diff, and the components an asset runs (its own SBOM plus the one of its product version).
 */
import { createHash } from 'node:crypto';
import { readSbom } from '../engine/sbom/read.js';
import { scoreSbom, type SbomQualityReport } from '../engine/sbom/quality.js';
import { componentKey, diffSboms, type ChangedField } from '../engine/sbom/diff.js';
import { decodeInput, DEFAULT_MAX_BYTES } from '../formats/cyclonedx/input.js';
import { STATUS_TO_STATE } from '../formats/cyclonedx/vex.js';
import { writeCycloneDxJson, writeCycloneDxXml, componentsOf } from '../formats/cyclonedx/write.js';
import { readOpenVex } from '../formats/openvex/read.js';
import { writeSpdxJson } from '../formats/spdx/write.js';
import { InputError, NotFoundError } from '../model/errors.js';
import { flattenComponents, type SbomComponent, type SbomDocument, type SbomIssue, type VexStatement } from '../model/sbom.js';
import type { Store } from '../store/database.js';
import { getAsset } from '../store/repositories/assets.js';
import { assertOrganisationWide, assertWritable, type Scope } from '../model/scope.js';
import {
  assetsOfProductVersion,
  deleteSbom,
  ensureProductVersion,
  findProductVersion,
  findSameImport,
  getProductVersion,
  getSbom,
  latestSbomId,
  loadSbomDocument,
  productVersionsOfAsset,
  vexDocumentIds,
  vexNamingRefs,
  listVex,
  writeSbom,
} from '../store/repositories/sbom.js';
import type { ProductVersion, ProductVersionSpec, SbomImportReport, SbomSummary } from '../model/sbom-views.js';
import { newId } from '../util/ids.js';
import { downloadFileName } from '../util/file-names.js';

export type { ProductVersionSpec, SbomImportReport } from '../model/sbom-views.js';

/** Originals up to this size are kept in the database (served back as imported); larger ones only by hash. */
export const MAX_KEPT_DOCUMENT_BYTES = 32 * 1024 * 1024;
/** Issues reported per import (the count is always exact). */
const MAX_REPORTED_ISSUES = 200;

export const EXPORT_FORMATS = ['cyclonedx-json', 'cyclonedx-xml', 'spdx-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `VENDOR/PRODUCT/VERSION`; the product may itself hold slashes (`S7-1516-3 PN/DP`). */
export function parseProductSpec(text: string): ProductVersionSpec {
  const first = text.indexOf('/');
  const last = text.lastIndexOf('/');
  const vendor = first > 0 ? text.slice(0, first).trim() : '';
  const product = first > 0 && last > first ? text.slice(first + 1, last).trim() : '';
  const version = last > first ? text.slice(last + 1).trim() : '';
  if (!vendor || !product || !version) {
    throw new InputError(`product "${text}" is not VENDOR/PRODUCT/VERSION (e.g. "Siemens/SIMATIC S7-1500/V3.1")`, { code: 'invalid-product' });
  }
  if (text.length > 600) throw new InputError('product spec is longer than 600 characters', { code: 'invalid-product' });
  return { vendor, product, version };
}

export function formatProductSpec(pv: ProductVersionSpec): string {
  return `${pv.vendor}/${pv.product}/${pv.version}`;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ReadDocument {
  kind: 'sbom' | 'vex';
  format: 'cyclonedx' | 'spdx' | 'openvex';
  specVersion: string;
  encoding: string;
  name: string;
  serialNumber: string | null;
  bomVersion: number | null;
  /** Null for OpenVEX (statements only). */
  document: SbomDocument | null;
  vex: VexStatement[];
  issues: SbomIssue[];
  quality: SbomQualityReport | null;
}

/** OpenVEX: a JSON object with `@context` and `statements` (some producers leave `@context` empty). */
function looksLikeOpenVex(text: string): boolean {
  const head = text.slice(0, 65536);
  if (!head.trimStart().startsWith('{') || /"(bomFormat|spdxVersion|@graph)"\s*:/.test(head)) return false;
  return /"@context"\s*:\s*"(https?:\/\/openvex\.dev\/[^"]*)?"/.test(head) && /"statements"\s*:/.test(text);
}

/** Reads any supported document: SBOM (CycloneDX, SPDX) or VEX (OpenVEX, CycloneDX VEX). Throws InputError/LimitError when unreadable. */
export async function readSbomDocument(name: string, bytes: Uint8Array, options: { maxBytes?: number } = {}): Promise<ReadDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return readSbomText(name, decodeInput(bytes, { maxBytes }), maxBytes);
}

async function readSbomText(name: string, text: string, maxBytes: number): Promise<ReadDocument> {
  if (looksLikeOpenVex(text)) {
    const vex = readOpenVex(text, { maxBytes });
    // `https://openvex.dev/ns` without a version is the v0.0.x vocabulary; an empty context says nothing.
    const context = /"@context"\s*:\s*"([^"]*)"/.exec(text.slice(0, 65536))?.[1] ?? '';
    const version = context ? (/\/(v\d[\d.]*)$/.exec(context)?.[1] ?? 'v0.0.1') : 'unknown';
    return {
      kind: 'vex',
      format: 'openvex',
      specVersion: version.replace(/^v/, ''),
      encoding: 'json',
      name: vex.id ?? name,
      serialNumber: vex.id ?? null,
      bomVersion: vex.version ?? null,
      document: null,
      vex: vex.statements,
      issues: vex.issues,
      quality: null,
    };
  }
  const { document, issues } = await readSbom(text, { maxBytes });
  const all = flattenComponents(document.components);
  const kind = all.length === 0 && document.vex.length > 0 ? 'vex' : 'sbom';
  const subject = document.metadata.component;
  return {
    kind,
    format: document.format,
    specVersion: document.specVersion,
    encoding: document.encoding,
    name: document.name ?? (subject ? `${subject.name}${subject.version ? ` ${subject.version}` : ''}` : name),
    serialNumber: document.serialNumber ?? null,
    bomVersion: document.version ?? null,
    document,
    vex: document.vex,
    issues,
    quality: kind === 'sbom' ? scoreSbom(document) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Import

export interface SbomImportOptions {
  /** The organisation imported into. */
  scope: Scope;
  /** Attach to this asset (id). */
  assetId?: string;
  /** Attach to this product version (created when new). */
  product?: ProductVersionSpec;
  /** Import even when the document breaks its schema (errors are kept as issues). Default: refuse. */
  allowInvalid?: boolean;
  now?: string;
  maxBytes?: number;
}

/** Imports one document; everything lands in one transaction or nothing does. */
export async function importSbom(store: Store, input: { name: string; bytes: Uint8Array }, options: SbomImportOptions): Promise<SbomImportReport> {
  const scope = options.scope;
  assertWritable(scope);
  // An SBOM of a product version applies to every asset running it, in every site.
  if (!options.assetId) assertOrganisationWide(scope, 'an SBOM not attached to an asset');
  if (options.assetId && options.product) throw new InputError('attach to an asset or to a product version, not both', { code: 'bad-usage' });
  const asset = options.assetId ? await getAsset(store.db, scope, options.assetId) : null;
  if (options.assetId && !asset) throw new NotFoundError('asset', options.assetId);

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Decoded once: the reader parses this text and the store keeps it as the original.
  const text = decodeInput(input.bytes, { maxBytes });
  const read = await readSbomText(input.name, text, maxBytes);
  const errors = read.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !options.allowInvalid) {
    throw new InputError(`${input.name}: ${errors.length} error(s) against the ${read.format} ${read.specVersion} standard; nothing was imported (first: ${errors[0]?.message ?? ''})`, {
      code: 'invalid-sbom',
      issues: errors.slice(0, MAX_REPORTED_ISSUES),
    });
  }
  if (read.kind === 'sbom' && read.document && componentsOf(read.document).length === 0) {
    throw new InputError(`${input.name}: the document lists no components and no VEX statements; there is nothing to import`, { code: 'empty-sbom' });
  }

  const contentHash = createHash('sha256').update(input.bytes).digest('hex');
  const now = options.now ?? new Date().toISOString();
  const existingPv = options.product ? await findProductVersion(store.db, options.product) : null;
  // A product version that does not exist yet holds no earlier import of these bytes.
  const sameId = options.product && !existingPv ? null : await findSameImport(store.db, scope.orgId, contentHash, { productVersionId: existingPv?.id ?? null, assetId: asset?.id ?? null });
  if (sameId) {
    const existing = (await getSbom(store.db, scope, sameId))!;
    return reportOf(existing, 'unchanged', existing.issues, existing.issueCount, await inheritedCount(store, scope, existing.productVersion));
  }

  const id = newId();
  const productVersion = await store.db.transaction().execute(async (trx) => {
    const pv = options.product ? await ensureProductVersion(trx, options.product, now) : null;
    await writeSbom(trx, store.sqlite, {
      id,
      orgId: scope.orgId,
      kind: read.kind,
      name: read.name.slice(0, 500),
      sourceName: input.name.slice(0, 500),
      format: read.format,
      specVersion: read.specVersion,
      encoding: read.encoding,
      serialNumber: read.serialNumber,
      bomVersion: read.bomVersion,
      document: read.document,
      quality: read.quality,
      vex: read.vex,
      issues: read.issues,
      contentHash,
      documentSize: input.bytes.byteLength,
      original: keptOriginal(input.bytes, text),
      productVersionId: pv?.id ?? null,
      assetId: asset?.id ?? null,
      importedAt: now,
    });
    return pv;
  });
  const stored = (await getSbom(store.db, scope, id))!;
  return reportOf(stored, 'imported', read.issues, read.issues.length, await inheritedCount(store, scope, productVersion));
}

/**
 * The original text when small enough, and storable (PostgreSQL text cannot hold NUL): the decoded
 * text itself, which is the UTF-8 decoding of the bytes unless a byte-order mark was dropped.
 */
function keptOriginal(bytes: Uint8Array, decoded: string): string | null {
  if (bytes.byteLength > MAX_KEPT_DOCUMENT_BYTES || bytes.includes(0)) return null;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : decoded;
}

async function inheritedCount(store: Store, scope: Scope, pv: ProductVersion | null): Promise<number> {
  return pv ? (await assetsOfProductVersion(store.db, scope, pv)).length : 0;
}

function reportOf(s: SbomSummary & { quality?: { gapCount: number } | null }, status: 'imported' | 'unchanged', issues: SbomIssue[], issueCount: number, inheritedBy: number): SbomImportReport {
  return {
    id: s.id,
    status,
    kind: s.kind,
    name: s.name,
    sourceName: s.sourceName,
    format: s.format,
    specVersion: s.specVersion,
    encoding: s.encoding,
    components: s.componentCount,
    dependencies: s.dependencyCount,
    vexStatements: s.vexCount,
    aiComponents: s.aiCount,
    quality: s.ntiaScore === null || s.cisaScore === null ? null : { ntiaScore: s.ntiaScore, cisaScore: s.cisaScore, componentsWithGaps: s.quality?.gapCount ?? 0 },
    productVersion: s.productVersion,
    asset: s.asset,
    inheritedBy,
    issueCount,
    issues: issues.slice(0, MAX_REPORTED_ISSUES),
  };
}

export async function removeSbom(store: Store, scope: Scope, id: string): Promise<void> {
  const removed = await store.db.transaction().execute((trx) => deleteSbom(trx, scope, id));
  if (!removed) throw new NotFoundError('SBOM', id);
}

// ---------------------------------------------------------------------------------------------
// Quality

export interface QualityResult {
  name: string;
  format: string;
  specVersion: string;
  encoding: string;
  kind: 'sbom' | 'vex';
  quality: SbomQualityReport | null;
  issues: SbomIssue[];
}

/** Scores a file without storing it (works without a database). */
export async function sbomQuality(name: string, bytes: Uint8Array): Promise<QualityResult> {
  const read = await readSbomDocument(name, bytes);
  return { name: read.name, format: read.format, specVersion: read.specVersion, encoding: read.encoding, kind: read.kind, quality: read.quality, issues: read.issues };
}

// ---------------------------------------------------------------------------------------------
// What an asset runs

export interface AppliedSbom {
  sbom: SbomSummary;
  /** `asset`: attached to the asset itself; `product-version`: inherited from its vendor/model/firmware. */
  via: 'asset' | 'product-version';
}

export async function sbomsOfAsset(
  store: Store,
  scope: Scope,
  assetId: string,
): Promise<{ asset: { id: string; name: string; vendor: string | null; model: string | null; firmware: string | null }; productVersions: ProductVersion[]; sboms: AppliedSbom[] }> {
  const asset = await getAsset(store.db, scope, assetId);
  if (!asset) throw new NotFoundError('asset', assetId);
  const applied: AppliedSbom[] = [];
  const own = await latestSbomId(store.db, scope, { assetId });
  if (own) applied.push({ sbom: (await getSbom(store.db, scope, own))!, via: 'asset' });
  // An asset inherits the product-version SBOMs of its own organisation; a partner sees only
  // SBOMs shared with it, and an inheritance it cannot verify is not shown.
  const pvs = scope.view === 'own' ? await productVersionsOfAsset(store.db, asset) : [];
  for (const pv of pvs) {
    const id = await latestSbomId(store.db, scope, { productVersionId: pv.id });
    if (id) applied.push({ sbom: (await getSbom(store.db, scope, id))!, via: 'product-version' });
  }
  return { asset: { id: asset.id, name: asset.name, vendor: asset.vendor, model: asset.model, firmware: asset.firmware }, productVersions: pvs, sboms: applied };
}

// ---------------------------------------------------------------------------------------------
// Export

export type ExportTarget = { sbomId: string } | { assetId: string } | { product: ProductVersionSpec } | { productVersionId: string };

export interface ExportOptions {
  /** Further VEX statements to include (e.g. findings' analyses); product refs are purls or bom-refs. */
  statements?: readonly VexStatement[];
}

export interface ExportResult {
  body: string;
  contentType: string;
  fileName: string;
  components: number;
  vexStatements: number;
}

async function documentsFor(store: Store, scope: Scope, target: ExportTarget): Promise<{ label: string; docs: SbomDocument[]; sbomIds: string[]; vexTargets: { productVersionId?: string | null; assetId?: string | null }; subject?: SbomComponent }> {
  if ('sbomId' in target) {
    const doc = await loadSbomDocument(store.db, scope, target.sbomId);
    const summary = await getSbom(store.db, scope, target.sbomId);
    if (!doc || !summary) throw new NotFoundError('SBOM', target.sbomId);
    return { label: summary.name, docs: [doc], sbomIds: [target.sbomId], vexTargets: { productVersionId: summary.productVersion?.id, assetId: summary.asset?.id } };
  }
  if ('assetId' in target) {
    const { asset, sboms, productVersions } = await sbomsOfAsset(store, scope, target.assetId);
    if (sboms.length === 0) throw new NotFoundError('SBOM for asset', target.assetId);
    const docs = await Promise.all(sboms.map(async (s) => (await loadSbomDocument(store.db, scope, s.sbom.id))!));
    const subject: SbomComponent = {
      ref: `asset:${asset.id}`,
      type: 'device',
      name: asset.model ?? asset.name,
      version: asset.firmware ?? undefined,
      supplier: asset.vendor ? { kind: 'organization', name: asset.vendor } : undefined,
      hashes: [],
      licenses: [],
      licenseNames: [],
      externalReferences: [],
      properties: [{ name: 'bulwark:asset', value: asset.name }],
      components: [],
      place: {},
    };
    return { label: asset.name, docs, sbomIds: sboms.map((s) => s.sbom.id), vexTargets: { assetId: asset.id, productVersionId: productVersions[0]?.id }, subject };
  }
  const pv = 'productVersionId' in target ? await getProductVersion(store.db, target.productVersionId) : await findProductVersion(store.db, target.product);
  if (!pv) throw new NotFoundError('product version', 'productVersionId' in target ? target.productVersionId : formatProductSpec(target.product));
  const id = await latestSbomId(store.db, scope, { productVersionId: pv.id });
  if (!id) throw new NotFoundError('SBOM for product version', formatProductSpec(pv));
  return { label: formatProductSpec(pv), docs: [(await loadSbomDocument(store.db, scope, id))!], sbomIds: [id], vexTargets: { productVersionId: pv.id } };
}

/**
 * Several SBOMs (an asset's own and its product version's) as one document: the asset as the
 * subject, each SBOM's subject and components under it, refs kept unless two documents clash.
 */
export function mergeDocuments(docs: SbomDocument[], subject: SbomComponent, name: string): SbomDocument {
  const used = new Set<string>([subject.ref]);
  const merged: SbomDocument = {
    format: 'cyclonedx',
    specVersion: '1.6',
    encoding: 'json',
    name,
    metadata: {
      timestamp: new Date().toISOString(),
      tools: [{ name: 'bulwark' }],
      authors: [],
      lifecycles: ['operations'],
      component: { ...subject, components: [] },
      describes: [subject.ref],
      completeness: [],
    },
    components: [],
    dependencies: [],
    otherRefs: [],
    vex: [],
  };
  docs.forEach((doc, n) => {
    const rename = new Map<string, string>();
    const fix = (c: SbomComponent): SbomComponent => {
      let ref = c.ref;
      if (used.has(ref)) ref = `${c.ref}#${n + 1}`;
      for (let k = 2; used.has(ref); k++) ref = `${c.ref}#${n + 1}.${k}`;
      used.add(ref);
      if (!rename.has(c.ref)) rename.set(c.ref, ref);
      return { ...c, ref, components: c.components.map(fix) };
    };
    const tops = [...(doc.metadata.component ? [doc.metadata.component] : []), ...doc.components].map(fix);
    merged.components.push(...tops);
    for (const t of tops) merged.dependencies.push({ from: subject.ref, to: t.ref, kind: 'contains' });
    for (const d of doc.dependencies) merged.dependencies.push({ ...d, from: rename.get(d.from) ?? d.from, to: rename.get(d.to) ?? d.to });
    for (const s of doc.vex) merged.vex.push({ ...s, productRefs: s.productRefs.map((r) => rename.get(r) ?? r) });
  });
  return merged;
}

/** Keeps statements that name an exported component (by bom-ref or purl); OpenVEX subcomponents become the affected refs. */
const FINDING_VEX_STATUS: Record<string, VexStatement['status']> = {
  affected: 'affected',
  not_affected: 'not_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
  cannot_decide: 'under_investigation',
};

/** Open findings on the components of these SBOMs, as VEX statements naming the component. */
async function findingStatements(store: Store, sbomIds: string[]): Promise<VexStatement[]> {
  if (sbomIds.length === 0) return [];
  const rows = await store.db
    .selectFrom('findings as f')
    .innerJoin('sbom_components as c', (j) => j.onRef('c.sbom_id', '=', 'f.sbom_id').onRef('c.idx', '=', 'f.component_idx'))
    .select(['f.vulnerability_id', 'f.status', 'f.justification', 'f.reason', 'f.updated_at', 'c.ref', 'c.purl'])
    .where('f.sbom_id', 'in', sbomIds)
    .where('f.resolved_at', 'is', null)
    .orderBy('f.vulnerability_id')
    .execute();
  return rows.map((r) => {
    const status = FINDING_VEX_STATUS[r.status] ?? 'under_investigation';
    return {
      vulnerabilityId: r.vulnerability_id,
      aliases: [],
      productRefs: [r.purl ?? r.ref],
      subcomponentRefs: [],
      status,
      justification: (r.justification ?? undefined) as VexStatement['justification'],
      statusNotes: r.status === 'cannot_decide' ? `Bulwark could not decide: ${r.reason}` : `Bulwark: ${r.reason}`,
      responses: status === 'fixed' ? ['update'] : [],
      original: { format: 'cyclonedx', status: STATUS_TO_STATE[status] },
      timestamp: r.updated_at,
      place: {},
    };
  });
}

function statementsFor(doc: SbomDocument, statements: readonly VexStatement[]): VexStatement[] {
  const refs = new Set<string>();
  for (const c of componentsOf(doc)) {
    refs.add(c.ref);
    if (c.purl) refs.add(c.purl);
  }
  const out: VexStatement[] = [];
  const seen = new Set<string>();
  for (const s of statements) {
    const sub = s.subcomponentRefs.filter((r) => refs.has(r));
    const products = sub.length > 0 ? sub : s.productRefs.filter((r) => refs.has(r));
    if (products.length === 0) continue;
    const key = `${s.vulnerabilityId}\u0000${s.status}\u0000${products.sort().join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...s, productRefs: products });
  }
  return out;
}

export async function exportSbom(store: Store, scope: Scope, target: ExportTarget, format: ExportFormat, options: ExportOptions = {}): Promise<ExportResult> {
  const { label, docs, sbomIds, vexTargets, subject } = await documentsFor(store, scope, target);
  const doc = docs.length === 1 && !subject ? docs[0]! : mergeDocuments(docs, subject!, label);
  const refs = componentsOf(doc).flatMap((c) => (c.purl ? [c.ref, c.purl] : [c.ref]));
  const attachedVex = await listVex(store.db, await vexDocumentIds(store.db, scope, vexTargets));
  // VEX of other organisations' documents never reaches an export (a partner sees the owner's).
  const owners = [...new Set((await store.db.selectFrom('sboms').select('org_id').where('id', 'in', sbomIds.length > 0 ? sbomIds : ['']).execute()).map((r) => r.org_id))];
  const namingVex = (await Promise.all(owners.map((o) => vexNamingRefs(store.db, o, refs)))).flat();
  // Bulwark's own findings on these components come after the documents' statements: the
  // writers keep one analysis per vulnerability and component, the first given.
  const findings = await findingStatements(store, sbomIds);
  const statements = [...doc.vex, ...statementsFor(doc, [...attachedVex, ...namingVex, ...(options.statements ?? []), ...findings])];
  const base = downloadFileName(label, 'sbom');
  const components = componentsOf(doc).length;
  switch (format) {
    case 'cyclonedx-json':
      return { body: writeCycloneDxJson(doc, statements), contentType: 'application/vnd.cyclonedx+json; version=1.6', fileName: `${base}.cdx.json`, components, vexStatements: statements.length };
    case 'cyclonedx-xml':
      return { body: writeCycloneDxXml(doc, statements), contentType: 'application/vnd.cyclonedx+xml; version=1.6', fileName: `${base}.cdx.xml`, components, vexStatements: statements.length };
    case 'spdx-json':
      return { body: writeSpdxJson(doc), contentType: 'application/spdx+json', fileName: `${base}.spdx.json`, components, vexStatements: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// Diff

export type DiffSide = { file: { name: string; bytes: Uint8Array } } | { sbomId: string } | { product: ProductVersionSpec } | { productVersionId: string };

export interface DiffComponent {
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  type: string;
}

export interface SbomDiffReport {
  before: string;
  after: string;
  added: DiffComponent[];
  removed: DiffComponent[];
  changed: Array<{ key: string; before: DiffComponent; after: DiffComponent; changes: Array<{ field: ChangedField; before?: string | string[]; after?: string | string[] }> }>;
  unchanged: number;
}

function diffComponent(c: SbomComponent): DiffComponent {
  return { ref: c.ref, name: c.name, version: c.version ?? null, purl: c.purl ?? null, type: c.type };
}

async function diffSide(store: Store | null, scope: Scope | null, side: DiffSide): Promise<{ label: string; doc: SbomDocument }> {
  if ('file' in side) {
    const read = await readSbomDocument(side.file.name, side.file.bytes);
    if (!read.document) throw new InputError(`${side.file.name} is a VEX document, not an SBOM; there are no components to compare`, { code: 'not-an-sbom' });
    return { label: side.file.name, doc: read.document };
  }
  if (!store || !scope) throw new InputError('a stored SBOM or product version needs a database', { code: 'bad-usage' });
  const { label, docs } = await documentsFor(store, scope, side);
  return { label, doc: docs[0]! };
}

export async function diffSbomSources(store: Store | null, scope: Scope | null, a: DiffSide, b: DiffSide): Promise<SbomDiffReport> {
  const before = await diffSide(store, scope, a);
  const after = await diffSide(store, scope, b);
  // The subject (the firmware itself) is compared too: its version is usually what changed.
  const withSubject = (d: SbomDocument): SbomDocument => ({ ...d, components: d.metadata.component ? [{ ...d.metadata.component, components: [] }, ...d.components] : d.components });
  const diff = diffSboms(withSubject(before.doc), withSubject(after.doc));
  return {
    before: before.label,
    after: after.label,
    added: diff.added.map(diffComponent),
    removed: diff.removed.map(diffComponent),
    changed: diff.changed.map((c) => ({ key: c.key, before: diffComponent(c.before), after: diffComponent(c.after), changes: c.changes })),
    unchanged: diff.unchanged,
  };
}

export { componentKey };
