/** Labelling records with TLP and sharing them with partner organisations or named people. */
import type { FastifyInstance } from 'fastify';
import { TLP_LABELS, type Tlp } from '../../engine/tlp/index.js';
import { assertShareKind, setLabel, shareRecord, sharingState, SHARE_KINDS, unshare } from '../../services/sharing.js';
import type { Store } from '../../store/database.js';
import { audit, principal, scopeOf } from '../auth.js';
import { idParams, text } from '../schemas.js';

const recordParams = {
  type: 'object',
  required: ['kind', 'id'],
  properties: { kind: { type: 'string', enum: [...SHARE_KINDS] }, id: text(64) },
} as const;

export function sharingRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { kind: string; id: string } }>(
    '/api/sharing/:kind/:id',
    { config: { access: 'read' }, schema: { tags: ['sharing'], summary: "An own record's TLP label and who it is shared with", params: recordParams } },
    async (req) => sharingState(store.db, scopeOf(req), assertShareKind(req.params.kind), req.params.id),
  );

  app.put<{ Params: { kind: string; id: string }; Body: { tlp: Tlp } }>(
    '/api/sharing/:kind/:id/tlp',
    {
      config: { access: 'write' },
      schema: {
        tags: ['sharing'],
        summary: 'Label an own record (TLP 2.0); only the originating organisation labels',
        params: recordParams,
        body: { type: 'object', additionalProperties: false, required: ['tlp'], properties: { tlp: { type: 'string', enum: [...TLP_LABELS] } } },
      },
    },
    async (req) => {
      const kind = assertShareKind(req.params.kind);
      const change = await setLabel(store.db, scopeOf(req), kind, req.params.id, req.body.tlp);
      await audit(store, req, { action: 'share.label', target: `${kind}:${req.params.id}`, outcome: 'success', detail: change });
      return sharingState(store.db, scopeOf(req), kind, req.params.id);
    },
  );

  app.post<{ Params: { kind: string; id: string }; Body: { organisationId?: string; userId?: string } }>(
    '/api/sharing/:kind/:id/shares',
    {
      config: { access: 'write' },
      schema: {
        tags: ['sharing'],
        summary: 'Share an own record with an organisation or (TLP:RED) a named person',
        params: recordParams,
        body: { type: 'object', additionalProperties: false, properties: { organisationId: text(64), userId: text(64) } },
      },
    },
    async (req, reply) => {
      const kind = assertShareKind(req.params.kind);
      const share = await shareRecord(store.db, scopeOf(req), kind, req.params.id, req.body, principal(req).username);
      // Disclosures are logged (TLP 2.0 platform rule).
      await audit(store, req, { action: 'share.create', target: `${kind}:${req.params.id}`, outcome: 'success', detail: { recipient: share.recipient } });
      return reply.status(201).send(share);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/sharing/shares/:id',
    { config: { access: 'write' }, schema: { tags: ['sharing'], summary: 'Stop sharing (remove one recipient)', params: idParams() } },
    async (req) => {
      await unshare(store.db, scopeOf(req), req.params.id);
      return { ok: true };
    },
  );
}
