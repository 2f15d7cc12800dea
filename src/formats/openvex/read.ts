/**
 * OpenVEX (v0.0.x and v0.2.0) → VexStatement[]. Statements inherit the document timestamp. A
 * statement that breaks a MUST of the spec (e.g. `not_affected` with neither justification nor
 * impact statement) would wrongly suppress findings, so the whole document is refused with every
 * such statement listed (imports are atomic).
 */
import { InputError } from '../../model/errors.js';
import type { SbomIssue, VexJustification, VexStatement, VexStatus } from '../../model/sbom.js';
import { arr, decodeInput, isRecord, parseJsonText, records, str, type InputLimits, type JsonRecord } from '../cyclonedx/input.js';

export interface OpenVexDocument {
  id?: string;
  author?: string;
  role?: string;
  timestamp?: string;
  version?: number;
  statements: VexStatement[];
  /** Warnings (errors are thrown). */
  issues: SbomIssue[];
}

const STATUSES: ReadonlySet<string> = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);
const JUSTIFICATIONS: ReadonlySet<string> = new Set([
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
]);

export function readOpenVex(input: string | Uint8Array, limits: InputLimits = {}): OpenVexDocument {
  const root = parseJsonText(decodeInput(input, limits), limits);
  if (!isRecord(root)) throw new InputError('OpenVEX must be a JSON object', { code: 'not-openvex', place: { pointer: '' } });
  const context = str(root['@context']);
  if (root['@context'] === undefined || !Array.isArray(root.statements)) {
    throw new InputError('not an OpenVEX document: needs "@context" and "statements"', { code: 'not-openvex', place: { pointer: '' } });
  }
  const issues: SbomIssue[] = [];
  if (context && !context.startsWith('https://openvex.dev/ns')) {
    issues.push({ severity: 'warning', code: 'openvex-context', message: `unexpected @context "${context}"`, pointer: '/@context' });
  }
  const documentTimestamp = str(root.timestamp);
  const statements: VexStatement[] = [];
  records(root.statements).forEach((statement, i) => {
    const read = readStatement(statement, `/statements/${i}`, documentTimestamp, issues);
    if (read) statements.push(read);
  });
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    throw new InputError(`OpenVEX document has ${errors.length} invalid statement(s); first: ${errors[0]?.message ?? ''}`, {
      code: 'invalid-openvex',
      issues: errors,
    });
  }
  const version = typeof root.version === 'number' ? root.version : Number(str(root.version) ?? NaN);
  return {
    id: str(root['@id']),
    author: str(root.author),
    role: str(root.role),
    timestamp: documentTimestamp,
    version: Number.isFinite(version) ? version : undefined,
    statements,
    issues,
  };
}

function readStatement(node: JsonRecord, pointer: string, documentTimestamp: string | undefined, issues: SbomIssue[]): VexStatement | undefined {
  const error = (message: string, code: string, at = pointer) => issues.push({ severity: 'error', code, message, pointer: at });
  // v0.2.0: vulnerability {name, @id, aliases}; v0.0.x: a plain string.
  const vulnerability = node.vulnerability;
  const vulnerabilityId = isRecord(vulnerability) ? (str(vulnerability.name) ?? str(vulnerability['@id'])) : str(vulnerability);
  const aliases = isRecord(vulnerability) ? arr(vulnerability.aliases).map(str).filter((a): a is string => a !== undefined) : [];
  const status = str(node.status);
  const justification = str(node.justification);
  const impactStatement = str(node.impact_statement);
  const actionStatement = str(node.action_statement);
  if (!vulnerabilityId) error('statement has no vulnerability name', 'vex-missing-id', `${pointer}/vulnerability`);
  if (!status || !STATUSES.has(status)) {
    error(`statement status "${status ?? ''}" is not one of not_affected, affected, fixed, under_investigation`, 'vex-invalid-status', `${pointer}/status`);
  }
  if (justification && !JUSTIFICATIONS.has(justification)) {
    error(`unknown justification "${justification}"`, 'vex-invalid-justification', `${pointer}/justification`);
  }
  if (status === 'not_affected' && !justification && !impactStatement) {
    error('not_affected statement needs a justification or an impact_statement', 'vex-missing-justification');
  }
  if (status === 'affected' && !actionStatement) {
    issues.push({ severity: 'warning', code: 'vex-missing-action', message: 'affected statement has no action_statement', pointer });
  }
  const productRefs: string[] = [];
  const subcomponentRefs: string[] = [];
  for (const product of arr(node.products)) {
    const id = isRecord(product) ? (str(product['@id']) ?? identifierOf(product.identifiers)) : str(product);
    if (id) productRefs.push(id);
    if (isRecord(product)) {
      for (const sub of arr(product.subcomponents)) {
        const subId = isRecord(sub) ? (str(sub['@id']) ?? identifierOf(sub.identifiers)) : str(sub);
        if (subId) subcomponentRefs.push(subId);
      }
    }
  }
  // v0.0.x kept subcomponents beside products.
  for (const sub of arr(node.subcomponents)) {
    const subId = isRecord(sub) ? str(sub['@id']) : str(sub);
    if (subId) subcomponentRefs.push(subId);
  }
  if (productRefs.length === 0) error('statement names no product', 'vex-no-product', `${pointer}/products`);
  if (!vulnerabilityId || !status || !STATUSES.has(status)) return undefined;
  const timestamp = str(node.timestamp) ?? documentTimestamp;
  return {
    vulnerabilityId,
    aliases,
    productRefs,
    subcomponentRefs,
    status: status as VexStatus,
    justification: justification && JUSTIFICATIONS.has(justification) ? (justification as VexJustification) : undefined,
    impactStatement,
    actionStatement,
    statusNotes: str(node.status_notes),
    responses: [],
    original: { format: 'openvex', status, justification },
    timestamp,
    lastUpdated: str(node.last_updated),
    place: { pointer },
  };
}

/** Product `identifiers` {purl, cpe23, cpe22}: the first one, purl preferred. */
function identifierOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  return str(value.purl) ?? str(value.cpe23) ?? str(value.cpe22);
}
