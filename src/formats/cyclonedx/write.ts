/**
 * Write a normalised SbomDocument (plus optional VEX statements) as CycloneDX 1.6 JSON or XML with
 * the CycloneDX library's models and serialisers. ML model cards have no library model: they are
 * added to the JSON output after serialisation (the XML output omits them; see writeCycloneDxXml).
 */
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { SbomComponent, SbomDocument, SbomParty, VexStatement } from '../../model/sbom.js';
import { flattenComponents } from '../../model/sbom.js';
import { isRecord, type JsonRecord } from './input.js';
import { JUSTIFICATION_TO_CYCLONEDX, STATUS_TO_STATE } from './vex.js';

export interface CycloneDxWriteOptions {
  /** Indentation for the output (default 2). */
  space?: number;
}

const COMPONENT_TYPES = new Set<string>(Object.values(Enums.ComponentType));
const HASH_ALGORITHMS = new Set<string>(Object.values(Enums.HashAlgorithm));
const REFERENCE_TYPES = new Set<string>(Object.values(Enums.ExternalReferenceType));
const LIFECYCLE_PHASES = new Set<string>(Object.values(Enums.LifecyclePhase));
const RESPONSES = new Set<string>(Object.values(Enums.Vulnerability.AnalysisResponse));
const SPDX_REFERENCE_TYPES: Readonly<Record<string, string>> = { vcs: 'vcs', url: 'website', advisory: 'advisories' };

export function writeCycloneDxJson(doc: SbomDocument, statements: readonly VexStatement[] = doc.vex, options: CycloneDxWriteOptions = {}): string {
  const { bom, modelCards } = buildBom(doc, statements);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const json = serializer.serialize(bom, { sortLists: false, space: options.space ?? 2 });
  if (modelCards.size === 0) return json;
  const root = JSON.parse(json) as JsonRecord;
  injectModelCards(root.components, modelCards);
  injectModelCards(isRecord(root.metadata) ? [root.metadata.component] : [], modelCards);
  return JSON.stringify(root, null, options.space ?? 2);
}

/** CycloneDX 1.6 XML. Model cards are not written (the library has no model for them). */
export function writeCycloneDxXml(doc: SbomDocument, statements: readonly VexStatement[] = doc.vex, options: CycloneDxWriteOptions = {}): string {
  const { bom } = buildBom(doc, statements);
  const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: false, space: options.space ?? 2 });
}

function injectModelCards(components: unknown, cards: ReadonlyMap<string, Record<string, unknown>>): void {
  if (!Array.isArray(components)) return;
  for (const c of components) {
    if (!isRecord(c)) continue;
    const card = typeof c['bom-ref'] === 'string' ? cards.get(c['bom-ref']) : undefined;
    if (card) c.modelCard = card;
    injectModelCards(c.components, cards);
  }
}

interface BuiltBom {
  bom: Models.Bom;
  modelCards: Map<string, Record<string, unknown>>;
}

function buildBom(doc: SbomDocument, statements: readonly VexStatement[]): BuiltBom {
  const modelCards = new Map<string, Record<string, unknown>>();
  const byRef = new Map<string, Models.Component>();
  const byPurl = new Map<string, Models.Component>();
  const convert = (c: SbomComponent): Models.Component => {
    const model = toModel(c);
    byRef.set(c.ref, model);
    if (c.purl) byPurl.set(c.purl, model);
    if (c.modelCard) modelCards.set(c.ref, c.modelCard);
    for (const child of c.components) model.components.add(convert(child));
    return model;
  };
  const bom = new Models.Bom();
  if (doc.format === 'cyclonedx' && doc.serialNumber?.startsWith('urn:uuid:')) bom.serialNumber = doc.serialNumber;
  if (doc.version && Number.isInteger(doc.version) && doc.version > 0) bom.version = doc.version;
  for (const c of doc.components) bom.components.add(convert(c));
  const subject = doc.metadata.component ? convert(doc.metadata.component) : undefined;
  bom.metadata = buildMetadata(doc, subject);

  for (const edge of doc.dependencies) {
    if (edge.kind !== 'depends-on' && edge.kind !== 'contains') continue;
    const from = byRef.get(edge.from);
    const to = byRef.get(edge.to);
    if (from && to && from !== to) from.dependencies.add(to.bomRef);
  }
  statements.forEach((s, i) => bom.vulnerabilities.add(toVulnerability(s, i, byRef, byPurl)));
  return { bom, modelCards };
}

function buildMetadata(doc: SbomDocument, subject: Models.Component | undefined): Models.Metadata {
  const { metadata } = doc;
  const timestamp = metadata.timestamp ? new Date(metadata.timestamp) : undefined;
  const tools = new Models.Tools();
  for (const t of metadata.tools) {
    tools.components.add(new Models.Component(Enums.ComponentType.Application, t.name, { group: t.vendor, version: t.version }));
  }
  const result = new Models.Metadata({
    timestamp: timestamp && !Number.isNaN(timestamp.getTime()) ? timestamp : undefined,
    tools,
    component: subject,
    supplier: toEntity(metadata.supplier),
    manufacture: toEntity(metadata.manufacturer),
  });
  for (const author of metadata.authors) {
    if (author.name || author.email) result.authors.add(new Models.OrganizationalContact({ name: author.name, email: author.email }));
  }
  for (const lifecycle of metadata.lifecycles) {
    result.lifecycles.add(LIFECYCLE_PHASES.has(lifecycle) ? (lifecycle as Enums.LifecyclePhase) : new Models.NamedLifecycle(lifecycle));
  }
  return result;
}

