/**
 * SPDX 2.2/2.3 (JSON shape) → normalised SbomDocument. The tag-value reader builds the same JSON
 * shape first, so both encodings share this mapping.
 */
import type { Place } from '../../model/errors.js';
import type {
  SbomComponent,
  SbomDependency,
  SbomDocument,
  SbomEncoding,
  SbomExternalReference,
  SbomHash,
  SbomIssue,
  SbomParty,
  SbomTool,
} from '../../model/sbom.js';
import { arr, isRecord, records, str, type JsonRecord } from '../cyclonedx/input.js';
import { componentTypeOfPurpose, hash, isNoValue, parseSpdxParty, parseSpdxTool } from './parties.js';

/** Tag-value objects carry their 1-based line under this symbol. */
export const SPDX_LINE: unique symbol = Symbol('spdx.sourceLine');

export interface Spdx2Context {
  encoding: SbomEncoding;
  issues: SbomIssue[];
}

function placeOf(node: unknown, pointer: string, ctx: Spdx2Context): Place {
  if (ctx.encoding === 'tag-value') {
    const line = isRecord(node) ? (node as { [SPDX_LINE]?: number })[SPDX_LINE] : undefined;
    return line === undefined ? {} : { line };
  }
  return { pointer };
}

/** Relationship types that are edges between components, with the direction they point. */
const EDGE_KINDS: Readonly<Record<string, { kind: string; reverse: boolean }>> = {
  DEPENDS_ON: { kind: 'depends-on', reverse: false },
  DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  CONTAINS: { kind: 'contains', reverse: false },
  CONTAINED_BY: { kind: 'contains', reverse: true },
  DEV_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  BUILD_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  RUNTIME_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  OPTIONAL_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  PROVIDED_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  TEST_DEPENDENCY_OF: { kind: 'depends-on', reverse: true },
  DYNAMIC_LINK: { kind: 'links', reverse: false },
  STATIC_LINK: { kind: 'links', reverse: false },
};

export function normalizeSpdx2(root: JsonRecord, specVersion: string, ctx: Spdx2Context): SbomDocument {
  const creation = isRecord(root.creationInfo) ? root.creationInfo : {};
  const tools: SbomTool[] = [];
  const authors: SbomParty[] = [];
  for (const creator of arr(creation.creators).map(str)) {
    const party = parseSpdxParty(creator);
    if (!party?.name) continue;
    if (party.kind === 'tool') tools.push(parseSpdxTool(party.name));
    else authors.push(party);
  }
  let noAssertionCount = 0;
  const countNoAssertion = (value: unknown) => {
    if (value === 'NOASSERTION') noAssertionCount++;
  };
  const components = records(root.packages).map((pkg, i) => {
    for (const field of ['supplier', 'versionInfo', 'licenseConcluded', 'licenseDeclared', 'downloadLocation', 'copyrightText']) {
      countNoAssertion(pkg[field]);
    }
    return readPackage(pkg, placeOf(pkg, `/packages/${i}`, ctx), ctx);
  });
  const describes = arr(root.documentDescribes).map(str).filter((d): d is string => d !== undefined);
  const dependencies: SbomDependency[] = [];
  records(root.relationships).forEach((rel, i) => {
    const from = str(rel.spdxElementId);
    const to = str(rel.relatedSpdxElement);
    const type = str(rel.relationshipType)?.toUpperCase();
    const place = placeOf(rel, `/relationships/${i}`, ctx);
    if (!from || !to || !type) {
      ctx.issues.push({ severity: 'warning', code: 'invalid-relationship', message: 'relationship lacks an element, a type or a related element', ...place });
      return;
    }
    if (type === 'DESCRIBES') {
      if (!describes.includes(to)) describes.push(to);
      return;
    }
    if (type === 'DESCRIBED_BY') {
      if (!describes.includes(from)) describes.push(from);
      return;
    }
    if (isNoValue(to)) return; // "X DEPENDS_ON NONE" states a known absence, not an edge
    const edge = EDGE_KINDS[type];
    if (edge) dependencies.push({ from: edge.reverse ? to : from, to: edge.reverse ? from : to, kind: edge.kind, place });
    else dependencies.push({ from, to, kind: type.toLowerCase().replace(/_/g, '-'), place });
  });
  const otherRefs = [...records(root.files), ...records(root.snippets)].map((f) => str(f.SPDXID)).filter((r): r is string => r !== undefined);
  return {
    format: 'spdx',
    specVersion,
    encoding: ctx.encoding,
    serialNumber: str(root.documentNamespace),
    name: str(root.name),
    metadata: {
      timestamp: str(creation.created),
      tools,
      authors,
      lifecycles: [],
      describes,
      dataLicense: str(root.dataLicense),
      completeness: [],
      noAssertionCount,
    },
    components,
    dependencies,
    otherRefs,
    vex: [],
  };
}

function readPackage(pkg: JsonRecord, place: Place, ctx: Spdx2Context): SbomComponent {
  const ref = str(pkg.SPDXID);
  const name = str(pkg.name);
  if (!ref) ctx.issues.push({ severity: 'error', code: 'missing-spdxid', message: 'package has no SPDXID', ...place });
  if (!name) ctx.issues.push({ severity: 'error', code: 'missing-name', message: 'package has no name', ...place });
  let purl: string | undefined;
  let cpe: string | undefined;
  let swid: string | undefined;
  const externalReferences: SbomExternalReference[] = [];
  for (const ref of records(pkg.externalRefs)) {
    const type = str(ref.referenceType);
    const locator = str(ref.referenceLocator);
    if (!type || !locator) continue;
    if (type === 'purl') purl ??= locator;
    else if (type === 'cpe23Type' || type === 'cpe22Type') cpe = type === 'cpe23Type' || !cpe ? locator : cpe;
    else if (type === 'swid') swid ??= locator;
    else externalReferences.push({ type, url: locator, comment: str(ref.comment) });
  }
  const homepage = str(pkg.homepage);
  if (homepage && !isNoValue(homepage)) externalReferences.push({ type: 'website', url: homepage });
  const download = str(pkg.downloadLocation);
  if (download && !isNoValue(download)) externalReferences.push({ type: 'distribution', url: download });
  const hashes = records(pkg.checksums)
    .map((c) => hash(str(c.algorithm), str(c.checksumValue)))
    .filter((h): h is SbomHash => h !== undefined);
  const licenses: string[] = [];
  for (const value of [str(pkg.licenseDeclared), str(pkg.licenseConcluded)]) {
    if (value && !isNoValue(value) && !licenses.includes(value)) licenses.push(value);
  }
  const purpose = str(pkg.primaryPackagePurpose);
  const component: SbomComponent = {
    ref: ref ?? `package-${name ?? 'unnamed'}`,
    type: componentTypeOfPurpose(purpose),
    name: name ?? '',
    version: isNoValue(str(pkg.versionInfo)) ? undefined : str(pkg.versionInfo),
    description: str(pkg.description) ?? str(pkg.summary),
    supplier: parseSpdxParty(str(pkg.supplier)),
    manufacturer: parseSpdxParty(str(pkg.originator)),
    purl,
    cpe,
    swid,
    hashes,
    licenses,
    licenseNames: [],
    externalReferences,
    properties: purpose ? [{ name: 'spdx:primaryPackagePurpose', value: purpose }] : [],
    components: [],
    place,
  };
  if (!ref) component.refSynthesised = true;
  return component;
}
