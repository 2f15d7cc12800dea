/**
 * Shapes of the Bulwark HTTP API as the UI consumes them (see /api/openapi.json). The asset
 * vocabulary (kinds, levels, provenance) is the server's own model, imported type-safely.
 */
export {
  ASSET_KINDS, CRITICALITIES, SOURCE_KINDS, SCALAR_ATTRIBUTES, LIST_ATTRIBUTES,
} from '../../../src/model/asset.js';
export type {
  AssetKind, Criticality, PurdueLevel, SourceKind, ScalarAttribute, ListAttribute, Provenance, SiteRef, ZoneRef,
  AssetProvenance,
} from '../../../src/model/asset.js';
import type {
  AssetKind, Criticality, PurdueLevel, SourceKind, SiteRef, ZoneRef, AssetProvenance,
} from '../../../src/model/asset.js';

export interface AssetSummary {
  id: string;
  name: string;
  kind: AssetKind;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  hostname: string | null;
  ips: string[];
  macs: string[];
  site: SiteRef | null;
  zone: ZoneRef | null;
  purdueLevel: PurdueLevel | null;
  criticality: Criticality | null;
  tags: string[];
  externalId: string | null;
  updatedAt: string;
  /** TLP 2.0 label (default AMBER+STRICT); lists and the asset page carry it. */
  tlp?: string;
  /** The organisation that owns the asset (the one that labels and shares it). */
  organisation?: { id: string; name: string };
}

/** The facts one source stated; values are whatever the source said (strings or string lists). */
export type ObservationFacts = Record<string, unknown>;

export interface Observation {
  id: string;
  sourceKind: SourceKind;
  sourceName: string;
  observedAt: string;
  confidence: number;
  facts: ObservationFacts;
}

export interface AssetDetail extends AssetSummary {
  hardwareVersion: string | null;
  serial: string | null;
  owner: string | null;
  country: string | null;
  cpes: string[];
  purls: string[];
  custom: Record<string, string>;
  createdAt: string;
  provenance: AssetProvenance;
  /** Newest first. */
  observations: Observation[];
}

export interface AssetPage {
  items: AssetSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface AssetFacets {
  kinds: FacetValue[];
  sites: FacetValue[];
  criticalities: FacetValue[];
  vendors: FacetValue[];
}

export interface ZoneSummary {
  id: string;
  name: string;
  purdueLevel: PurdueLevel | null;
  assetCount: number;
}

export interface SiteSummary {
  id: string;
  name: string;
  assetCount: number;
  zones: ZoneSummary[];
}

export interface SiteList {
  items: SiteSummary[];
}

export interface Health {
  status: string;
  version: string;
  database: 'sqlite' | 'postgres' | (string & {});
}

export type ImportFormat = 'csv' | 'json';

export interface ImportChange {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  assetId: string | null;
  name: string;
  changed: string[];
}

export interface ImportReport {
  dryRun: boolean;
  format: ImportFormat;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The first 1000 changes only. */
  changes: ImportChange[];
}

/** One problem found in submitted input; line and column are 1-based when known. */
export interface InputIssue {
  line?: number;
  column?: number | string;
  message: string;
  code?: string;
}