function toEntity(party: SbomParty | undefined): Models.OrganizationalEntity | undefined {
  if (!party?.name && !party?.url) return undefined;
  const entity = new Models.OrganizationalEntity({ name: party.name });
  if (party.url) entity.url.add(party.url);
  if (party.email) entity.contact.add(new Models.OrganizationalContact({ email: party.email }));
  return entity;
}

function toModel(c: SbomComponent): Models.Component {
  const type = (COMPONENT_TYPES.has(c.type) ? c.type : Enums.ComponentType.Library) as Enums.ComponentType;
  const model = new Models.Component(type, c.name || '(unnamed)', {
    bomRef: c.ref,
    version: c.version,
    group: c.group,
    description: c.description,
    publisher: c.publisher,
    author: c.author,
    purl: c.purl,
    supplier: toEntity(c.supplier),
    scope: c.scope && (Object.values(Enums.ComponentScope) as string[]).includes(c.scope) ? (c.scope as Enums.ComponentScope) : undefined,
  });
  if (c.cpe) {
    try {
      model.cpe = c.cpe as Models.Component['cpe'];
    } catch {
      model.properties.add(new Models.Property('bulwark:cpe', c.cpe));
    }
  }
  for (const h of c.hashes) if (HASH_ALGORITHMS.has(h.alg)) model.hashes.set(h.alg as Enums.HashAlgorithm, h.value);
  addLicences(model, c);
  for (const r of c.externalReferences) {
    const mapped = REFERENCE_TYPES.has(r.type) ? r.type : (SPDX_REFERENCE_TYPES[r.type] ?? 'other');
    model.externalReferences.add(new Models.ExternalReference(r.url, mapped as Enums.ExternalReferenceType, { comment: r.comment }));
  }
  for (const p of c.properties) model.properties.add(new Models.Property(p.name, p.value));
  if (c.manufacturer?.name) model.properties.add(new Models.Property('bulwark:manufacturer', c.manufacturer.name));
  return model;
}

/** CycloneDX allows either licences by id/name or exactly one expression, never both. */
function addLicences(model: Models.Component, c: SbomComponent): void {
  if (c.licenseNames.length === 0) {
    if (c.licenses.length === 1) model.licenses.add(new Models.LicenseExpression(c.licenses[0] as string));
    else if (c.licenses.length > 1) model.licenses.add(new Models.LicenseExpression(c.licenses.map((l) => `(${l})`).join(' AND ')));
    return;
  }
  for (const name of [...c.licenses, ...c.licenseNames]) model.licenses.add(new Models.NamedLicense(name));
}

function toVulnerability(
  s: VexStatement,
  index: number,
  byRef: ReadonlyMap<string, Models.Component>,
  byPurl: ReadonlyMap<string, Models.Component>,
): Models.Vulnerability.Vulnerability {
  const justification = s.original.format === 'cyclonedx' && s.original.justification ? s.original.justification : s.justification ? JUSTIFICATION_TO_CYCLONEDX[s.justification] : undefined;
  const state = s.original.format === 'cyclonedx' ? s.original.status : STATUS_TO_STATE[s.status];
  const analysis = new Models.Vulnerability.Analysis({
    state: state as Enums.Vulnerability.AnalysisState,
    justification: justification as Enums.Vulnerability.AnalysisJustification | undefined,
    detail: s.impactStatement ?? s.statusNotes ?? s.actionStatement,
  });
  for (const r of s.responses) if (RESPONSES.has(r)) analysis.response.add(r as Enums.Vulnerability.AnalysisResponse);
  const vulnerability = new Models.Vulnerability.Vulnerability({
    bomRef: `vex-${index + 1}-${s.vulnerabilityId}`,
    id: s.vulnerabilityId,
    analysis,
    recommendation: s.actionStatement,
  });
  const timestamp = s.lastUpdated ?? s.timestamp;
  const updated = timestamp ? new Date(timestamp) : undefined;
  if (updated && !Number.isNaN(updated.getTime())) vulnerability.updated = updated;
  for (const ref of s.productRefs) {
    const target = byRef.get(ref) ?? byPurl.get(ref);
    vulnerability.affects.add(new Models.Vulnerability.Affect(target ? target.bomRef : new Models.BomRef(ref)));
  }
  return vulnerability;
}

/** All components, subject included: handy for callers checking a write lost nothing. */
export function componentsOf(doc: SbomDocument): SbomComponent[] {
  const all = flattenComponents(doc.components);
  return doc.metadata.component ? [doc.metadata.component, ...all] : all;
}
