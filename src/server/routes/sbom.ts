/** SBOM routes: documents, components, quality, VEX, import, export, diff, product versions, an asset's SBOM. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { scopeOf } from '../auth.js';
import { COMPONENT_ELEMENTS } from '../../engine/sbom/quality.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import {
  diffSbomSources,
  EXPORT_FORMATS,
  exportSbom,
  importSbom,
  parseProductSpec,
  removeSbom,
  sbomsOfAsset,
  type DiffSide,
  type ExportFormat,
  type ExportTarget,
} from '../../services/sbom.js';
import type { Store } from '../../store/database.js';
import {
  assetsOfProductVersion,
  getProductVersion,
  getSbom,
  getSbomOriginal,
  listComponents,
  listProductVersions,
  listSboms,
  listVex,
  SBOM_SORT_KEYS,
  type ComponentQuery,
  type SbomSortKey,
} from '../../store/repositories/sbom.js';
import { documentedAnswer, idParams, ownedRecord, ownedRecordPage, pageProperties, text } from '../schemas.js';
import { downloadFileName } from '../../util/file-names.js';

const sbomIdParams = idParams();
const exportQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: { format: { type: 'string', enum: [...EXPORT_FORMATS] } },
} as const;

const componentFilters = {
  ...pageProperties,
  q: { ...text(200), description: 'text in name, group, version, purl, CPE, supplier or licence' },
  type: { ...text(64), description: 'component type, e.g. library, firmware, machine-learning-model' },
  ai: { type: 'boolean', description: 'only AI components (ML models, data sets), or none of them' },
  missing: { type: 'string', enum: COMPONENT_ELEMENTS.map((e) => e.element), description: 'only components lacking this minimum element' },
  withGaps: { type: 'boolean', description: 'only components lacking any minimum element' },
  license: { ...text(500), description: 'only components under this licence (expression or name; "(none)" for none)' },
} as const;

type ListQuery = { limit: number; offset: number; q?: string; kind?: 'sbom' | 'vex'; format?: string; productVersionId?: string; assetId?: string; sort?: string };

async function sendExport(req: FastifyRequest, reply: FastifyReply, store: Store, target: ExportTarget, format: ExportFormat) {
  const result = await exportSbom(store, scopeOf(req), target, format);
  return reply
    .type(`${result.contentType}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${result.fileName}"`)
    .send(result.body);
}

export function sbomRoutes(app: FastifyInstance, store: Store, options: { maxUploadBytes?: number } = {}): void {
  app.get<{ Querystring: ListQuery }>(
    '/api/sboms',
    {
      ...documentedAnswer,
      config: { access: 'read' },
      schema: {
        tags: ['sbom'],
        summary: 'List imported SBOM and VEX documents',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageProperties,
            q: { ...text(200), description: 'text in the name, file name, subject or product version' },
            kind: { type: 'string', enum: ['sbom', 'vex'] },
            format: { type: 'string', enum: ['cyclonedx', 'spdx', 'openvex'] },
            productVersionId: text(64),
            assetId: text(64),
            sort: { type: 'string', enum: SBOM_SORT_KEYS.flatMap((k) => [k, `-${k}`]) },
          },
        },
        response: { 200: ownedRecordPage('an SBOM or VEX document') },
      },
    },
    async (req) => {
      const { sort, ...filters } = req.query;
      const key = (sort?.replace(/^-/, '') ?? 'importedAt') as SbomSortKey;
      const descending = sort ? sort.startsWith('-') : true;
      const { items, total } = await listSboms(store.db, scopeOf(req), { ...filters, sort: key, descending });
      return { items, total, limit: filters.limit, offset: filters.offset };
    },
  );

  app.post<{ Querystring: { asset?: string; product?: string; allowInvalid: boolean } }>(
    '/api/sboms/import',
    {
      config: { access: 'write' },
      schema: {
        tags: ['sbom'],
        summary: 'Import an SBOM or VEX document (multipart field "file"), attached to an asset or a product version; atomic',
        consumes: ['multipart/form-data'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asset: { ...text(64), description: 'attach to this asset id' },
            product: { ...text(600), description: 'attach to this product version: VENDOR/PRODUCT/VERSION' },
            allowInvalid: { type: 'boolean', default: false, description: 'import even when the document breaks its schema' },
          },
        },
      },
    },
    async (req) => {
      if (req.query.asset && req.query.product) throw new InputError('give asset or product, not both', { code: 'bad-usage' });
      const product = req.query.product ? parseProductSpec(req.query.product) : undefined;
      if (!req.isMultipart()) throw new InputError('expected a multipart/form-data upload with a "file" field', { code: 'not-multipart' });
      const file = await req.file({ limits: { fileSize: options.maxUploadBytes ?? 256 * 1024 * 1024, files: 1 } });
      if (!file) throw new InputError('the upload has no file', { code: 'missing-file' });
      const bytes = await file.toBuffer();
      const name = (file.filename || 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200);
      return importSbom(store, { name, bytes }, { scope: scopeOf(req), assetId: req.query.asset, product, allowInvalid: req.query.allowInvalid });
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/sboms/diff',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sbom'],
        summary: 'Components added, removed and changed between two SBOMs or product versions (each an SBOM id or a product version id)',
        querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: text(64), to: text(64) } },
      },
    },
    async (req) => {
      const side = async (id: string): Promise<DiffSide> => {
        if (await getSbom(store.db, scopeOf(req), id)) return { sbomId: id };
        if (await getProductVersion(store.db, id)) return { productVersionId: id };
        throw new NotFoundError('SBOM or product version', id);
      };
      return diffSbomSources(store, scopeOf(req), await side(req.query.from), await side(req.query.to));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sboms/:id',
    {
      ...documentedAnswer,
      config: { access: 'read' },
      schema: { tags: ['sbom'], summary: 'One SBOM: metadata, attachment, quality summary, licences and issues', params: sbomIdParams, response: { 200: ownedRecord('the SBOM or VEX document') } },
    },
    async (req) => {
      const s = await getSbom(store.db, scopeOf(req), req.params.id);
      if (!s) throw new NotFoundError('SBOM', req.params.id);
      return s;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/sboms/:id',
    { config: { access: 'write' }, schema: { tags: ['sbom'], summary: 'Delete an SBOM with its components, dependencies and VEX statements', params: sbomIdParams } },
    async (req, reply) => {
      await removeSbom(store, scopeOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: ComponentQuery }>(
    '/api/sboms/:id/components',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sbom'],
        summary: 'Components in tree order (each with its parent and depth), paged and filtered, with the minimum elements each lacks',
        params: sbomIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: componentFilters },
      },
    },
    async (req) => {
      if (!(await getSbom(store.db, scopeOf(req), req.params.id))) throw new NotFoundError('SBOM', req.params.id);
      const { items, total } = await listComponents(store.db, [req.params.id], req.query);
      return { items, total, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sboms/:id/quality',
    { config: { access: 'read' }, schema: { tags: ['sbom'], summary: 'NTIA and CISA minimum elements: coverage per element, document elements, components with gaps (first 500)', params: sbomIdParams } },
    async (req) => {
      const s = await getSbom(store.db, scopeOf(req), req.params.id);
      if (!s) throw new NotFoundError('SBOM', req.params.id);
      const gaps = await listComponents(store.db, [s.id], { limit: 500, offset: 0, withGaps: true });
      return { quality: s.quality, gaps: gaps.items.map((c) => ({ idx: c.idx, ref: c.ref, name: c.name, version: c.version, missing: c.missing })), gapCount: gaps.total };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sboms/:id/vex',
    { config: { access: 'read' }, schema: { tags: ['sbom'], summary: 'VEX statements carried by the document', params: sbomIdParams } },
    async (req) => {
      if (!(await getSbom(store.db, scopeOf(req), req.params.id))) throw new NotFoundError('SBOM', req.params.id);
      return { items: (await listVex(store.db, [req.params.id])).map(({ sbomId: _s, place: _p, ...s }) => s) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sboms/:id/document',
    { config: { access: 'read', auditAs: 'export' }, schema: { tags: ['sbom'], summary: 'The original document as imported', params: sbomIdParams } },
    async (req, reply) => {
      const original = await getSbomOriginal(store.db, scopeOf(req), req.params.id);
      if (!original) throw new NotFoundError('SBOM', req.params.id);
      if (original.document === null) throw new NotFoundError('original document (too large to keep; only its hash was stored) of SBOM', req.params.id);
      const type = original.encoding === 'xml' ? 'application/xml' : original.encoding === 'tag-value' ? 'text/plain' : 'application/json';
      const fileName = downloadFileName(original.sourceName, 'sbom', 200);
      return reply.type(`${type}; charset=utf-8`).header('content-disposition', `attachment; filename="${fileName}"`).send(original.document);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { format: ExportFormat } }>(
    '/api/sboms/:id/export',
    { config: { access: 'read', auditAs: 'export' }, schema: { tags: ['sbom'], summary: 'Export as CycloneDX 1.6 (JSON, XML; with VEX) or SPDX 2.3 JSON', params: sbomIdParams, querystring: exportQuery } },
    async (req, reply) => sendExport(req, reply, store, { sbomId: req.params.id }, req.query.format),
  );

  app.get('/api/product-versions', { config: { access: 'read' }, schema: { tags: ['sbom'], summary: 'Product versions with SBOMs, each with its SBOM count and the number of assets running it' } }, async (req) => ({
    items: await listProductVersions(store.db, scopeOf(req)),
  }));

  app.get<{ Params: { id: string } }>(
    '/api/product-versions/:id',
    { config: { access: 'read' }, schema: { tags: ['sbom'], summary: 'One product version with its SBOMs and the assets that inherit them', params: sbomIdParams } },
    async (req) => {
      const pv = await getProductVersion(store.db, req.params.id);
      const sboms = pv ? await listSboms(store.db, scopeOf(req), { limit: 500, offset: 0, productVersionId: pv.id }) : null;
      // A product version is known to a reader only through SBOMs the reader may see.
      if (!pv || !sboms || sboms.total === 0) throw new NotFoundError('product version', req.params.id);
      return { ...pv, sboms: sboms.items, assets: await assetsOfProductVersion(store.db, scopeOf(req), pv, 1000) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { format: ExportFormat } }>(
    '/api/product-versions/:id/export',
    { config: { access: 'read', auditAs: 'export' }, schema: { tags: ['sbom'], summary: "Export the product version's newest SBOM with the VEX statements known for its components", params: sbomIdParams, querystring: exportQuery } },
    async (req, reply) => sendExport(req, reply, store, { productVersionId: req.params.id }, req.query.format),
  );

  app.get<{ Params: { id: string }; Querystring: ComponentQuery }>(
    '/api/assets/:id/sbom',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sbom'],
        summary: "The SBOMs an asset runs (its own, and its product version's by vendor, model and firmware) and their components",
        params: sbomIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: componentFilters },
      },
    },
    async (req) => {
      const applied = await sbomsOfAsset(store, scopeOf(req), req.params.id);
      const components = await listComponents(store.db, applied.sboms.map((s) => s.sbom.id), req.query);
      return { ...applied, components: { ...components, limit: req.query.limit, offset: req.query.offset } };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { format: ExportFormat } }>(
    '/api/assets/:id/sbom/export',
    { config: { access: 'read', auditAs: 'export' }, schema: { tags: ['sbom'], summary: "Export everything the asset runs as one SBOM with VEX", params: sbomIdParams, querystring: exportQuery } },
    async (req, reply) => sendExport(req, reply, store, { assetId: req.params.id }, req.query.format),
  );
}
