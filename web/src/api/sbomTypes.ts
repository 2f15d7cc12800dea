/**
 * Shapes of the SBOM API (`/api/sboms`, `/api/product-versions`, `/api/assets/:id/sbom`). Summaries,
 * component rows and import reports are the server's own view types (src/model/sbom-views),
 * imported type-only; the rest are the UI's reading of the detail and quality answers.
 */
import type { ProductVersion, SbomComponentRow, SbomImportReport, SbomSummary } from '../../../src/model/sbom-views.js';
import type { SbomIssue } from '../../../src/model/sbom.js';

export type { ProductVersion, SbomComponentRow, SbomImportReport, SbomIssue, SbomSummary };

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

export interface AssetSbom {
  asset: { id: string; name: string; vendor: string | null; model: string | null; firmware: string | null };
  productVersions: ProductVersion[];
  sboms: Array<{ sbom: SbomSummary; via: 'asset' | 'product-version' }>;
  components: Page<SbomComponentRow>;
}

export type ExportFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json';
