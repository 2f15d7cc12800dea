/**
 * CycloneDX VEX and OpenVEX statements (normalised VexStatement, src/model/sbom.ts) applied to the
 * findings of SBOM components: a statement names the vulnerability (id or alias) and the product
 * (bom-ref, `urn:cdx:` BOM-link ending in the bom-ref, or a purl); it becomes tier-3 evidence
 * ("vendor statement") that annotates or suppresses the finding with its justification.
 */
import { tryParsePurl } from '../../formats/purl/index.js';
import type { Evidence, Finding, MatchTarget, UserDecision } from '../../model/finding.js';
import type { VexStatement } from '../../model/sbom.js';
import { combineEvidence } from './precedence.js';

function refsOf(target: MatchTarget): string[] {
  if (target.kind === 'component') return [target.id, ...(target.refs ?? []), ...(target.purl ? [target.purl] : [])];
  return [target.id, ...target.purls];
}

/** Does a VEX product reference denote the target? */
export function vexProductMatches(productRef: string, target: MatchTarget): boolean {
  const refs = refsOf(target);
  if (refs.includes(productRef)) return true;
  // CycloneDX BOM-link: urn:cdx:<serial>/<version>#<bom-ref>
  const hash = productRef.startsWith('urn:cdx:') ? productRef.indexOf('#') : -1;
  if (hash >= 0 && refs.includes(decodeURIComponent(productRef.slice(hash + 1)))) return true;
  const statementPurl = tryParsePurl(productRef);
  if (!statementPurl) return false;
  for (const r of refs) {
    const p = tryParsePurl(r);
    if (!p || p.key !== statementPurl.key) continue;
    // A versionless purl in the statement names every version.
    if (statementPurl.version === undefined || statementPurl.version === p.version) return true;
  }
  return false;
}

function statementApplies(statement: VexStatement, vulnerabilityIds: readonly string[], target: MatchTarget): boolean {
  const ids = new Set([statement.vulnerabilityId, ...statement.aliases].map((x) => x.toUpperCase()));
  if (!vulnerabilityIds.some((v) => ids.has(v.toUpperCase()))) return false;
  return statement.productRefs.some((r) => vexProductMatches(r, target)) || statement.subcomponentRefs.some((r) => vexProductMatches(r, target));
}

/** The evidence a VEX statement gives about the target. */
export function vexEvidence(statement: VexStatement): Evidence {
  const format = statement.original.format;
  return {
    matcher: 'vex',
    status: statement.status,
    confidence: 'exact',
    tier: 3,
    criterion: statement.productRefs[0],
    pointer: statement.place.pointer,
    compared: [{ attribute: 'product', target: statement.productRefs.join(', '), spec: statement.vulnerabilityId, result: statement.original.status }],
    source: { kind: format === 'openvex' ? 'openvex' : 'cyclonedx-vex', document: statement.place.file, pointer: statement.place.pointer, revision: statement.lastUpdated ?? statement.timestamp },
    reason: `${format === 'openvex' ? 'OpenVEX' : 'CycloneDX VEX'} statement: ${statement.original.status}${statement.original.justification ? ` (${statement.original.justification})` : ''}${statement.impactStatement ? ` — ${statement.impactStatement}` : ''}`,
    ...(statement.justification ? { justifications: [statement.justification] } : {}),
    ...(statement.impactStatement ? { impactStatement: statement.impactStatement } : {}),
    ...(statement.actionStatement ? { actionStatement: statement.actionStatement } : {}),
  };
}

export interface ApplyVexOptions {
  /** Other ids of a vulnerability (CVE ↔ GHSA ↔ OSV), so that a statement by alias applies. */
  aliases?: ((vulnerabilityId: string) => readonly string[]) | undefined;
  /** Create findings for statements about vulnerabilities no matcher found (default true). */
  createMissing?: boolean | undefined;
  decisions?: readonly UserDecision[] | undefined;
}

/**
 * Applies VEX statements to a target's findings: matching statements become evidence and the
 * status is recombined by precedence. Statements about other products are ignored.
 */
export function applyVexStatements(target: MatchTarget, findings: readonly Finding[], statements: readonly VexStatement[], options: ApplyVexOptions = {}): Finding[] {
  const out: Finding[] = [];
  const used = new Set<VexStatement>();
  for (const finding of findings) {
    const ids = [finding.vulnerabilityId, ...(options.aliases?.(finding.vulnerabilityId) ?? [])];
    const applicable = statements.filter((s) => statementApplies(s, ids, target));
    if (applicable.length === 0) {
      out.push(finding);
      continue;
    }
    for (const s of applicable) used.add(s);
    const evidence = [...finding.evidence.filter((e) => e.matcher !== 'user' && e.matcher !== 'vex'), ...applicable.map(vexEvidence)];
    const decision = options.decisions?.find((d) => d.targetId === target.id && d.vulnerabilityId === finding.vulnerabilityId);
    out.push(combineEvidence(target, finding.vulnerabilityId, evidence, decision));
  }
  if (options.createMissing !== false) {
    const byVuln = new Map<string, VexStatement[]>();
    for (const s of statements) {
      if (used.has(s) || !statementApplies(s, [s.vulnerabilityId], target)) continue;
      if (out.some((f) => f.vulnerabilityId === s.vulnerabilityId || s.aliases.includes(f.vulnerabilityId))) continue;
      byVuln.set(s.vulnerabilityId, [...(byVuln.get(s.vulnerabilityId) ?? []), s]);
    }
    for (const [id, list] of byVuln) out.push(combineEvidence(target, id, list.map(vexEvidence), options.decisions?.find((d) => d.targetId === target.id && d.vulnerabilityId === id)));
  }
  return out;
}
