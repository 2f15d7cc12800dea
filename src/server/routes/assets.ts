/** Asset inventory routes: list/filter/sort, facets, detail with provenance, CRUD, import, export. */
import type { FastifyInstance } from 'fastify';
import { principal, scopeOf } from '../auth.js';
import { ASSET_KINDS, CRITICALITIES, type Asset, type AssetDetail, type AssetSummary } from '../../model/asset.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import {
  createAsset,
  deleteAsset,
  exportInventory,
  importInventoryFile,
  updateAsset,
  validateManualFacts,
} from '../../services/inventory.js';
import type { Store } from '../../store/database.js';
import { documentedAnswer, idParams, ownedRecord, ownedRecordPage, pageProperties, text } from '../schemas.js';
import {
  ASSET_SORT_KEYS,
  assetFacets,
  getAsset,
  listAssets,
  listObservations,
  listSites,
  type AssetQuery,
  type AssetSortKey,
} from '../../store/repositories/assets.js';
import { DEFAULT_MAX_IMPORT_BYTES } from '../../formats/inventory/read.js';

const strList = { anyOf: [{ type: 'array', items: text(4096), maxItems: 256 }, text(65536)] } as const;

/** Writable asset fields (camelCase); the same validation as imports applies after the schema. */
const assetBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: text(), kind: { type: 'string', enum: [...ASSET_KINDS] }, vendor: text(), model: text(), firmware: text(),
    hardwareVersion: text(), serial: text(), hostname: text(), site: text(), zone: text(), purdueLevel: text(16),
    criticality: { type: 'string', enum: [...CRITICALITIES] }, owner: text(), country: text(8), externalId: text(),
    ips: strList, macs: strList, cpes: strList, purls: strList, tags: strList,
    custom: { type: 'object', maxProperties: 100, additionalProperties: text(4096) },
  },
} as const;

const assetIdParams = idParams();

/** The list filters of the repository, with the sort given as `column` or `-column`. */
type ListQuery = Omit<AssetQuery, 'sort' | 'descending'> & { sort?: string };

const sortValues = ASSET_SORT_KEYS.flatMap((k) => [k, `-${k}`]);

/** The list view drops provenance and custom attributes to keep pages small. */
function summary(a: Asset): AssetSummary {
  const { provenance: _p, custom: _c, ...rest } = a;
  return rest;
}

export function assetRoutes(app: FastifyInstance, store: Store, options: { maxUploadBytes?: number } = {}): void {
  app.get<{ Querystring: ListQuery }>(
    '/api/assets',
    {
      ...documentedAnswer,
      config: { access: 'read' },
      schema: {
        tags: ['assets'],
        summary: 'List assets with filters, sorting and offset pagination',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageProperties,
            sort: { type: 'string', enum: sortValues, description: 'a column; prefix with - for descending' },
            q: { ...text(200), description: 'case-insensitive text in name, vendor, model, firmware, serial, hostname, IPs, MACs, tags, external id' },
            kind: { type: 'string', enum: [...ASSET_KINDS] },
            site: text(), zone: text(),
            criticality: { type: 'string', enum: [...CRITICALITIES] },
            vendor: text(), ip: text(64), mac: text(64), tag: text(),
          },
        },
        response: { 200: ownedRecordPage('an asset (without provenance and custom attributes)') },
      },
    },
    async (req) => {
      const { sort, ...filters } = req.query;
      const descending = sort?.startsWith('-') ?? false;
      const key = (sort?.replace(/^-/, '') ?? 'name') as AssetSortKey;
      const { items, total } = await listAssets(store.db, scopeOf(req), { ...filters, sort: key, descending });
      return { items: items.map(summary), total, limit: filters.limit, offset: filters.offset };
    },
  );

  app.get('/api/assets/facets', { config: { access: 'read' }, schema: { tags: ['assets'], summary: 'Counts of assets per kind, site, criticality and vendor' } }, async (req) =>
    assetFacets(store.db, scopeOf(req)),
  );

  app.get<{ Querystring: { format: 'csv' | 'json' } }>(
    '/api/assets/export',
    {
      config: { access: 'read', auditAs: 'export' },
      schema: {
        tags: ['assets'],
        summary: 'Export the inventory as CSV or JSON (re-importable)',
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'json'], default: 'csv' } } },
      },
    },
    async (req, reply) => {
      const body = await exportInventory(store, scopeOf(req), req.query.format);
      const type = req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="bulwark-assets.${req.query.format}"`)
        .send(body);
    },
  );

  app.post<{ Querystring: { site?: string; dryRun: boolean; format?: 'csv' | 'json' } }>(
    '/api/assets/import',
    {
      config: { access: 'write' },
      schema: {
        tags: ['assets'],
        summary: 'Import an inventory file (multipart field "file"); atomic; dryRun reports without writing',
        consumes: ['multipart/form-data'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { site: text(), dryRun: { type: 'boolean', default: false }, format: { type: 'string', enum: ['csv', 'json'] } },
        },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new InputError('expected a multipart/form-data upload with a "file" field', { code: 'not-multipart' });
      const file = await req.file({ limits: { fileSize: options.maxUploadBytes ?? DEFAULT_MAX_IMPORT_BYTES, files: 1 } });
      if (!file) throw new InputError('the upload has no file', { code: 'missing-file' });
      const bytes = await file.toBuffer();
      const name = (file.filename || 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200);
      const format = req.query.format ?? (name.toLowerCase().endsWith('.json') ? 'json' : name.toLowerCase().endsWith('.csv') ? 'csv' : undefined);
      return importInventoryFile(store, bytes, {
        scope: scopeOf(req),
        sourceName: name,
        format,
        site: req.query.site,
        dryRun: req.query.dryRun,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/assets/:id',
    {
      ...documentedAnswer,
      config: { access: 'read' },
      schema: { tags: ['assets'], summary: 'One asset with the provenance of every attribute and its observations', params: assetIdParams, response: { 200: ownedRecord('the asset') } },
    },
    async (req): Promise<AssetDetail> => {
      const asset = await getAsset(store.db, scopeOf(req), req.params.id);
      if (!asset) throw new NotFoundError('asset', req.params.id);
      return { ...asset, observations: await listObservations(store.db, scopeOf(req), asset.id) };
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/api/assets',
    { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Create an asset (a manual observation)', body: { ...assetBody, required: ['name'] } } },
    async (req, reply) => {
      const facts = validateManualFacts(req.body, { requireName: true });
      const asset = await createAsset(store, scopeOf(req), facts, principal(req).username);
      return reply.status(201).send(asset);
    },
  );

  app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/api/assets/:id',
    { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Change attributes (a manual observation; lists given are replaced)', params: assetIdParams, body: assetBody } },
    async (req) => updateAsset(store, scopeOf(req), req.params.id, validateManualFacts(req.body, { requireName: false }), principal(req).username),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/assets/:id',
    { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Delete an asset and its observations', params: assetIdParams } },
    async (req, reply) => {
      await deleteAsset(store, scopeOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/sites', { config: { access: 'read' }, schema: { tags: ['assets'], summary: 'Sites with their zones and asset counts' } }, async (req) => ({
    items: await listSites(store.db, scopeOf(req)),
  }));
}
