/**
 * SBOM quality against the NTIA minimum elements (2021) and the CISA 2025 additions. Per component:
 * supplier, name, version, a unique identifier, a place in the dependency graph (NTIA) and hash,
 * licence (CISA). Per document: author, timestamp (NTIA), tool name and generation context (CISA).
 * Each element gets a coverage ratio; each component lists what it lacks.
 */
import { flattenComponents, type SbomComponent, type SbomDocument } from '../../model/sbom.js';

export type Standard = 'ntia-2021' | 'cisa-2025';

export type ComponentElement = 'supplier' | 'name' | 'version' | 'identifier' | 'dependency' | 'hash' | 'license';
export type DocumentElement = 'author' | 'timestamp' | 'tool-name' | 'generation-context';

export const COMPONENT_ELEMENTS: ReadonlyArray<{ element: ComponentElement; standard: Standard }> = [
  { element: 'supplier', standard: 'ntia-2021' },
  { element: 'name', standard: 'ntia-2021' },
  { element: 'version', standard: 'ntia-2021' },
  { element: 'identifier', standard: 'ntia-2021' },
  { element: 'dependency', standard: 'ntia-2021' },
  { element: 'hash', standard: 'cisa-2025' },
  { element: 'license', standard: 'cisa-2025' },
];

export const DOCUMENT_ELEMENTS: ReadonlyArray<{ element: DocumentElement; standard: Standard }> = [
  { element: 'author', standard: 'ntia-2021' },
  { element: 'timestamp', standard: 'ntia-2021' },
  { element: 'tool-name', standard: 'cisa-2025' },
  { element: 'generation-context', standard: 'cisa-2025' },
];

export interface ElementCoverage {
  element: ComponentElement;
  standard: Standard;
  present: number;
  total: number;
  /** present / total; 0 when there are no components. */
  ratio: number;
}

export interface DocumentElementResult {
  element: DocumentElement;
  standard: Standard;
  present: boolean;
  /** Why it is missing or what was found. */
  note?: string;
}

export interface ComponentGaps {
  ref: string;
  name: string;
  version?: string;
  missing: ComponentElement[];
}

export interface SbomQualityReport {
  componentCount: number;
  components: ElementCoverage[];
  document: DocumentElementResult[];
  /** Only components that lack at least one element. */
  gaps: ComponentGaps[];
  /** Known-unknowns signals: CycloneDX composition aggregates, SPDX NOASSERTION count. */
  completeness: { aggregates: string[]; noAssertionCount?: number };
  /** Mean of the NTIA element scores (component ratios and document booleans), 0..1. */
  ntiaScore: number;
  /** Mean over NTIA plus the CISA 2025 additions, 0..1. */
  cisaScore: number;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function scoreSbom(doc: SbomDocument): SbomQualityReport {
  const components = flattenComponents(doc.components);
  const inGraph = graphMembers(doc);
  const gaps: ComponentGaps[] = [];
  const counts = new Map<ComponentElement, number>(COMPONENT_ELEMENTS.map((e) => [e.element, 0]));
  for (const component of components) {
    const missing = COMPONENT_ELEMENTS.map((e) => e.element).filter((element) => !hasElement(component, element, inGraph));
    for (const { element } of COMPONENT_ELEMENTS) if (!missing.includes(element)) counts.set(element, (counts.get(element) ?? 0) + 1);
    if (missing.length > 0) gaps.push({ ref: component.ref, name: component.name, version: component.version, missing });
  }
  const total = components.length;
  const coverage: ElementCoverage[] = COMPONENT_ELEMENTS.map(({ element, standard }) => {
    const present = counts.get(element) ?? 0;
    return { element, standard, present, total, ratio: total === 0 ? 0 : present / total };
  });
  const document = documentElements(doc);
  const score = (standards: Standard[]) => {
    const values = [
      ...coverage.filter((c) => standards.includes(c.standard)).map((c) => c.ratio),
      ...document.filter((d) => standards.includes(d.standard)).map((d) => (d.present ? 1 : 0)),
    ];
    return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  };
  return {
    componentCount: total,
    components: coverage,
    document,
    gaps,
    completeness: { aggregates: doc.metadata.completeness, noAssertionCount: doc.metadata.noAssertionCount },
    ntiaScore: score(['ntia-2021']),
    cisaScore: score(['ntia-2021', 'cisa-2025']),
  };
}

function hasElement(c: SbomComponent, element: ComponentElement, inGraph: ReadonlySet<string>): boolean {
  switch (element) {
    case 'supplier':
      return Boolean(c.supplier?.name ?? c.manufacturer?.name ?? c.publisher);
    case 'name':
      return c.name.trim() !== '';
    case 'version':
      return Boolean(c.version);
    case 'identifier':
      return Boolean(c.purl ?? c.cpe ?? c.swid) || c.hashes.length > 0;
    case 'dependency':
      return inGraph.has(c.ref) || c.components.length > 0;
    case 'hash':
      return c.hashes.length > 0;
    case 'license':
      return c.licenses.length > 0 || c.licenseNames.length > 0;
  }
}

/** Refs that take part in a relationship: either end of an edge, or a nested child of a component. */
function graphMembers(doc: SbomDocument): Set<string> {
  const members = new Set<string>();
  for (const edge of doc.dependencies) {
    members.add(edge.from);
    members.add(edge.to);
  }
  const walk = (parent: SbomComponent) => {
    for (const child of parent.components) {
      members.add(child.ref);
      walk(child);
    }
  };
  for (const c of doc.components) walk(c);
  return members;
}

function documentElements(doc: SbomDocument): DocumentElementResult[] {
  const { metadata } = doc;
  const author = metadata.authors.find((a) => a.name) ?? metadata.manufacturer ?? metadata.supplier;
  const timestamp = metadata.timestamp;
  const timestampValid = timestamp !== undefined && ISO_8601.test(timestamp) && !Number.isNaN(Date.parse(timestamp));
  return [
    { element: 'author', standard: 'ntia-2021', present: Boolean(author?.name), note: author?.name },
    {
      element: 'timestamp',
      standard: 'ntia-2021',
      present: timestampValid,
      note: timestamp === undefined ? 'no timestamp' : timestampValid ? timestamp : `not ISO-8601: ${timestamp}`,
    },
    { element: 'tool-name', standard: 'cisa-2025', present: metadata.tools.length > 0, note: metadata.tools.map((t) => t.name).join(', ') || undefined },
    {
      element: 'generation-context',
      standard: 'cisa-2025',
      present: metadata.lifecycles.length > 0,
      note: metadata.lifecycles.join(', ') || undefined,
    },
  ];
}
