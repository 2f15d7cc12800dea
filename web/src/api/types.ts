/**
 * Shapes of the Bulwark HTTP API as the UI consumes them (see /api/openapi.json).
 * Kept separate from src/model because that module depends on Node built-ins.
 */

export const ASSET_KINDS = [
  'plc', 'rtu', 'hmi', 'ews', 'historian', 'server', 'workstation', 'ied', 'sis', 'network',
  'gateway', 'drive', 'sensor', 'other',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Purdue levels 0-5 plus the industrial DMZ ("3.5"). */
export type PurdueLevel = '0' | '1' | '2' | '3' | 'dmz' | '4' | '5';

export const SOURCE_KINDS = ['import', 'manual', 'sbom', 'discovery', 'collector', 'demo'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SCALAR_ATTRIBUTES = [
  'name', 'kind', 'vendor', 'model', 'firmware', 'hardwareVersion', 'serial', 'hostname', 'site', 'zone',
  'purdueLevel', 'criticality', 'owner', 'country', 'externalId',
] as const;
export type ScalarAttribute = (typeof SCALAR_ATTRIBUTES)[number];

export const LIST_ATTRIBUTES = ['ips', 'macs', 'cpes', 'purls', 'tags'] as const;
export type ListAttribute = (typeof LIST_ATTRIBUTES)[number];

export interface Provenance {
  sourceKind: SourceKind;
  sourceName: string;
  observationId: string;
  observedAt: string;
  /** 0..1 */
  confidence: number;
}

export interface SiteRef {
  id: string;
  name: string;
}

export interface ZoneRef {
  id: string;
  name: string;
  purdueLevel: PurdueLevel | null;
}

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
}

export type AssetProvenance = Partial<Record<ScalarAttribute, Provenance>> &
  Partial<Record<ListAttribute, Record<string, Provenance>>> & { custom?: Record<string, Provenance> };

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
