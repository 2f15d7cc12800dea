/**
 * The vulnerability side of risk, read from the stored intelligence: the merged record (CVSS from
 * every source, CISA ADP SSVC and KEV, references), the KEV catalog entry, the newest EPSS score
 * and the CSAF advisories that name the vulnerability (exploit_status threats, remediations). The
 * derived inputs are kept in `risk_vulnerability_inputs` with a stamp of what they were derived
 * from, so a recompute derives only the vulnerabilities whose intelligence changed.
 */
import { mergeVulnerability } from '../engine/intel/merge.js';
import {
  NO_DAY,
  packVulnerability,
  vulnerabilityColumns,
  vulnerabilityEvidence,
  vulnerabilityInputs,
  type ExploitationEvidence,
  type VulnerabilityColumns,
  type VulnerabilityEvidence,
  type VulnerabilityInputs,
} from '../engine/risk/index.js';
import type { AdvisoryRecord, AdvisoryRemediation, AdvisoryVulnerability, CvssMetric, EpssScore, VulnerabilityRecord } from '../model/intel.js';
import type { Db } from '../store/database.js';
import { readVulnerabilityInputs, vulnerabilitySourceStamps, writeVulnerabilityInputs } from '../store/repositories/risk.js';
import type { RiskVulnerabilityInputsTable } from '../store/schema.js';
import { chunks } from '../store/sql-helpers.js';
import type SQLite from 'better-sqlite3';

/** Bump when a derivation rule of src/engine/risk changes: every cached input is derived again. */
export const RISK_INPUTS_VERSION = '1';

export interface AdvisoryEntry {
  advisory: string;
  vulnerability: AdvisoryVulnerability;
}

export interface VulnerabilityIntel {
  id: string;
  title: string | null;
  record: VulnerabilityRecord | null;
  evidence: VulnerabilityEvidence;
  /** The CSAF (and OSV) advisories' entries for this vulnerability. */
  advisories: AdvisoryEntry[];
}

export interface FixedVersionEntry {
  advisory: string;
  productIds: string[];
  fixedVersion: string;
}

/** The parts of each advisory that name one of `ids` (a parsed advisory is shared by all its vulnerabilities). */
async function advisoryEntries(db: Db, ids: readonly string[]): Promise<Map<string, AdvisoryEntry[]>> {
  const links: { advisory_id: string; vulnerability_id: string }[] = [];
  for (const part of chunks([...ids])) links.push(...(await db.selectFrom('advisory_vulnerabilities').selectAll().where('vulnerability_id', 'in', part).execute()));
  const records = new Map<string, AdvisoryRecord>();
  for (const part of chunks([...new Set(links.map((l) => l.advisory_id))], 200)) {
    for (const r of await db.selectFrom('advisories').select(['id', 'record']).where('id', 'in', part).execute()) records.set(r.id, JSON.parse(r.record) as AdvisoryRecord);
  }
  const out = new Map<string, AdvisoryEntry[]>();
  for (const link of links) {
    const record = records.get(link.advisory_id);
    if (!record) continue;
    const list = out.get(link.vulnerability_id) ?? [];
    for (const v of record.vulnerabilities) {
      const names = [v.cve, v.id, ...v.ids.map((i) => i.text)].filter((x): x is string => typeof x === 'string');
      if (names.some((n) => n.toUpperCase() === link.vulnerability_id.toUpperCase())) list.push({ advisory: record.id, vulnerability: v });
    }
    out.set(link.vulnerability_id, list);
  }
  return out;
}

/**
 * mergeVulnerability's merged record (the same rules, the same metric objects), without the CVSS
 * scoring its view does to pick a preferred score: that view is not used here, and the risk engine
 * scores every vector itself (memoised). Scoring each vector twice was half of a first recompute's
 * vulnerability phase (a v4 vector costs ~0.35 ms). Each metric without a stated base score goes
 * in with a placeholder score and the record gets the original object back.
 */
export function mergedRecord(id: string, statements: ReadonlyArray<{ key: string; record: VulnerabilityRecord }>): VulnerabilityRecord {
  const originals = new Map<CvssMetric, CvssMetric>();
  const stubbed = statements.map(({ key, record }) => ({
    key,
    record: {
      ...record,
      metrics: record.metrics.map((m) => {
        if (m.baseScore !== undefined) return m;
        const placeholder = { ...m, baseScore: 0 };
        originals.set(placeholder, m);
        return placeholder;
      }),
    },
  }));
  const record = mergeVulnerability(id, stubbed, null).record;
  return { ...record, metrics: record.metrics.map((m) => originals.get(m) ?? m) };
}

