/**
 * Write a normalised SbomDocument as SPDX 2.3 JSON. Nested components are flattened and linked
 * with CONTAINS; `depends-on` edges become DEPENDS_ON; the described refs become DESCRIBES.
 * SPDX ids must match `SPDXRef-[A-Za-z0-9.-]+`, so other refs are rewritten deterministically.
 */
import { randomUUID } from 'node:crypto';
import type { SbomComponent, SbomDocument, SbomParty } from '../../model/sbom.js';
import { flattenComponents } from '../../model/sbom.js';

export interface SpdxWriteOptions {
  /** Document namespace; default: the source namespace/serial, else a fresh `https://spdx.org/spdxdocs/…` URI. */
  namespace?: string;
  /** Creation time; default: the document timestamp, else now. */
  created?: string;
  space?: number;
}

const PURPOSES: Readonly<Record<string, string>> = {
  application: 'APPLICATION',
  framework: 'FRAMEWORK',
  library: 'LIBRARY',
  container: 'CONTAINER',
  'operating-system': 'OPERATING_SYSTEM',
  device: 'DEVICE',
  firmware: 'FIRMWARE',
  file: 'FILE',
};

const RELATIONSHIP_TYPES: Readonly<Record<string, string>> = { 'depends-on': 'DEPENDS_ON', contains: 'CONTAINS', links: 'STATIC_LINK' };

export function writeSpdxJson(doc: SbomDocument, options: SpdxWriteOptions = {}): string {
  const all = flattenComponents(doc.components);
  const subject = doc.metadata.component;
  const components = subject ? [subject, ...all] : all;
  const ids = new SpdxIdAllocator();
  for (const c of components) ids.idFor(c.ref);

  const relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }> = [];
  const described = doc.metadata.describes.length > 0 ? doc.metadata.describes : doc.components.map((c) => c.ref);
  for (const ref of described) {
    if (ids.has(ref)) relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: ids.idFor(ref) });
  }
  const contain = (parent: SbomComponent) => {
    for (const child of parent.components) {
      relationships.push({ spdxElementId: ids.idFor(parent.ref), relationshipType: 'CONTAINS', relatedSpdxElement: ids.idFor(child.ref) });
      contain(child);
    }
  };
  doc.components.forEach(contain);
  for (const edge of doc.dependencies) {
    const type = RELATIONSHIP_TYPES[edge.kind];
    if (type && ids.has(edge.from) && ids.has(edge.to)) {
      relationships.push({ spdxElementId: ids.idFor(edge.from), relationshipType: type, relatedSpdxElement: ids.idFor(edge.to) });
    }
  }

  const creators = [
    ...doc.metadata.authors.filter((a) => a.name).map((a) => `${a.kind === 'organization' ? 'Organization' : 'Person'}: ${a.name as string}${a.email ? ` (${a.email})` : ''}`),
    ...doc.metadata.tools.map((t) => `Tool: ${t.name}${t.version ? `-${t.version}` : ''}`),
  ];
  if (creators.length === 0) creators.push('Tool: bulwark');
  const namespace = options.namespace ?? (doc.serialNumber && /^https?:\/\//.test(doc.serialNumber) ? doc.serialNumber : `https://spdx.org/spdxdocs/bulwark-${doc.serialNumber?.replace(/^urn:uuid:/, '') ?? randomUUID()}`);
  const out = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: doc.name ?? subject?.name ?? 'sbom',
    documentNamespace: namespace,
    creationInfo: { created: normaliseCreated(options.created ?? doc.metadata.timestamp), creators },
    packages: components.map((c) => toPackage(c, ids.idFor(c.ref))),
    relationships,
  };
  return JSON.stringify(out, null, options.space ?? 2);
}

function toPackage(c: SbomComponent, spdxId: string): Record<string, unknown> {
  const externalRefs: Array<Record<string, string>> = [];
  if (c.purl) externalRefs.push({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl });
  if (c.cpe) externalRefs.push({ referenceCategory: 'SECURITY', referenceType: c.cpe.startsWith('cpe:2.3:') ? 'cpe23Type' : 'cpe22Type', referenceLocator: c.cpe });
  const licence = c.licenses.length === 0 ? 'NOASSERTION' : c.licenses.length === 1 ? (c.licenses[0] as string) : c.licenses.map((l) => `(${l})`).join(' AND ');
  const pkg: Record<string, unknown> = {
    SPDXID: spdxId,
    name: c.name || '(unnamed)',
    downloadLocation: c.externalReferences.find((r) => r.type === 'distribution')?.url ?? 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: licence,
    copyrightText: 'NOASSERTION',
  };
  if (c.version) pkg.versionInfo = c.version;
  pkg.supplier = partyText(c.supplier) ?? 'NOASSERTION';
  const originator = partyText(c.manufacturer);
  if (originator) pkg.originator = originator;
  if (c.description) pkg.description = c.description;
  if (c.hashes.length > 0) pkg.checksums = c.hashes.map((h) => ({ algorithm: h.alg.replace(/^SHA-/, 'SHA').replace(/^BLAKE2b/, 'BLAKE2b'), checksumValue: h.value }));
  if (externalRefs.length > 0) pkg.externalRefs = externalRefs;
  const purpose = PURPOSES[c.type];
  pkg.primaryPackagePurpose = purpose ?? 'OTHER';
  return pkg;
}

function partyText(party: SbomParty | undefined): string | undefined {
  if (!party?.name) return undefined;
  const kind = party.kind === 'person' ? 'Person' : 'Organization';
  return `${kind}: ${party.name}${party.email ? ` (${party.email})` : ''}`;
}

/** SPDX wants `YYYY-MM-DDThh:mm:ssZ`. */
function normaliseCreated(value: string | undefined): string {
  const date = value ? new Date(value) : new Date();
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class SpdxIdAllocator {
  private readonly ids = new Map<string, string>();
  private readonly used = new Set<string>(['SPDXRef-DOCUMENT']);
  has(ref: string): boolean {
    return this.ids.has(ref);
  }
  idFor(ref: string): string {
    const known = this.ids.get(ref);
    if (known) return known;
    const cleaned = ref.startsWith('SPDXRef-') ? ref.replace(/[^A-Za-z0-9.-]/g, '-') : `SPDXRef-${ref.replace(/[^A-Za-z0-9.-]/g, '-')}`;
    let id = cleaned;
    for (let n = 2; this.used.has(id); n++) id = `${cleaned}-${n}`;
    this.used.add(id);
    this.ids.set(ref, id);
    return id;
  }
}
