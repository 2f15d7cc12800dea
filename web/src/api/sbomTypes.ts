/** Shapes of the SBOM API (`/api/sboms`, `/api/product-versions`, `/api/assets/:id/sbom`). */

export interface ProductVersion {
  id: string;
  vendor: string;
  product: string;
  version: string;
  createdAt: string;
}

export interface SbomSummary {
  id: string;
  kind: 'sbom' | 'vex';
  name: string;
  sourceName: string;
  format: string;
  specVersion: string;
  encoding: string;
  serialNumber: string | null;
  subject: { name: string; version: string | null } | null;
  productVersion: ProductVersion | null;
  asset: { id: string; name: string } | null;
  componentCount: number;
  dependencyCount: number;
  vexCount: number;
  aiCount: number;
  issueCount: number;
  ntiaScore: number | null;
  cisaScore: number | null;
  contentHash: string;
  documentSize: number;
  documentKept: boolean;
  importedAt: string;
  /** TLP 2.0 label (default AMBER+STRICT). */
  tlp?: string;
  /** The organisation that owns the SBOM (the one that labels and shares it). */
  organisation?: { id: string; name: string };
}

export interface ElementCoverage {
  element: string;
  standard: 'ntia-2021' | 'cisa-2025';
  present: number;
  total: number;
  ratio: number;
}

export interface DocumentElement {
  element: string;
  standard: 'ntia-2021' | 'cisa-2025';
  present: boolean;
  note?: string;
}

export interface SbomQuality {
  componentCount: number;
  components: ElementCoverage[];
  document: DocumentElement[];
  completeness: { aggregates: string[]; noAssertionCount?: number };
  ntiaScore: number;
  cisaScore: number;
  gapCount: number;
  licenses: Array<{ license: string; count: number }>;
}

export interface SbomIssue {
  severity: 'error' | 'warning';
  message: string;
  code?: string;
  pointer?: string;
  line?: number;
  column?: number | string;
}

export interface SbomDetail extends SbomSummary {
  bomVersion: number | null;
  metadata: {
    timestamp?: string;
    tools: Array<{ name: string; vendor?: string; version?: string }>;
    authors: Array<{ name?: string; email?: string }>;
    supplier?: { name?: string };
    manufacturer?: { name?: string };
    lifecycles: string[];
    describes: string[];
  };
  quality: SbomQuality | null;
  issues: SbomIssue[];
}

export interface SbomComponentRow {
  sbomId: string;
  idx: number;
  parentIdx: number | null;
  depth: number;
  ref: string;
  type: string;
  name: string;
  version: string | null;
  group: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
  hashes: Array<{ alg: string; value: string }>;
  licenses: string[];
  ai: boolean;
  modelCard: Record<string, unknown> | null;
  missing: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface VexStatementJson {
  vulnerabilityId: string;
  status: string;
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  productRefs: string[];
  responses: string[];
}

export interface SbomImportReport {
  id: string;
  status: 'imported' | 'unchanged';
  kind: 'sbom' | 'vex';
  name: string;
  sourceName: string;
  format: string;
  specVersion: string;
  components: number;
  vexStatements: number;
  aiComponents: number;
  quality: { ntiaScore: number; cisaScore: number; componentsWithGaps: number } | null;
  productVersion: ProductVersion | null;
  asset: { id: string; name: string } | null;
  inheritedBy: number;
  issueCount: number;
  issues: SbomIssue[];
}

export interface AssetSbom {
  asset: { id: string; name: string; vendor: string | null; model: string | null; firmware: string | null };
  productVersions: ProductVersion[];
  sboms: Array<{ sbom: SbomSummary; via: 'asset' | 'product-version' }>;
  components: Page<SbomComponentRow>;
}

export type ExportFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json';
