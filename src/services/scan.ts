/**
 * One-shot scan: an SBOM (CycloneDX, SPDX) or an inventory file (CSV, JSON) matched against the
 * stored intelligence without importing anything, for CI gates and quick questions. Output as a
 * table, JSON, CycloneDX VEX (the SBOM with one analysis per finding) or SARIF 2.1.0.
 */
import { assetTarget, componentTarget, matchTargetDetailed, targetMatchKeys } from '../engine/match/index.js';
import type { MatchableSpec } from '../engine/match/index.js';
import { STATUS_TO_STATE } from '../formats/cyclonedx/vex.js';
import { writeCycloneDxJson } from '../formats/cyclonedx/write.js';
import { detectInventoryFormat, readInventory } from '../formats/inventory/read.js';
import { detectSbomKind } from '../engine/sbom/read.js';
import type { Finding, MatchTarget } from '../model/finding.js';
import { InputError } from '../model/errors.js';
import { flattenComponents, type SbomDocument, type VexJustification, type VexStatement } from '../model/sbom.js';
import type { Store } from '../store/database.js';
import { specIdsForKeys } from '../store/repositories/findings.js';
import { chunks } from '../store/sql-helpers.js';
import { VERSION } from '../version.js';
import { ensureSpecKeys } from './matching.js';
import { aliasResolver, loadSpecs } from './match-chunks.js';
import { readSbomDocument } from './sbom.js';