/** Everything the risk engine needs to know about these vulnerabilities, from the store. */
export async function loadVulnerabilityIntel(db: Db, ids: readonly string[]): Promise<Map<string, VulnerabilityIntel>> {
  const out = new Map<string, VulnerabilityIntel>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const statements = await db.selectFrom('vulnerability_sources').select(['vulnerability_id', 'source_key', 'record']).where('vulnerability_id', 'in', part).execute();
    const rows = await db
      .selectFrom('vulnerabilities')
      .select(['id', 'title', 'epss_score', 'epss_percentile', 'epss_date', 'epss_model'])
      .where('id', 'in', part)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const grouped = new Map<string, { key: string; record: VulnerabilityRecord }[]>();
    for (const s of statements) {
      const list = grouped.get(s.vulnerability_id) ?? [];
      list.push({ key: s.source_key, record: JSON.parse(s.record) as VulnerabilityRecord });
      grouped.set(s.vulnerability_id, list);
    }
    const advisories = await advisoryEntries(db, part);
    for (const id of part) {
      const row = byId.get(id);
      const list = grouped.get(id);
      const record = list ? mergedRecord(id, list) : null;
      const epss: EpssScore | undefined =
        row && row.epss_score !== null
          ? { cveId: id, epss: Number(row.epss_score), percentile: row.epss_percentile === null ? undefined : Number(row.epss_percentile), scoreDate: row.epss_date ?? undefined, modelVersion: row.epss_model ?? undefined }
          : undefined;
      const entries = advisories.get(id) ?? [];
      // CSAF scores already are in the merged record (each CSAF statement carries them): only the
      // threats are taken from the advisories, so that no score is counted twice.
      const threatsOnly = entries.map((e) => ({ advisory: e.advisory, vulnerability: { ...e.vulnerability, scores: [] } }));
      const evidence = record
        ? vulnerabilityEvidence(record, { epss, advisories: threatsOnly })
        : { id, epss: epss ? { score: epss.epss, percentile: epss.percentile, date: epss.scoreDate, modelVersion: epss.modelVersion } : undefined };
      out.set(id, { id, title: row?.title ?? null, record, evidence, advisories: entries });
    }
  }
  return out;
}

/** Vendor fixes that name a fixed version, per advisory and products. */
export function fixedVersionEntries(advisories: readonly AdvisoryEntry[]): FixedVersionEntry[] {
  const out: FixedVersionEntry[] = [];
  for (const { advisory, vulnerability } of advisories) {
    for (const r of vulnerability.remediations) {
      if (r.category === 'vendor_fix' && r.fixedVersion) out.push({ advisory, productIds: r.productIds, fixedVersion: r.fixedVersion });
    }
  }
  return out;
}

/** The fixed version when every vendor fix names the same one (compared case-insensitively), else null. */
export function unambiguousFixedVersion(entries: readonly FixedVersionEntry[]): string | null {
  const distinct = new Set(entries.map((e) => e.fixedVersion.trim().toLowerCase()));
  return distinct.size === 1 ? entries[0]!.fixedVersion : null;
}

/**
 * The fixed version for one finding: the vendor fixes of the advisories' products that matched it
 * (the finding's CSAF evidence names them), else of every product when they all agree.
 */
export function fixedVersionForProducts(entries: readonly FixedVersionEntry[], products: ReadonlyArray<{ advisory: string; productId: string }>): string | null {
  const mine = entries.filter((e) => products.some((p) => p.advisory === e.advisory && e.productIds.includes(p.productId)));
  return unambiguousFixedVersion(mine.length > 0 ? mine : entries);
}

/** Remediations of the advisories, each limited to the finding's products where its evidence names them. */
export function remediationsForProducts(advisories: readonly AdvisoryEntry[], products: ReadonlyArray<{ advisory: string; productId: string }>): { advisory: string; remediations: AdvisoryRemediation[] }[] {
  return advisories.map(({ advisory, vulnerability }) => {
    const ids = products.filter((p) => p.advisory === advisory).map((p) => p.productId);
    const remediations = ids.length === 0 ? vulnerability.remediations : vulnerability.remediations.filter((r) => r.productIds.length === 0 || r.productIds.some((id) => ids.includes(id)));
    return { advisory, remediations };
  });
}

