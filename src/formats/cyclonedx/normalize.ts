/**
 * CycloneDX (JSON shape) → normalised SbomDocument. The XML reader converts its tree into the same
 * JSON shape first, tagging objects with their source line, so there is one mapping for both.
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
  SbomMetadata,
  SbomParty,
  SbomProperty,
  SbomTool,
} from '../../model/sbom.js';
import { arr, isRecord, records, str, type JsonRecord } from './input.js';
import { readCycloneDxVulnerabilities } from './vex.js';

/** Objects converted from XML carry their 1-based source line under this symbol. */
export const SOURCE_LINE: unique symbol = Symbol('cyclonedx.sourceLine');

/** Nested components deeper than this are reported and skipped (hostile documents nest without end). */
export const MAX_COMPONENT_DEPTH = 64;

/** Tracks where we are, for places, and collects issues. */
export class NormalizeContext {
  readonly issues: SbomIssue[] = [];
  private synthesised = 0;
  constructor(readonly encoding: SbomEncoding) {}

  place(node: unknown, pointer: string): Place {
    if (this.encoding === 'xml') {
      const line = isRecord(node) ? (node as { [SOURCE_LINE]?: number })[SOURCE_LINE] : undefined;
      return line === undefined ? {} : { line };
    }
    return { pointer };
  }

  nextRef(): string {
    this.synthesised++;
    return `component-${this.synthesised}`;
  }

  warn(message: string, place: Place, code?: string): void {
    this.issues.push({ severity: 'warning', message, code, ...place });
  }
}

export function normalizeCycloneDx(root: JsonRecord, specVersion: string, ctx: NormalizeContext): SbomDocument {
  const metadataNode = isRecord(root.metadata) ? root.metadata : {};
  const metadata = readMetadata(metadataNode, ctx);
  const components = records(root.components).map((c, i) => readComponent(c, `/components/${i}`, 1, ctx));
  const dependencies = readDependencies(root.dependencies, ctx);
  const version = typeof root.version === 'number' ? root.version : Number(str(root.version) ?? NaN);
  return {
    format: 'cyclonedx',
    specVersion,
    encoding: ctx.encoding,
    serialNumber: str(root.serialNumber),
    version: Number.isFinite(version) ? version : undefined,
    name: metadata.component?.name,
    metadata: { ...metadata, completeness: readCompleteness(root.compositions) },
    components,
    dependencies,
    otherRefs: collectServiceRefs(root.services),
    vex: readCycloneDxVulnerabilities(root.vulnerabilities, ctx),
  };
}

function readMetadata(node: JsonRecord, ctx: NormalizeContext): Omit<SbomMetadata, 'completeness'> {
  const component = isRecord(node.component) ? readComponent(node.component, '/metadata/component', 1, ctx) : undefined;
  const licenses = readLicenses(node.licenses, '/metadata/licenses', ctx);
  return {
    timestamp: str(node.timestamp),
    tools: readTools(node.tools),
    authors: records(node.authors).map((a) => contactParty(a, 'person')),
    supplier: readEntity(node.supplier),
    // 1.5 called it `manufacture`; 1.6 deprecates that for `manufacturer`.
    manufacturer: readEntity(node.manufacturer) ?? readEntity(node.manufacture),
    lifecycles: records(node.lifecycles)
      .map((l) => str(l.phase) ?? str(l.name))
      .filter((l): l is string => l !== undefined),
    component,
    describes: component ? [component.ref] : [],
    dataLicense: licenses.expressions[0] ?? licenses.names[0],
  };
}

/** 1.4: `tools` is an array of {vendor,name,version}; 1.5+: {components[], services[]}. Accept both. */
function readTools(value: unknown): SbomTool[] {
  const tools: SbomTool[] = [];
  const add = (t: JsonRecord, vendorOf: (t: JsonRecord) => string | undefined) => {
    const name = str(t.name);
    if (name) tools.push({ name, vendor: vendorOf(t), version: str(t.version) });
  };
  if (Array.isArray(value)) {
    for (const t of records(value)) add(t, (x) => str(x.vendor));
  } else if (isRecord(value)) {
    const groupVendor = (x: JsonRecord) => str(x.group) ?? readEntity(x.supplier)?.name ?? str(x.publisher) ?? str(x.author);
    for (const t of records(value.components)) add(t, groupVendor);
    for (const t of records(value.services)) add(t, (x) => str(x.group) ?? readEntity(x.provider)?.name);
    // XML 1.4 style nested under <tools><tool>.
    for (const t of records(value.tool)) add(t, (x) => str(x.vendor));
  }
  return tools;
}

function contactParty(node: JsonRecord, kind: SbomParty['kind']): SbomParty {
  return { kind, name: str(node.name), email: str(node.email) };
}

function readEntity(value: unknown): SbomParty | undefined {
  if (!isRecord(value)) return undefined;
  const name = str(value.name);
  const url = arr(value.url).map(str).find((u) => u !== undefined);
  const email = records(value.contact).map((c) => str(c.email)).find((e) => e !== undefined);
  if (!name && !url && !email) return undefined;
  return { kind: 'organization', name, url, email };
}

