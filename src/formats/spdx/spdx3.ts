/**
 * SPDX 3.0 JSON-LD: a flat `@graph` of typed elements. We read packages (software_Package, and the
 * AI/dataset profiles), their versions, purls, CPEs, hashes, suppliers and licences, relationships,
 * and the document's CreationInfo. Other element types are counted as non-component refs.
 */
import type { SbomComponent, SbomDependency, SbomDocument, SbomIssue, SbomParty, SbomTool } from '../../model/sbom.js';
import { arr, isRecord, records, str, type JsonRecord } from '../cyclonedx/input.js';
import { componentTypeOfPurpose, hash } from './parties.js';

const PACKAGE_TYPES: Readonly<Record<string, string | undefined>> = {
  software_Package: undefined, // type comes from software_primaryPurpose
  Package: undefined,
  ai_AIPackage: 'machine-learning-model',
  AIPackage: 'machine-learning-model',
  dataset_DatasetPackage: 'data',
  DatasetPackage: 'data',
};

const RELATIONSHIP_KINDS: Readonly<Record<string, string>> = { dependsOn: 'depends-on', contains: 'contains', describes: 'describes' };

function typeOf(element: JsonRecord): string | undefined {
  return str(element.type) ?? str(element['@type']);
}

function idOf(element: JsonRecord): string | undefined {
  return str(element.spdxId) ?? str(element['@id']);
}

export function normalizeSpdx3(root: JsonRecord, issues: SbomIssue[]): SbomDocument {
  const graph = records(root['@graph']);
  const byId = new Map<string, JsonRecord>();
  for (const element of graph) {
    const id = idOf(element);
    if (id) byId.set(id, element);
  }
  const partyOf = (ref: unknown): SbomParty | undefined => {
    const id = str(ref);
    const element = id ? byId.get(id) : undefined;
    if (!element) return id ? { kind: 'unknown', name: id } : undefined;
    const type = typeOf(element) ?? '';
    const kind = /Person/.test(type) ? 'person' : /Organization/.test(type) ? 'organization' : /Tool/.test(type) ? 'tool' : 'unknown';
    return { kind, name: str(element.name) };
  };
  const licencesOf = new Map<string, string[]>();
  const dependencies: SbomDependency[] = [];
  const describes: string[] = [];
  const otherRefs: string[] = [];
  graph.forEach((element, i) => {
    const type = typeOf(element) ?? '';
    if (type !== 'Relationship' && !type.endsWith('_Relationship') && !type.endsWith('Relationship')) return;
    const from = str(element.from);
    const relType = str(element.relationshipType) ?? '';
    const targets = arr(element.to).map(str).filter((t): t is string => t !== undefined);
    if (!from) return;
    if (relType === 'hasDeclaredLicense' || relType === 'hasConcludedLicense') {
      for (const target of targets) {
        const licence = byId.get(target);
        const expression = licence ? (str(licence.simplelicensing_licenseExpression) ?? str(licence.licenseExpression) ?? str(licence.name)) : target;
        if (expression && expression !== 'NOASSERTION' && expression !== 'NONE') {
          const list = licencesOf.get(from) ?? [];
          if (!list.includes(expression)) list.push(expression);
          licencesOf.set(from, list);
        }
      }
      return;
    }
    if (relType === 'describes') {
      describes.push(...targets);
      return;
    }
    const kind = RELATIONSHIP_KINDS[relType] ?? relType.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    for (const to of targets) dependencies.push({ from, to, kind, place: { pointer: `/@graph/${i}` } });
  });

  const components: SbomComponent[] = [];
  let document: JsonRecord | undefined;
  graph.forEach((element, i) => {
    const type = typeOf(element) ?? '';
    const id = idOf(element);
    if (type === 'SpdxDocument') document = element;
    if (!(type in PACKAGE_TYPES)) {
      if (id && (type.startsWith('software_') || type === 'File')) otherRefs.push(id);
      return;
    }
    const place = { pointer: `/@graph/${i}` };
    const name = str(element.name);
    if (!name) issues.push({ severity: 'error', code: 'missing-name', message: `${type} has no name`, ...place });
    let purl = str(element.software_packageUrl) ?? str(element.packageUrl);
    let cpe: string | undefined;
    for (const identifier of records(element.externalIdentifier)) {
      const idType = str(identifier.externalIdentifierType);
      const value = str(identifier.identifier);
      if (!value) continue;
      if (idType === 'packageUrl') purl ??= value;
      else if (idType === 'cpe23' || (idType === 'cpe22' && !cpe)) cpe = value;
    }
    const hashes = records(element.verifiedUsing)
      .map((h) => hash(str(h.algorithm), str(h.hashValue)))
      .filter((h) => h !== undefined);
    const component: SbomComponent = {
      ref: id ?? `package-${i}`,
      type: PACKAGE_TYPES[type] ?? componentTypeOfPurpose(str(element.software_primaryPurpose)),
      name: name ?? '',
      version: str(element.software_packageVersion) ?? str(element.packageVersion),
      description: str(element.description) ?? str(element.summary),
      supplier: partyOf(element.suppliedBy),
      manufacturer: arr(element.originatedBy).map(partyOf).find((p) => p !== undefined),
      purl,
      cpe,
      hashes,
      licenses: id ? (licencesOf.get(id) ?? []) : [],
      licenseNames: [],
      externalReferences: records(element.externalRef).flatMap((r) =>
        arr(r.locator)
          .map(str)
          .filter((u): u is string => u !== undefined)
          .map((url) => ({ type: str(r.externalRefType) ?? 'other', url })),
      ),
      properties: [],
      components: [],
      place,
    };
    if (!id) component.refSynthesised = true;
    components.push(component);
  });

  const creation = findCreationInfo(root, graph, document);
  const tools: SbomTool[] = [];
  const authors: SbomParty[] = [];
  for (const ref of arr(creation?.createdBy)) {
    const party = partyOf(ref);
    if (party) authors.push(party);
  }
  for (const ref of arr(creation?.createdUsing)) {
    const party = partyOf(ref);
    if (party?.name) tools.push({ name: party.name });
  }
  for (const ref of arr(document?.rootElement)) {
    const id = str(ref);
    if (id && !describes.includes(id)) describes.push(id);
  }
  const context = arr(root['@context']).map(str).find((c) => c !== undefined) ?? '';
  return {
    format: 'spdx',
    specVersion: str(creation?.specVersion) ?? /rdf\/(\d+\.\d+(?:\.\d+)?)\//.exec(context)?.[1] ?? '3.0',
    encoding: 'json-ld',
    serialNumber: document ? idOf(document) : undefined,
    name: document ? str(document.name) : undefined,
    metadata: {
      timestamp: str(creation?.created),
      tools,
      authors,
      lifecycles: [],
      describes,
      dataLicense: document ? str(document.dataLicense) : undefined,
      completeness: [],
    },
    components,
    dependencies,
    otherRefs,
    vex: [],
  };
}

/** CreationInfo is a blank node in the graph, referenced by `creationInfo` from each element. */
function findCreationInfo(root: JsonRecord, graph: JsonRecord[], document: JsonRecord | undefined): JsonRecord | undefined {
  const inline = (value: unknown) => (isRecord(value) ? value : undefined);
  const referenced = str(document?.creationInfo);
  return (
    inline(document?.creationInfo) ??
    graph.find((e) => typeOf(e) === 'CreationInfo' && (!referenced || str(e['@id']) === referenced)) ??
    graph.find((e) => typeOf(e) === 'CreationInfo') ??
    inline(root.creationInfo)
  );
}
