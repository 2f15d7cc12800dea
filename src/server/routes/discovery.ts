/** Passive discovery routes: analyse uploaded captures (optionally importing the devices), and asset events. */
import type { FastifyInstance } from 'fastify';
import { ForbiddenError, roleAllows } from '../../model/auth.js';
import { principal, scopeOf } from '../auth.js';
import { DiscoverySession } from '../../discovery/index.js';
import { BulwarkError, InputError, LimitError, NotFoundError } from '../../model/errors.js';
import { importDiscovery, inventoryMatches } from '../../services/discovery.js';
import type { Store } from '../../store/database.js';
import { getAsset } from '../../store/repositories/assets.js';
import { ASSET_EVENT_KINDS, listAssetEvents, listRecentEvents } from '../../store/repositories/events.js';
import { statusFor } from '../errors.js';
import { idParams, pageProperties, text } from '../schemas.js';

const DEFAULT_MAX_CAPTURE_BYTES = 256 * 1024 * 1024;
const MAX_CAPTURES = 20;

export function discoveryRoutes(app: FastifyInstance, store: Store, options: { maxUploadBytes?: number } = {}): void {
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_CAPTURE_BYTES;

  app.post<{ Querystring: { import: boolean; site?: string } }>(
    '/api/discovery/analyse',
    {
      config: { access: 'read' },
      schema: {
        tags: ['discovery'],
        summary:
          'Analyse pcap/pcapng captures (multipart, one or more file fields): devices, flows, problems per capture; with import=true the devices are merged into the inventory and new or changed devices recorded as events',
        consumes: ['multipart/form-data'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            import: { type: 'boolean', default: false, description: 'merge the discovered devices into the inventory (source kind discovery)' },
            site: { ...text(), description: 'with import: the site of the discovered devices' },
          },
        },
      },
    },
    async (req) => {
      if (req.query.import && !roleAllows(principal(req).role, 'write')) throw new ForbiddenError(`the ${principal(req).role} role may not import into the inventory (needs write)`);
      if (req.query.site !== undefined && !req.query.import) throw new InputError('site applies to import=true only', { code: 'bad-usage' });
      if (!req.isMultipart()) throw new InputError('expected a multipart/form-data upload with one or more capture files', { code: 'not-multipart' });
      const session = new DiscoverySession();
      let count = 0;
      try {
        for await (const part of req.files({ limits: { fileSize: maxBytes, files: MAX_CAPTURES } })) {
          count++;
          const name = (part.filename || `capture-${count}`).replace(/[^\w.\- ]/g, '_').slice(0, 200);
          await session.addCapture(part.file, { name });
          if (part.file.truncated) {
            throw new LimitError(`capture ${name} is larger than the ${maxBytes} bytes allowed per upload`, { place: { file: name } });
          }
        }
      } catch (error) {
        // A broken multipart body (cut short, bad boundary) is the client's mistake, not a server failure.
        if (error instanceof BulwarkError || statusFor(error).status < 500) throw error;
        throw new InputError(`the upload could not be read: ${(error as Error).message}`, { code: 'malformed-multipart' });
      }
      if (count === 0) throw new InputError('the upload has no capture file', { code: 'missing-file' });
      const result = session.result();
      const unreadable = result.captures.filter((c) => c.format === 'unknown');
      if (unreadable.length === result.captures.length) {
        const issues = result.problems.slice(0, 100).map((p) => ({ file: p.file, frame: p.frame, offset: p.offset, code: p.code, message: p.message }));
        throw new InputError(
          unreadable.length === 1 ? `${unreadable[0]!.name} is not a pcap or pcapng capture` : `none of the ${unreadable.length} files is a pcap or pcapng capture`,
          { code: 'not-a-capture', issues: issues.length > 0 ? issues : unreadable.map((c) => ({ file: c.name, message: 'not a pcap or pcapng capture' })) },
        );
      }
      // `inventory`: the assets the devices already are (after the import when importing), by device id.
      const scope = scopeOf(req);
      if (!req.query.import) return { ...result, inventory: await inventoryMatches(store, scope, result, { site: req.query.site }) };
      const imported = await importDiscovery(store, result, { scope, site: req.query.site });
      return { ...result, import: imported, inventory: await inventoryMatches(store, scope, result, { site: req.query.site }) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit: number; offset: number } }>(
    '/api/assets/:id/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['assets'],
        summary: "The asset's events (new device, firmware changed, identity or addresses changed), newest first",
        params: idParams(),
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageProperties } },
      },
    },
    async (req) => {
      if (!(await getAsset(store.db, scopeOf(req), req.params.id))) throw new NotFoundError('asset', req.params.id);
      const page = await listAssetEvents(store.db, scopeOf(req), req.params.id, req.query);
      return { ...page, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get<{ Querystring: { limit: number; offset: number; kind?: string } }>(
    '/api/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['assets'],
        summary: 'Recent asset events of the whole inventory, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageProperties, kind: { type: 'string', enum: [...ASSET_EVENT_KINDS] } },
        },
      },
    },
    async (req) => {
      const page = await listRecentEvents(store.db, scopeOf(req), req.query);
      return { ...page, limit: req.query.limit, offset: req.query.offset };
    },
  );
}