export function readComponent(node: JsonRecord, pointer: string, depth: number, ctx: NormalizeContext): SbomComponent {
  const place = ctx.place(node, pointer);
  const givenRef = str(node['bom-ref']);
  const name = str(node.name);
  if (!name) ctx.warn('component has no name', place, 'missing-name');
  const licenses = readLicenses(node.licenses, `${pointer}/licenses`, ctx);
  const children: SbomComponent[] = [];
  const nested = records(node.components);
  if (nested.length > 0) {
    if (depth >= MAX_COMPONENT_DEPTH) {
      ctx.warn(`components nested deeper than ${MAX_COMPONENT_DEPTH} levels were ignored`, place, 'nesting-too-deep');
    } else {
      nested.forEach((c, i) => children.push(readComponent(c, `${pointer}/components/${i}`, depth + 1, ctx)));
    }
  }
  const component: SbomComponent = {
    ref: givenRef ?? ctx.nextRef(),
    type: str(node.type) ?? 'library',
    name: name ?? '',
    version: str(node.version),
    group: str(node.group),
    description: str(node.description),
    scope: str(node.scope),
    supplier: readEntity(node.supplier),
    manufacturer: readEntity(node.manufacturer),
    publisher: str(node.publisher),
    author: str(node.author) ?? firstAuthorName(node.authors),
    purl: str(node.purl),
    cpe: str(node.cpe),
    swid: isRecord(node.swid) ? str(node.swid.tagId) : undefined,
    hashes: readHashes(node.hashes),
    licenses: licenses.expressions,
    licenseNames: licenses.names,
    externalReferences: readExternalReferences(node.externalReferences),
    properties: readProperties(node.properties),
    components: children,
    place,
  };
  if (!givenRef) component.refSynthesised = true;
  if (isRecord(node.modelCard)) component.modelCard = node.modelCard;
  if (node.data !== undefined) component.data = arr(node.data);
  return component;
}

function firstAuthorName(value: unknown): string | undefined {
  return records(value).map((a) => str(a.name)).find((n) => n !== undefined);
}

export function readHashes(value: unknown): SbomHash[] {
  const hashes: SbomHash[] = [];
  for (const h of records(value)) {
    const alg = str(h.alg);
    const content = str(h.content);
    if (alg && content) hashes.push({ alg: alg.toUpperCase(), value: content.toLowerCase() });
  }
  return hashes;
}

/** CycloneDX licences: a list of `{license:{id|name}}`, or exactly one `{expression}`. Mixing is invalid. */
function readLicenses(value: unknown, pointer: string, ctx: NormalizeContext): { expressions: string[]; names: string[] } {
  const expressions: string[] = [];
  const names: string[] = [];
  let sawLicense = false;
  let sawExpression = false;
  for (const entry of records(value)) {
    const expression = str(entry.expression);
    if (expression) {
      sawExpression = true;
      expressions.push(expression);
    }
    if (isRecord(entry.license)) {
      sawLicense = true;
      const id = str(entry.license.id);
      const name = str(entry.license.name);
      if (id) expressions.push(id);
      else if (name) names.push(name);
    }
  }
  if (sawLicense && sawExpression) {
    ctx.issues.push({
      severity: 'error',
      code: 'mixed-licenses',
      message: 'licenses mixes `license` entries with an `expression`; CycloneDX allows one or the other',
      ...ctx.place(value, pointer),
    });
  }
  return { expressions, names };
}

function readExternalReferences(value: unknown): SbomExternalReference[] {
  const refs: SbomExternalReference[] = [];
  for (const r of records(value)) {
    const url = str(r.url);
    if (url) refs.push({ type: str(r.type) ?? 'other', url, comment: str(r.comment) });
  }
  return refs;
}

function readProperties(value: unknown): SbomProperty[] {
  const props: SbomProperty[] = [];
  for (const p of records(value)) {
    const name = str(p.name);
    if (name) props.push({ name, value: typeof p.value === 'string' ? p.value : (str(p.value) ?? '') });
  }
  return props;
}

function readDependencies(value: unknown, ctx: NormalizeContext): SbomDependency[] {
  const edges: SbomDependency[] = [];
  records(value).forEach((dep, i) => {
    const from = str(dep.ref);
    if (!from) return;
    const place = ctx.place(dep, `/dependencies/${i}`);
    for (const to of arr(dep.dependsOn)) {
      const target = str(isRecord(to) ? to.ref : to);
      if (target) edges.push({ from, to: target, kind: 'depends-on', place });
    }
    for (const to of arr(dep.provides)) {
      const target = str(isRecord(to) ? to.ref : to);
      if (target) edges.push({ from, to: target, kind: 'provides', place });
    }
  });
  return edges;
}

/** Services are not components, but dependencies may name them. */
function collectServiceRefs(value: unknown): string[] {
  const refs: string[] = [];
  const walk = (nodes: unknown, depth: number) => {
    if (depth > MAX_COMPONENT_DEPTH) return;
    for (const s of records(nodes)) {
      const ref = str(s['bom-ref']);
      if (ref) refs.push(ref);
      walk(s.services, depth + 1);
    }
  };
  walk(value, 1);
  return refs;
}

function readCompleteness(value: unknown): string[] {
  return records(value)
    .map((c) => str(c.aggregate))
    .filter((a): a is string => a !== undefined);
}

