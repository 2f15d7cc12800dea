/** Matching routes: run a match, findings (list, explain, decide), match status, one-shot scan. */
import type { FastifyInstance } from 'fastify';
import { principal, scopeOf } from '../auth.js';
import { FINDING_STATUSES, type FindingStatus } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { decideFinding, getFindingView, listFindingViews, matchStatus, runMatch } from '../../services/matching.js';
import { gateTripped, SCAN_FORMATS, scanFile, scanToCycloneDxVex, scanToSarif, FAIL_ON, type FailOn, type ScanFormat } from '../../services/scan.js';
import type { Store } from '../../store/database.js';
import { FINDING_SORT_KEYS, type FindingSortKey } from '../../store/repositories/findings.js';
import { documentedAnswer, idParams, ownedRecord, ownedRecordPage, pageProperties, text } from '../schemas.js';

interface FindingListQuery {
  limit: number;
  offset: number;
  asset?: string;
  sbom?: string;
  vulnerability?: string;
  status?: string;
  kev?: boolean;
  minCvss?: number;
  resolved?: boolean;
  q?: string;
  sort?: string;
  evidence?: boolean;
}

export function findingRoutes(app: FastifyInstance, store: Store, options: { maxUploadBytes?: number } = {}): void {
  app.post<{ Body: { full?: boolean } | undefined }>(
    '/api/match',
    {
      config: { access: 'write' },
      schema: {
        tags: ['findings'],
        summary: 'Match assets and SBOM components against the stored intelligence (incremental unless full)',
        body: { type: ['object', 'null'], additionalProperties: false, properties: { full: { type: 'boolean' } } },
      },
    },
    async (req) => runMatch(store, scopeOf(req), { full: req.body?.full === true }),
  );

  app.get('/api/match/status', { config: { access: 'read' }, schema: { tags: ['findings'], summary: 'Last match, open findings by status and severity, rules made from rejections' } }, async (req) =>
    matchStatus(store, scopeOf(req)),
  );

  app.get<{ Querystring: FindingListQuery }>(
    '/api/findings',
    {
      ...documentedAnswer,
      config: { access: 'read' },
      schema: {
        tags: ['findings'],
        summary: 'List findings with filters, sorting and offset pagination',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageProperties,
            asset: { ...text(64), description: 'the asset and the components of the SBOMs it runs' },
            sbom: text(64),
            vulnerability: text(200),
            status: { ...text(200), pattern: `^(${FINDING_STATUSES.join('|')})(,(${FINDING_STATUSES.join('|')}))*$`, description: 'comma-separated statuses' },
            kev: { type: 'boolean' },
            minCvss: { type: 'number', minimum: 0, maximum: 10 },
            resolved: { type: 'boolean', description: 'include findings a later match resolved' },
            q: { ...text(200), description: 'text in the target name or vulnerability id' },
            sort: { type: 'string', enum: FINDING_SORT_KEYS.flatMap((k) => [k, `-${k}`]) },
            evidence: { type: 'boolean', description: 'include each finding\'s evidence' },
          },
        },
        response: { 200: ownedRecordPage('a finding') },
      },
    },
    async (req) => {
      const q = req.query;
      const sort = q.sort?.replace(/^-/, '') as FindingSortKey | undefined;
      const page = await listFindingViews(store, scopeOf(req), {
        assetId: q.asset,
        sbomId: q.sbom,
        vulnerabilityId: q.vulnerability,
        status: q.status ? (q.status.split(',') as FindingStatus[]) : undefined,
        kev: q.kev,
        minCvss: q.minCvss,
        includeResolved: q.resolved,
        q: q.q,
        sort,
        desc: q.sort ? q.sort.startsWith('-') : undefined,
        limit: q.limit,
        offset: q.offset,
        withEvidence: q.evidence,
      });
      return { ...page, limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/findings/:id',
    { ...documentedAnswer, config: { access: 'read' }, schema: { tags: ['findings'], summary: 'One finding with all its evidence', params: idParams(), response: { 200: ownedRecord('the finding') } } },
    async (req) => getFindingView(store, scopeOf(req), req.params.id),
  );

  app.post<{ Params: { id: string }; Body: { decision: 'confirm' | 'reject' | 'clear'; reason?: string; by?: string; rule?: boolean } }>(
    '/api/findings/:id/decision',
    {
      config: { access: 'approve' },
      schema: {
        tags: ['findings'],
        summary: 'Confirm or reject a finding (or clear the decision); a rejection may become a rule for the same vendor and model',
        params: idParams(),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['decision'],
          properties: {
            decision: { type: 'string', enum: ['confirm', 'reject', 'clear'] },
            reason: text(2000),
            by: text(200),
            rule: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => decideFinding(store, scopeOf(req), req.params.id, { ...req.body, by: principal(req).username }),
  );

  app.post<{ Querystring: { format: ScanFormat; failOn?: FailOn } }>(
    '/api/scan',
    {
      config: { access: 'read' },
      schema: {
        tags: ['findings'],
        summary: 'Scan an uploaded SBOM or inventory file (multipart field "file") against the stored intelligence; nothing is imported',
        consumes: ['multipart/form-data'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...SCAN_FORMATS.filter((f) => f !== 'table')], default: 'json' },
            failOn: { type: 'string', enum: [...FAIL_ON], description: 'adds `gate: true|false` to the JSON answer' },
          },
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new InputError('expected a multipart/form-data upload with a "file" field', { code: 'not-multipart' });
      const file = await req.file({ limits: { fileSize: options.maxUploadBytes ?? 256 * 1024 * 1024, files: 1 } });
      if (!file) throw new InputError('the upload has no file', { code: 'missing-file' });
      const bytes = await file.toBuffer();
      const name = (file.filename || 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200);
      const result = await scanFile(store, name, bytes);
      if (req.query.format === 'sarif') return reply.type('application/sarif+json').send(scanToSarif(result));
      if (req.query.format === 'cyclonedx-vex') return reply.type('application/vnd.cyclonedx+json').send(scanToCycloneDxVex(result));
      const { document: _document, ...rest } = result;
      return req.query.failOn ? { ...rest, gate: gateTripped(result, req.query.failOn) } : rest;
    },
  );
}
