/** Table row types as Kysely sees them. JSON-valued columns are stored as text in both dialects. */
import type { ColumnType } from 'kysely';

/** A TLP 2.0 label (`CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT`, `RED`); AMBER+STRICT unless set. */
export type TlpColumn = ColumnType<string, string | undefined, string>;

export interface SitesTable {
  id: string;
  org_id: string;
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
  org_id: string;
  tlp: TlpColumn;
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
  org_id: string;
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

export interface VulnerabilitiesTable {
  id: string;
  title: string | null;
  description: string | null;
  published: string | null;
  last_modified: string | null;
  status: string;
  cvss_score: number | null;
  cvss_version: string | null;
  cvss_vector: string | null;
  cvss_severity: string | null;
  cvss_assessor: string | null;
  epss_score: number | null;
  epss_percentile: number | null;
  epss_date: string | null;
  epss_model: string | null;
  in_kev: number;
  kev_date_added: string | null;
  kev_due_date: string | null;
  ssvc_exploitation: string | null;
  /** JSON array of alias ids. */
  aliases: string;
  /** JSON array of source keys that contributed. */
  sources: string;
  /** JSON: the merged view's KEV, SSVC and preferred-CVSS parts shown in lists (the full record is merged on read). */
  summary: string;
  search_text: string;
  updated_at: string;
}

export interface VulnerabilityAliasesTable {
  alias: string;
  vulnerability_id: string;
}

export interface VulnerabilitySourcesTable {
  vulnerability_id: string;
  /** `nvd`, `cve5`, `kev`, `osv:<id>`, `csaf:<advisory id>` */
  source_key: string;
  source_kind: string;
  document: string | null;
  /** JSON: the VulnerabilityRecord this source stated. */
  record: string;
  content_hash: string;
  imported_at: string;
}

export interface ProductSpecsTable {
  id: string;
  vulnerability_id: string;
  source_key: string;
  kind: string;
  vendor: string | null;
  product: string | null;
  /** JSON ProductSpec. */
  spec: string;
}

export interface AdvisoriesTable {
  id: string;
  category: string;
  title: string;
  publisher: string | null;
  tlp: string | null;
  released: string | null;
  version: string | null;
  vulnerability_count: number;
  product_count: number;
  record: string;
  /** The original document text, served for download. */
  document: string;
  content_hash: string;
  imported_at: string;
}

export interface AdvisoryVulnerabilitiesTable {
  advisory_id: string;
  vulnerability_id: string;
}

export interface EpssScoresTable {
  cve_id: string;
  score_date: string;
  model_version: string | null;
  epss: number;
  percentile: number | null;
}

export interface IntelEventsTable {
  id: string;
  vulnerability_id: string;
  at: string;
  kind: string;
  detail: string;
}

export interface IntelDocumentsTable {
  content_hash: string;
  source_kind: string;
  name: string;
  records: number;
  imported_at: string;
}

export interface IntelSourcesTable {
  source: string;
  cursor: string | null;
  documents: number;
  records: number;
  last_update: string;
}

export interface ProductVersionsTable {
  id: string;
  vendor: string;
  product: string;
  version: string;
  /** Lower case, whitespace collapsed: the identity of the product version. */
  vendor_key: string;
  product_key: string;
  version_key: string;
  created_at: string;
}

export interface SbomsTable {
  id: string;
  org_id: string;
  tlp: TlpColumn;
  /** `sbom` (has components) or `vex` (only VEX statements: OpenVEX, CycloneDX VEX). */
  kind: string;
  name: string;
  source_name: string;
  /** `cyclonedx`, `spdx` or `openvex`. */
  format: string;
  spec_version: string;
  encoding: string;
  serial_number: string | null;
  bom_version: number | null;
  subject_name: string | null;
  subject_version: string | null;
  product_version_id: string | null;
  asset_id: string | null;
  component_count: number;
  dependency_count: number;
  vex_count: number;
  ai_count: number;
  issue_count: number;
  ntia_score: number | null;
  cisa_score: number | null;
  /** JSON: the quality report without the per-component gaps (those live on the components). */
  quality: string;
  /** JSON SbomMetadata without the subject component. */
  metadata: string;
  /** JSON SbomIssue[] (warnings and errors found on reading, capped). */
  issues: string;
  /** SHA-256 of the original bytes. */
  content_hash: string;
  document_size: number;
  /** The original text when it is small enough to keep (see MAX_KEPT_DOCUMENT_BYTES), else null. */
  document: string | null;
  imported_at: string;
}

export interface SbomComponentsTable {
  sbom_id: string;
  /** Position in the flattened tree (subject first, then depth first, parents before children). */
  idx: number;
  parent_idx: number | null;
  parent_ref: string | null;
  depth: number;
  /** 1 for the component the SBOM describes (CycloneDX metadata.component). */
  is_subject: number;
  ref: string;
  type: string;
  name: string;
  version: string | null;
  group_name: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
  /** JSON SbomHash[]. */
  hashes: string;
  /** JSON string[]: SPDX expressions, then free-text licence names. */
  licenses: string;
  /** 1 for machine-learning models and data sets. */
  is_ai: number;
  /** JSON CycloneDX modelCard. */
  model_card: string | null;
  /** JSON ComponentElement[]: the minimum elements this component lacks. */
  missing: string;
  search_text: string;
  /** JSON SbomComponent without its children: the whole component, for exports. */
  record: string;
}

export interface SbomDependenciesTable {
  sbom_id: string;
  idx: number;
  from_ref: string;
  to_ref: string;
  kind: string;
}

export interface SbomVexTable {
  sbom_id: string;
  idx: number;
  vulnerability_id: string;
  status: string;
  justification: string | null;
  /** JSON VexStatement. */
  record: string;
}

export interface SbomVexRefsTable {
  sbom_id: string;
  vex_idx: number;
  ref: string;
}

export interface SpecKeysTable {
  key: string;
  spec_id: string;
}

export interface TargetKeysTable {
  key: string;
  target_id: string;
}

export interface MatchDirtyKeysTable {
  key: string;
}

export interface FindingsTable {
  id: string;
  org_id: string;
  tlp: TlpColumn;
  target_id: string;
  target_kind: string;
  target_name: string;
  asset_id: string | null;
  sbom_id: string | null;
  component_idx: number | null;
  vulnerability_id: string;
  status: string;
  confidence: string;
  decided_by: number;
  user_decided: number;
  reason: string;
  justification: string | null;
  evidence: string;
  content_hash: string;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  updated_at: string;
}

export interface FindingDecisionsTable {
  target_id: string;
  vulnerability_id: string;
  decision: string;
  reason: string | null;
  decided_by: string;
  decided_at: string;
}

export interface MatchRulesTable {
  id: string;
  org_id: string;
  spec_key: string;
  target_vendor: string;
  target_model: string;
  reason: string | null;
  created_by: string;
  created_at: string;
}

/** Something noticed about an asset (new device, firmware changed, …); `detail` is JSON. */
export interface AssetEventsTable {
  id: string;
  asset_id: string;
  kind: string;
  detail: string;
  at: string;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  community: number;
  client_of: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string | null;
  email: string | null;
  role: string;
  site_ids: string | null;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  role: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  org_id: string | null;
  actor: string;
  actor_kind: string;
  action: string;
  target: string | null;
  outcome: string;
  source: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A record shared beyond its organisation: with another organisation, or (TLP:RED) a named person. */
export interface SharesTable {
  id: string;
  record_kind: string;
  record_id: string;
  owner_org_id: string;
  recipient_org_id: string | null;
  recipient_user_id: string | null;
  created_by: string;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Risk, remediation and notifications (migration 014, issue 8). Every table but the
// intelligence-derived `risk_vulnerability_inputs` belongs to one organisation.

/** An organisation's deadline policy: SLA days per SSVC decision and which deadline governs. */
export interface RiskPoliciesTable {
  org_id: string;
  name: string;
  /** `organisation` (the SLA below) or `bod-26-04`. */
  mode: string;
  /** JSON `{ Act, Attend, 'Track*', Track }`: days, null = no fixed date. */
  sla_days: string;
  due_soon_days: number;
  updated_by: string;
  updated_at: string;
}

/** A user's override of one SSVC / exposure input for an asset, a zone or a site. */
export interface RiskOverridesTable {
  id: string;
  org_id: string;
  scope: string;
  scope_id: string;
  input: string;
  value: string;
  vulnerability_id: string | null;
  reason: string | null;
  created_by: string;
  created_at: string;
  updated_by: string | null;
  updated_at: string | null;
}

/** A vulnerability's derived risk inputs (batch codes of src/engine/risk), valid while `stamp` holds. */
export interface RiskVulnerabilityInputsTable {
  vulnerability_id: string;
  /** Engine version, vulnerability `updated_at` and newest linked advisory import: derived from exactly these. */
  stamp: string;
  exploitation: number;
  automatable: number;
  technical_impact: number;
  kev: number;
  vulnrichment: number;
  kev_added_day: number;
  vulnrichment_day: number;
  cvss_tenths: number;
  epss: number | null;
  kev_due_date: string | null;
  /** The vendor-fix version when every advisory names the same one; null when none or they differ. */
  fixed_version: string | null;
  /** JSON `[{ advisory, productIds, fixedVersion }]` of every vendor fix naming a version, or null. */
  fixed_versions: string | null;
  /** JSON ExploitationEvidence[] (dated evidence of exploitation in the wild). */
  exploitation_evidence: string;
  problems: number;
  computed_at: string;
}

/** The stored result of the batch recompute for one finding (what the work queue sorts and pages). */
export interface RiskAssessmentsTable {
  finding_id: string;
  org_id: string;
  /** Site id, `-` for an asset without a site, `*` for a finding without an asset (organisation-wide). */
  site_key: string;
  asset_id: string | null;
  site_id: string | null;
  zone_id: string | null;
  vulnerability_id: string;
  /** Code in DECISIONS (0 Track … 3 Act). */
  decision: number;
  decision_since: string;
  bod_outcome: number;
  bod_no_vulnrichment: number;
  bod_due: string | null;
  policy_due: string | null;
  /** UTC day number of the governing deadline; NO_DUE_DAY when it has no date. */
  due_day: number;
  /** `date`, `next-upgrade` or `unknown`. */
  due_kind: string;
  kev: number;
  exposed: number;
  /** Risk score before the remediation state factor. */
  risk_base: number;
  risk: number;
  state: string;
  /** 1 while the finding waits for action (state open or planned). */
  open: number;
  /** Notification flags (bit 0: overdue notified). */
  notified: number;
  /** 53-bit hash of the values above: a recompute rewrites only rows whose hash changes. */
  hash: number;
  computed_at: string;
}

export interface RemediationPlansTable {
  id: string;
  org_id: string;
  title: string;
  vulnerability_id: string | null;
  owner: string;
  due_date: string;
  action: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** The remediation record of one finding (engine RemediationRecord in `record`, key fields beside it). */
export interface RemediationsTable {
  finding_id: string;
  org_id: string;
  vulnerability_id: string;
  asset_id: string | null;
  plan_id: string | null;
  state: string;
  owner: string | null;
  due_date: string | null;
  /** Acceptance expiry as a UTC ISO timestamp (for the lapse sweep). */
  expires_at: string | null;
  first_action_at: string | null;
  /** JSON RemediationRecord (state, plan, acceptance, verification, history). */
  record: string;
  /** JSON `[{ at, by, text, url? }]`: evidence notes. */
  evidence: string;
  updated_by: string;
  updated_at: string;
}

/** A risk rollup of one group (asset, zone, site or organisation). */
interface RiskRollupColumns {
  org_id: string;
  level: string;
  group_id: string;
  group_name: string;
  score: number;
  findings: number;
  act: number;
  attend: number;
  track_star: number;
  track: number;
  sum: number;
  mean: number;
  worst_finding_id: string | null;
}

/** Latest risk rollup per asset, zone, site and organisation. */
export interface RiskRollupsTable extends RiskRollupColumns {
  computed_at: string;
}

/** Daily snapshot of the organisation, site and zone rollups (the trend). */
export interface RiskSnapshotsTable extends RiskRollupColumns {
  day: string;
}

/** One recompute of an organisation. */
export interface RiskRunsTable {
  id: string;
  org_id: string;
  trigger: string;
  started_at: string;
  finished_at: string;
  /** JSON RecomputeSummary. */
  summary: string;
}

export interface NotificationEndpointsTable {
  id: string;
  org_id: string;
  name: string;
  /** `webhook` or `syslog`. */
  kind: string;
  enabled: number;
  /** JSON array of event kinds sent (`act`, `kev`, `overdue`). */
  events: string;
  /** JSON: webhook `{ url }`, syslog `{ host, port, transport, format, facility, appName }`. */
  config: string;
  /** HMAC key of a webhook; never returned by the API nor logged. */
  secret: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface NotificationDeliveriesTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  endpoint_name: string;
  kind: string;
  /** `delivered`, `failed`. */
  status: string;
  attempts: number;
  event_count: number;
  event_kinds: string;
  response_status: number | null;
  error: string | null;
  /** JSON events delivered (capped). */
  events: string;
  created_at: string;
  last_attempt_at: string;
}

export interface Database {
  shares: SharesTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  sites: SitesTable;
  zones: ZonesTable;
  assets: AssetsTable;
  observations: ObservationsTable;
  asset_addresses: AssetAddressesTable;
  imports: ImportsTable;
  meta: MetaTable;
  vulnerabilities: VulnerabilitiesTable;
  vulnerability_aliases: VulnerabilityAliasesTable;
  vulnerability_sources: VulnerabilitySourcesTable;
  product_specs: ProductSpecsTable;
  advisories: AdvisoriesTable;
  advisory_vulnerabilities: AdvisoryVulnerabilitiesTable;
  epss_scores: EpssScoresTable;
  intel_events: IntelEventsTable;
  intel_documents: IntelDocumentsTable;
  intel_sources: IntelSourcesTable;
  product_versions: ProductVersionsTable;
  sboms: SbomsTable;
  sbom_components: SbomComponentsTable;
  sbom_dependencies: SbomDependenciesTable;
  sbom_vex: SbomVexTable;
  sbom_vex_refs: SbomVexRefsTable;
  spec_keys: SpecKeysTable;
  target_keys: TargetKeysTable;
  match_dirty_keys: MatchDirtyKeysTable;
  findings: FindingsTable;
  finding_decisions: FindingDecisionsTable;
  match_rules: MatchRulesTable;
  asset_events: AssetEventsTable;
  risk_policies: RiskPoliciesTable;
  risk_overrides: RiskOverridesTable;
  risk_vulnerability_inputs: RiskVulnerabilityInputsTable;
  risk_assessments: RiskAssessmentsTable;
  remediation_plans: RemediationPlansTable;
  remediations: RemediationsTable;
  risk_rollups: RiskRollupsTable;
  risk_snapshots: RiskSnapshotsTable;
  risk_runs: RiskRunsTable;
  notification_endpoints: NotificationEndpointsTable;
  notification_deliveries: NotificationDeliveriesTable;
}

