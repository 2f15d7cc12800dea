/**
 * CycloneDX `vulnerabilities[].analysis` ↔ canonical VexStatement (OpenVEX vocabulary). The mapping
 * is the platform rule in standards.md §9; the original terms are kept on every statement.
 */
import type { VexJustification, VexStatement, VexStatus } from '../../model/sbom.js';
import { isRecord, records, str } from './input.js';
import type { NormalizeContext } from './normalize.js';

const STATE_TO_STATUS: Readonly<Record<string, VexStatus>> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  exploitable: 'affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  in_triage: 'under_investigation',
};

const JUSTIFICATION_TO_OPENVEX: Readonly<Record<string, VexJustification>> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'component_not_present',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  // protected_at_perimeter and protected_by_mitigating_control have no product-inherent equivalent:
  // they become an impact statement so a site without that control is not silently suppressed.
};

/** Canonical status → CycloneDX analysis state (for writing). */
export const STATUS_TO_STATE: Readonly<Record<VexStatus, string>> = {
  not_affected: 'not_affected',
  affected: 'exploitable',
  fixed: 'resolved',
  under_investigation: 'in_triage',
};

/** Canonical justification → CycloneDX justification (for writing). */
export const JUSTIFICATION_TO_CYCLONEDX: Readonly<Record<VexJustification, string>> = {
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  component_not_present: 'requires_dependency',
  inline_mitigations_already_exist: 'protected_at_runtime',
};

export function mapCycloneDxJustification(justification: string): VexJustification | undefined {
  return JUSTIFICATION_TO_OPENVEX[justification];
}

/** Vulnerabilities that carry an `analysis.state` become statements; plain VDR entries do not. */
export function readCycloneDxVulnerabilities(value: unknown, ctx: NormalizeContext): VexStatement[] {
  const statements: VexStatement[] = [];
  records(value).forEach((vuln, i) => {
    const pointer = `/vulnerabilities/${i}`;
    const place = ctx.place(vuln, pointer);
    const analysis = isRecord(vuln.analysis) ? vuln.analysis : undefined;
    const state = analysis ? str(analysis.state) : undefined;
    if (!analysis || !state) return;
    const id = str(vuln.id);
    if (!id) {
      ctx.warn('vulnerability with an analysis has no id; statement skipped', place, 'vex-missing-id');
      return;
    }
    const status = STATE_TO_STATUS[state];
    if (!status) {
      ctx.warn(`unknown analysis state "${state}"; statement skipped`, place, 'vex-unknown-state');
      return;
    }
    const rawJustification = str(analysis.justification);
    const justification = rawJustification ? mapCycloneDxJustification(rawJustification) : undefined;
    const detail = str(analysis.detail);
    const impactStatement =
      status === 'not_affected'
        ? (detail ?? (rawJustification && !justification ? `CycloneDX justification: ${rawJustification}` : undefined))
        : undefined;
    const productRefs = records(vuln.affects)
      .map((a) => str(a.ref))
      .filter((r): r is string => r !== undefined);
    if (productRefs.length === 0) ctx.warn('VEX statement names no affected product (affects[].ref)', place, 'vex-no-product');
    const lastUpdated = str(analysis.lastUpdated) ?? str(vuln.updated);
    const firstIssued = str(analysis.firstIssued) ?? str(vuln.published) ?? str(vuln.created);
    statements.push({
      vulnerabilityId: id,
      aliases: records(vuln.references)
        .map((r) => str(r.id))
        .filter((r): r is string => r !== undefined && r !== id),
      productRefs,
      subcomponentRefs: [],
      status,
      justification,
      impactStatement,
      actionStatement: status === 'affected' ? (str(vuln.recommendation) ?? str(vuln.workaround) ?? detail) : undefined,
      statusNotes: status === 'not_affected' ? undefined : detail,
      responses: arrStrings(analysis.response),
      original: { format: 'cyclonedx', status: state, justification: rawJustification },
      timestamp: lastUpdated ?? firstIssued,
      firstIssued,
      lastUpdated,
      place,
    });
  });
  return statements;
}

function arrStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(str).filter((s): s is string => s !== undefined);
}
