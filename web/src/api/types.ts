/**
 * Shapes of the Bulwark HTTP API as the UI consumes them (see /api/openapi.json). The asset
 * vocabulary (kinds, levels, provenance) and the asset answers (list rows, the detail with its
 * observations) are the server's own model, imported type-safely.
 */
export {
  ASSET_KINDS, CRITICALITIES, SOURCE_KINDS, SCALAR_ATTRIBUTES, LIST_ATTRIBUTES,
} from '../../../src/model/asset.js';
export type {
  AssetKind, Criticality, PurdueLevel, SourceKind, ScalarAttribute, ListAttribute, Provenance, SiteRef, ZoneRef,
  AssetProvenance, AssetSummary, AssetDetail, Observation,
} from '../../../src/model/asset.js';
import type { AssetSummary, PurdueLevel } from '../../../src/model/asset.js';

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