function cacheRow(id: string, stamp: string, inputs: VulnerabilityInputs, fixed: FixedVersionEntry[], now: string): RiskVulnerabilityInputsTable {
  const c = vulnerabilityColumns(1);
  packVulnerability(c, 0, inputs);
  return {
    vulnerability_id: id,
    stamp,
    exploitation: c.exploitation[0]!,
    automatable: c.automatable[0]!,
    technical_impact: c.technicalImpact[0]!,
    kev: c.kev[0]!,
    vulnrichment: c.vulnrichment[0]!,
    kev_added_day: c.kevAddedDay[0]!,
    vulnrichment_day: c.vulnrichmentDay[0]!,
    cvss_tenths: c.cvssTenths[0]!,
    epss: Number.isNaN(c.epss[0]!) ? null : c.epss[0]!,
    kev_due_date: inputs.kev.dueDate ?? null,
    fixed_version: unambiguousFixedVersion(fixed),
    fixed_versions: fixed.length > 0 ? JSON.stringify(fixed) : null,
    exploitation_evidence: JSON.stringify(inputs.exploitationEvidence),
    problems: inputs.problems.length,
    computed_at: now,
  };
}

/**
 * The derived inputs of these vulnerabilities, derived again where the intelligence changed since
 * (or never derived). Returns one row per id; an id unknown to the store gets all-unknown inputs.
 */
export async function ensureVulnerabilityInputs(
  db: Db,
  raw: SQLite.Database | null,
  ids: readonly string[],
  now: string,
): Promise<{ rows: Map<string, RiskVulnerabilityInputsTable>; derived: number }> {
  const stamps = await vulnerabilitySourceStamps(db, ids);
  const rows = await readVulnerabilityInputs(db, ids);
  const stale: string[] = [];
  const wanted = new Map<string, string>();
  for (const id of ids) {
    const stamp = `${RISK_INPUTS_VERSION}|${stamps.get(id) ?? 'unknown'}`;
    wanted.set(id, stamp);
    if (rows.get(id)?.stamp !== stamp) stale.push(id);
  }
  const fresh: RiskVulnerabilityInputsTable[] = [];
  for (const part of chunks(stale, 500)) {
    const intel = await loadVulnerabilityIntel(db, part);
    for (const id of part) {
      const v = intel.get(id)!;
      const row = cacheRow(id, wanted.get(id)!, vulnerabilityInputs(v.evidence), fixedVersionEntries(v.advisories), now);
      fresh.push(row);
      rows.set(id, row);
    }
  }
  // One transaction for all of them (row by row outside one, each row was a commit of its own).
  if (fresh.length > 0) {
    if (db.isTransaction) await writeVulnerabilityInputs(db, raw, fresh);
    else await db.transaction().execute((trx) => writeVulnerabilityInputs(trx, raw, fresh));
  }
  return { rows, derived: stale.length };
}

/** Writes a cached row into the batch columns (the same values packVulnerability would write). */
export function packCachedVulnerability(columns: VulnerabilityColumns, i: number, r: RiskVulnerabilityInputsTable): void {
  columns.exploitation[i] = Number(r.exploitation);
  columns.automatable[i] = Number(r.automatable);
  columns.technicalImpact[i] = Number(r.technical_impact);
  columns.kev[i] = Number(r.kev);
  columns.vulnrichment[i] = Number(r.vulnrichment);
  columns.kevAddedDay[i] = r.kev_added_day === null ? NO_DAY : Number(r.kev_added_day);
  columns.vulnrichmentDay[i] = r.vulnrichment_day === null ? NO_DAY : Number(r.vulnrichment_day);
  columns.cvssTenths[i] = Number(r.cvss_tenths);
  columns.epss[i] = r.epss === null ? Number.NaN : Number(r.epss);
}

export function exploitationEvidenceOf(r: RiskVulnerabilityInputsTable | undefined): ExploitationEvidence[] {
  return r ? (JSON.parse(r.exploitation_evidence) as ExploitationEvidence[]) : [];
}