export const SCAN_FORMATS = ['table', 'json', 'cyclonedx-vex', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
export const FAIL_ON = ['critical', 'high', 'kev'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ScanFinding {
  target: { ref: string; name: string; version: string | null; purl: string | null; kind: MatchTarget['kind'] };
  vulnerability: { id: string; aliases: string[]; title: string | null; cvssScore: number | null; cvssSeverity: string | null; epssScore: number | null; inKev: boolean };
  status: Finding['status'];
  confidence: Finding['confidence'];
  reason: string;
  justification: string | null;
  evidence: Finding['evidence'];
}

export interface ScanResult {
  source: string;
  kind: 'sbom' | 'inventory';
  targets: number;
  findings: ScanFinding[];
  summary: { affected: number; bySeverity: Record<string, number>; kev: number };
  /** The SBOM read (for the CycloneDX VEX output). */
  document?: SbomDocument;
}

interface ScanTarget {
  target: MatchTarget;
  version: string | null;
  purl: string | null;
}

async function targetsOf(name: string, bytes: Buffer): Promise<{ kind: ScanResult['kind']; targets: ScanTarget[]; document?: SbomDocument; vex: VexStatement[] }> {
  const head = bytes.subarray(0, 65536).toString('utf8');
  const looksSbom = detectSbomKind(head) !== 'unknown' || /"(bomFormat|spdxVersion|@graph|SPDXID)"/.test(head);
  if (looksSbom) {
    const read = await readSbomDocument(name, bytes);
    if (!read.document) throw new InputError(`${name} is a VEX document, not an SBOM: there is nothing to scan`, { code: 'not-an-sbom' });
    const subject = read.document.metadata.component?.ref;
    const targets = flattenComponents(read.document.components)
      .filter((c) => c.ref !== subject)
      .map((c) => ({ target: componentTarget(c), version: c.version ?? null, purl: c.purl ?? null }));
    return { kind: 'sbom', targets, document: read.document, vex: read.vex };
  }
  const records = readInventory(bytes, detectInventoryFormat(bytes), { file: name });
  const targets = records.map((r) => {
    const f = r.facts;
    const id = f.externalId ?? `line-${r.line}`;
    return {
      target: assetTarget({
        id,
        name: f.name ?? id,
        vendor: f.vendor ?? null,
        model: f.model ?? null,
        firmware: f.firmware ?? null,
        hardwareVersion: f.hardwareVersion ?? null,
        serial: f.serial ?? null,
        cpes: f.cpes ?? [],
        purls: f.purls ?? [],
        custom: f.custom,
      }),
      version: f.firmware ?? null,
      purl: f.purls?.[0] ?? null,
    };
  });
  return { kind: 'inventory', targets, vex: [] };
}

/** Scans a file against the stored intelligence; nothing is written (except a key index rebuild). */
export async function scanFile(store: Store, name: string, bytes: Buffer): Promise<ScanResult> {
  const { kind, targets, document, vex } = await targetsOf(name, bytes);
  await ensureSpecKeys(store);
  const keysOf = targets.map((t) => targetMatchKeys(t.target));
  const byKey = await specIdsForKeys(store.db, keysOf.flat());
  const specs = await loadSpecs(store.db, [...new Set([...byKey.values()].flat())]);
  const alias = await aliasResolver(store.db);

  const raw: { t: ScanTarget; f: Finding }[] = [];
  targets.forEach((t, i) => {
    const ids = new Set<string>();
    for (const k of keysOf[i]!) for (const id of byKey.get(k) ?? []) ids.add(id);
    const candidates = [...ids].map((id) => specs.get(id)).filter((s): s is MatchableSpec => s !== undefined);
    const result = matchTargetDetailed(t.target, candidates, {
      vex,
      canonicalId: alias.canonicalId,
      aliases: alias.aliases,
    });
    for (const f of result.findings) raw.push({ t, f });
  });

  const vulnIds = [...new Set(raw.map((r) => r.f.vulnerabilityId))];
  const vulns = new Map<string, { title: string | null; cvss_score: number | null; cvss_severity: string | null; epss_score: number | null; in_kev: number }>();
  for (const part of chunks(vulnIds)) {
    const rows = await store.db.selectFrom('vulnerabilities').select(['id', 'title', 'cvss_score', 'cvss_severity', 'epss_score', 'in_kev']).where('id', 'in', part).execute();
    for (const r of rows) vulns.set(r.id, r);
  }
  const findings: ScanFinding[] = raw.map(({ t, f }) => {
    const v = vulns.get(f.vulnerabilityId);
    return {
      target: { ref: t.target.id, name: t.target.name, version: t.version, purl: t.purl, kind: t.target.kind },
      vulnerability: {
        id: f.vulnerabilityId,
        aliases: [...alias.aliases(f.vulnerabilityId)].sort(),
        title: v?.title ?? null,
        cvssScore: v?.cvss_score ?? null,
        cvssSeverity: v?.cvss_severity ?? null,
        epssScore: v?.epss_score ?? null,
        inKev: Number(v?.in_kev ?? 0) === 1,
      },
      status: f.status,
      confidence: f.confidence,
      reason: f.reason,
      justification: f.justification ?? null,
      evidence: f.evidence,
    };
  });
  findings.sort((a, b) => (b.vulnerability.cvssScore ?? -1) - (a.vulnerability.cvssScore ?? -1) || a.target.name.localeCompare(b.target.name));
  const affected = findings.filter((f) => f.status === 'affected');
  const bySeverity: Record<string, number> = {};
  for (const f of affected) bySeverity[f.vulnerability.cvssSeverity ?? 'UNKNOWN'] = (bySeverity[f.vulnerability.cvssSeverity ?? 'UNKNOWN'] ?? 0) + 1;
  return {
    source: name,
    kind,
    targets: targets.length,
    findings,
    summary: { affected: affected.length, bySeverity, kev: affected.filter((f) => f.vulnerability.inKev).length },
    document,
  };
}

/** True when an affected finding reaches the threshold (the CI gate trips). */
export function gateTripped(result: ScanResult, failOn: FailOn): boolean {
  return result.findings.some((f) => {
    if (f.status !== 'affected') return false;
    if (failOn === 'kev') return f.vulnerability.inKev;
    const score = f.vulnerability.cvssScore ?? 0;
    return failOn === 'critical' ? score >= 9 : score >= 7;
  });
}

// ---------------------------------------------------------------------------------------------
// Output formats

const VEX_STATUS: Record<Finding['status'], VexStatement['status'] | null> = {
  affected: 'affected',
  not_affected: 'not_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
  cannot_decide: 'under_investigation',
};

/** The scanned SBOM as CycloneDX 1.6 JSON with one analysis per finding. */
export function scanToCycloneDxVex(result: ScanResult): string {
  if (!result.document) throw new InputError('CycloneDX VEX output needs an SBOM input; an inventory file has no components to refer to', { code: 'invalid-format' });
  const statements: VexStatement[] = result.findings.map((f) => ({
    vulnerabilityId: f.vulnerability.id,
    aliases: f.vulnerability.aliases,
    productRefs: [f.target.ref],
    subcomponentRefs: [],
    status: VEX_STATUS[f.status] ?? 'under_investigation',
    justification: (f.justification ?? undefined) as VexJustification | undefined,
    statusNotes: f.status === 'cannot_decide' ? `Bulwark could not decide: ${f.reason}` : f.reason,
    responses: [],
    original: { format: 'cyclonedx', status: STATUS_TO_STATE[VEX_STATUS[f.status] ?? 'under_investigation'] },
    place: {},
  }));
  return writeCycloneDxJson(result.document, statements);
}

const sarifLevel = (score: number | null) => (score === null ? 'warning' : score >= 7 ? 'error' : score >= 4 ? 'warning' : 'note');

/** SARIF 2.1.0: one rule per vulnerability, one result per affected or undecided finding. */
export function scanToSarif(result: ScanResult): string {
  const reported = result.findings.filter((f) => f.status === 'affected' || f.status === 'cannot_decide' || f.status === 'under_investigation');
  const rules = new Map<string, ScanFinding['vulnerability']>();
  for (const f of reported) rules.set(f.vulnerability.id, f.vulnerability);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Bulwark',
            version: VERSION,
            informationUri: 'https://github.com/bulwark-ot/bulwark',
            rules: [...rules.values()].map((v) => ({
              id: v.id,
              name: v.id,
              shortDescription: { text: v.title ?? v.id },
              helpUri: v.id.startsWith('CVE-') ? `https://nvd.nist.gov/vuln/detail/${v.id}` : undefined,
              properties: {
                'security-severity': v.cvssScore === null ? undefined : v.cvssScore.toFixed(1),
                kev: v.inKev,
                aliases: v.aliases,
              },
            })),
          },
        },
        results: reported.map((f) => ({
          ruleId: f.vulnerability.id,
          level: f.status === 'affected' ? sarifLevel(f.vulnerability.cvssScore) : 'note',
          message: {
            text: `${f.target.name}${f.target.version ? ` ${f.target.version}` : ''}: ${f.status === 'affected' ? 'affected by' : 'may be affected by'} ${f.vulnerability.id} (${f.confidence}). ${f.reason}`,
          },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: result.source } },
              logicalLocations: [{ name: f.target.purl ?? f.target.name, fullyQualifiedName: f.target.ref, kind: 'module' }],
            },
          ],
          properties: { status: f.status, confidence: f.confidence, target: f.target },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
