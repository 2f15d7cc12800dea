/** Table row types as Kysely sees them. JSON-valued columns are stored as text in both dialects. */

export interface SitesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ZonesTable {
  id: string;
  site_id: string;
  name: string;
  purdue_level: string | null;
  created_at: string;
}

export interface AssetsTable {
  id: string;
  name: string;
  kind: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  hardware_version: string | null;
  serial: string | null;
  hostname: string | null;
  site_id: string | null;
  zone_id: string | null;
  purdue_level: string | null;
  criticality: string | null;
  owner: string | null;
  country: string | null;
  external_id: string | null;
  /** JSON arrays of strings. */
  ips: string;
  macs: string;
  cpes: string;
  purls: string;
  tags: string;
  /** JSON object of custom attributes. */
  custom: string;
  /** JSON AssetProvenance. */
  provenance: string;
  /** Lower-case text of the searchable attributes, for `q` filtering. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface ObservationsTable {
  id: string;
  asset_id: string;
  import_id: string | null;
  source_kind: string;
  source_name: string;
  observed_at: string;
  confidence: number;
  /** JSON AssetFacts. */
  facts: string;
}

/** Every MAC and IP of an asset, for identity resolution and address look-ups. */
export interface AssetAddressesTable {
  asset_id: string;
  kind: 'mac' | 'ip';
  value: string;
}

export interface ImportsTable {
  id: string;
  source_kind: string;
  source_name: string;
  format: string;
  created_at: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  sites: SitesTable;
  zones: ZonesTable;
  assets: AssetsTable;
  observations: ObservationsTable;
  asset_addresses: AssetAddressesTable;
  imports: ImportsTable;
  meta: MetaTable;
}

