/**
 * What the sharing routes answer (src/server/routes/sharing.ts): an own record's TLP label and its
 * recipients are the server's own shapes (src/model/sharing-views), imported type-only; the
 * requests and the directory answers are the UI's reading of the routes.
 */
export type { Tlp } from '../../../src/engine/tlp/index.js';
export type { Share, ShareKind, SharingState } from '../../../src/model/sharing-views.js';

/** POST /api/sharing/{kind}/{id}/shares: one recipient, an organisation or a person. */
export type NewShare = { organisationId: string } | { userId: string };

/** GET /api/organisations/directory: the organisations a writer may share with (every one but its own). */
export interface DirectoryOrganisation {
  id: string;
  name: string;
  kind: string;
  community: boolean;
  /** The organisation it is a declared client of (it receives that one's TLP:AMBER shares). */
  clientOf: string | null;
}

/** GET /api/organisations/{id}/people: the enabled accounts of one organisation, to name under TLP:RED. */
export interface DirectoryPerson {
  id: string;
  username: string;
  displayName: string | null;
}
