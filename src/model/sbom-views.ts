/**
 * SBOM records as the API answers them (`/api/sboms`, `/api/product-versions`, `/api/assets/:id/sbom`):
 * one definition for the repository and service that build them and the web UI that shows them.
 * Type-only: no runtime imports, so the browser build can import it.
 */
import type { OwnerRef } from './owner.js';
import type { SbomIssue } from './sbom.js';

/** The vendor, product and version an SBOM describes (identity: normalised text, firmware-equal versions). */
export interface ProductVersionSpec {
  vendor: string;
  product: string;
  version: string;
}

export interface ProductVersion extends ProductVersionSpec {
  id: string;
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
  /** TLP 2.0 label: who beyond the owning organisation may receive the SBOM (always sent). */
  tlp: string;
  /** The organisation that owns the SBOM (the one that labels and shares it). */
  organisation: OwnerRef;
}

/** One component of a stored SBOM (`/api/sboms/:id/components`), flattened with its place in the tree. */
export interface SbomComponentRow {
  sbomId: string;
  idx: number;
  parentIdx: number | null;
  parentRef: string | null;
  depth: number;
  /** The document's subject (metadata component); lists leave it out. */
  subject: boolean;
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
  /** Minimum elements the component lacks. */
  missing: string[];
}

/** What `POST /api/sboms/import` answers: the stored document's identity and attachment, with counts. */
export interface SbomImportReport extends Pick<SbomSummary, 'id' | 'kind' | 'name' | 'sourceName' | 'format' | 'specVersion' | 'encoding' | 'productVersion' | 'asset'> {
  status: 'imported' | 'unchanged';
  components: number;
  dependencies: number;
  vexStatements: number;
  aiComponents: number;
  quality: { ntiaScore: number; cisaScore: number; componentsWithGaps: number } | null;
  /** Assets that inherit the SBOM through the product version. */
  inheritedBy: number;
  issueCount: number;
  /** The first issues only; issueCount is exact. */
  issues: SbomIssue[];
}
