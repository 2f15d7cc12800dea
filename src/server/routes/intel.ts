/** Vulnerability intelligence routes: vulnerabilities, advisories (with the original document), status, import. */
import type { FastifyInstance } from 'fastify';
import { InputError, NotFoundError } from '../../model/errors.js';
import { importIntel, type IntelInput } from '../../services/intel.js';
import type { Store } from '../../store/database.js';
import { idParams, pageProperties, text } from '../schemas.js';
import {
  getAdvisory,
  getVulnerability,
  intelStatus,
  listAdvisories,
  listVulnerabilities,
  VULN_SORT_KEYS,
  type VulnQuery,
  type VulnSortKey,
} from '../../store/repositories/intel.js';
import { downloadFileName } from '../../util/file-names.js';

const intelIdParams = idParams(200);

type VulnListQuery = Omit<VulnQuery, 'sort' | 'descending'> & { sort?: string };

export function intelRoutes(app: FastifyInstance, store: Store, options: { maxUploadBytes?: number } = {}): void {
  app.get<{ Querystring: VulnListQuery }>(
    '/api/vulnerabilities',
    {
      config: { access: 'read' },
      schema: {
        tags: ['intel'],
        summary: 'List vulnerabilities with filters, sorting and offset pagination',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageProperties,
            sort: { type: 'string', enum: VULN_SORT_KEYS.flatMap((k) => [k, `-${k}`]) },
            q: { ...text(200), description: 'text in id, aliases, title, description' },
            kev: { type: 'boolean' },
            minEpss: { type: 'number', minimum: 0, maximum: 1 },
            minCvss: { type: 'number', minimum: 0, maximum: 10 },
            status: { type: 'string', enum: ['published', 'analyzed', 'modified', 'awaiting-analysis', 'deferred', 'rejected'] },
            publishedFrom: { type: 'string', format: 'date' },
            publishedTo: { type: 'string', format: 'date' },
            vendor: { ...text(), description: 'vendor named by any product spec (case-insensitive)' },
            product: { ...text(), description: 'product named by any product spec (case-insensitive)' },
          },
        },
      },
    },
    async (req) => {
      const { sort, ...filters } = req.query;
      const descending = sort ? sort.startsWith('-') : true;
      const key = (sort?.replace(/^-/, '') ?? 'published') as VulnSortKey;
      const { items, total } = await listVulnerabilities(store.db, { ...filters, sort: key, descending });
      return { items, total, limit: filters.limit, offset: filters.offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/vulnerabilities/:id',
    { config: { access: 'read' }, schema: { tags: ['intel'], summary: 'Everything known about one vulnerability (id or alias), each piece with its source', params: intelIdParams } },
    async (req) => {
      const v = await getVulnerability(store.db, req.params.id);
      if (!v) throw new NotFoundError('vulnerability', req.params.id);
      return v;
    },
  );

  app.get<{ Querystring: { limit: number; offset: number; q?: string; publisher?: string; category?: string; sort?: string } }>(
    '/api/advisories',
    {
      config: { access: 'read' },
      schema: {
        tags: ['intel'],
        summary: 'List advisories (CSAF, OSV)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageProperties,
            q: text(200),
            publisher: text(),
            category: text(100),
            sort: { type: 'string', enum: ['released', '-released', 'id', '-id'] },
          },
        },
      },
    },
    async (req) => {
      const { sort, ...filters } = req.query;
      const { items, total } = await listAdvisories(store.db, {
        ...filters,
        sort: sort?.replace(/^-/, '') === 'id' ? 'id' : 'released',
        descending: sort ? sort.startsWith('-') : true,
      });
      return { items, total, limit: filters.limit, offset: filters.offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/advisories/:id',
    { config: { access: 'read' }, schema: { tags: ['intel'], summary: 'One advisory, normalised', params: intelIdParams } },
    async (req) => {
      const a = await getAdvisory(store.db, req.params.id);
      if (!a) throw new NotFoundError('advisory', req.params.id);
      return { ...a.record, documentUrl: `/api/advisories/${encodeURIComponent(req.params.id)}/document` };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/advisories/:id/document',
    { config: { access: 'read', auditAs: 'export' }, schema: { tags: ['intel'], summary: 'The original advisory document as imported', params: intelIdParams } },
    async (req, reply) => {
      const a = await getAdvisory(store.db, req.params.id);
      if (!a) throw new NotFoundError('advisory', req.params.id);
      const fileName = downloadFileName(req.params.id, 'advisory').toLowerCase();
      return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.json"`).send(a.document);
    },
  );

  app.get('/api/intel/status', { config: { access: 'read' }, schema: { tags: ['intel'], summary: 'Per source: documents, records, last update, cursor; and counts' } }, async () =>
    intelStatus(store.db),
  );

  app.post(
    '/api/intel/import',
    { config: { access: 'write' }, schema: { tags: ['intel'], summary: 'Import intelligence documents (multipart, one or more "file" fields); each lands whole or is rejected with its reason', consumes: ['multipart/form-data'] } },
    async (req) => {
      if (!req.isMultipart()) throw new InputError('expected a multipart/form-data upload with "file" fields', { code: 'not-multipart' });
      const inputs: IntelInput[] = [];
      for await (const part of req.files({ limits: { fileSize: options.maxUploadBytes ?? 256 * 1024 * 1024, files: 100 } })) {
        inputs.push({ name: (part.filename || 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200), bytes: await part.toBuffer() });
      }
      if (inputs.length === 0) throw new InputError('the upload has no file', { code: 'missing-file' });
      return importIntel(store, inputs);
    },
  );
}
