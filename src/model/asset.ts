/**
 * The asset domain model: what Bulwark knows about one device or host in the OT estate.
 * Pure types and constants, no I/O and no Node built-ins (the web UI imports them too, and takes
 * the asset API's answers from here: AssetSummary, AssetDetail).
 */
import type { OwnerRef } from './owner.js';

export const ASSET_KINDS = [
  'plc', 'rtu', 'hmi', 'ews', 'historian', 'server', 'workstation', 'ied', 'sis', 'network',
  'gateway', 'drive', 'sensor', 'other',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Purdue reference model levels 0-5; 'dmz' is the industrial DMZ between levels 3 and 4 (often called 3.5). */
export const PURDUE_LEVELS = ['0', '1', '2', '3', 'dmz', '4', '5'] as const;
export type PurdueLevel = (typeof PURDUE_LEVELS)[number];

/** Where a fact came from. Every attribute value of an asset carries one of these. */
export const SOURCE_KINDS = ['import', 'manual', 'sbom', 'discovery', 'collector', 'demo'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Scalar attributes: one value wins, chosen by confidence then recency. */
export const SCALAR_ATTRIBUTES = [
  'name', 'kind', 'vendor', 'model', 'firmware', 'hardwareVersion', 'serial', 'hostname', 'site', 'zone',
  'purdueLevel', 'criticality', 'owner', 'country', 'externalId',
] as const;
export type ScalarAttribute = (typeof SCALAR_ATTRIBUTES)[number];

/** Multi-valued attributes: values from every source are kept (set union), each with its provenance. */
export const LIST_ATTRIBUTES = ['ips', 'macs', 'cpes', 'purls', 'tags'] as const;
export type ListAttribute = (typeof LIST_ATTRIBUTES)[number];

export type AssetAttribute = ScalarAttribute | ListAttribute;

/** The attributes one source states about one asset. Absent keys mean "this source says nothing". */
export interface AssetFacts {
  name?: string;
  kind?: AssetKind;
  vendor?: string;
  model?: string;
  firmware?: string;
  hardwareVersion?: string;
  serial?: string;
  hostname?: string;
  site?: string;
  zone?: string;
  purdueLevel?: PurdueLevel;
  criticality?: Criticality;
  owner?: string;
  /** ISO 3166-1 alpha-2 country of origin of the product (supply-chain view), upper case. */
  country?: string;
  externalId?: string;
  ips?: string[];
  macs?: string[];
  cpes?: string[];
  purls?: string[];
  tags?: string[];
  /** Columns the importer did not recognise, kept verbatim. */
  custom?: Record<string, string>;
}

export interface Provenance {
  sourceKind: SourceKind;
  sourceName: string;
  observationId: string;
  observedAt: string;
  /** 0..1; manual edits are 1, imports 0.9, passive discovery depends on the protocol field. */
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

/** The merged view of an asset, as stored and served. */
export interface Asset {
  /** TLP 2.0 label: who beyond the owning organisation may receive the record (read from the store, always sent). */
  tlp: string;
  /** The organisation that owns the record (the one that labels and shares it). */
  organisation: OwnerRef;
  id: string;
  name: string;
  kind: AssetKind;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  hardwareVersion: string | null;
  serial: string | null;
  hostname: string | null;
  site: SiteRef | null;
  zone: ZoneRef | null;
  purdueLevel: PurdueLevel | null;
  criticality: Criticality | null;
  owner: string | null;
  country: string | null;
  externalId: string | null;
  ips: string[];
  macs: string[];
  cpes: string[];
  purls: string[];
  tags: string[];
  custom: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** For scalar attributes: the winning observation. For list attributes: one entry per value. */
  provenance: AssetProvenance;
}

export type AssetProvenance = Partial<Record<ScalarAttribute, Provenance>> &
  Partial<Record<ListAttribute, Record<string, Provenance>>> & { custom?: Record<string, Provenance> };

export interface Observation {
  id: string;
  assetId: string;
  sourceKind: SourceKind;
  sourceName: string;
  observedAt: string;
  confidence: number;
  facts: AssetFacts;
}

/** One row of `GET /api/assets`: the asset without provenance and custom attributes, to keep pages small. */
export type AssetSummary = Omit<Asset, 'provenance' | 'custom'>;

/** `GET /api/assets/:id`: the asset with its observations, newest first. */
export interface AssetDetail extends Asset {
  observations: Observation[];
}

export function isAssetKind(v: string): v is AssetKind {
  return (ASSET_KINDS as readonly string[]).includes(v);
}
export function isCriticality(v: string): v is Criticality {
  return (CRITICALITIES as readonly string[]).includes(v);
}
