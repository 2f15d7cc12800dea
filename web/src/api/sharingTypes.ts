/**
 * What the sharing routes answer (src/server/routes/sharing.ts): an own record's TLP label and its
 * recipients. The server declares these shapes in src/services/sharing.ts, beside the store code,
 * so they are restated here rather than imported.
 */
import type { Tlp } from '../../../src/engine/tlp/index.js';

export type { Tlp } from '../../../src/engine/tlp/index.js';

/** The records that carry a TLP label and can be shared. */
export type ShareKind = 'asset' | 'sbom' | 'finding';

export interface ShareRecipient {
  kind: 'organisation' | 'person';
  id: string;
  /** The organisation's name, or the person's username. */
  name: string;
}

export interface Share {
  id: string;
  recipient: ShareRecipient;
  /** The username of who shared it. */
  createdBy: string;
  createdAt: string;
}

/** GET /api/sharing/{kind}/{id}: only for the owning organisation (404 for everyone else). */
export interface SharingState {
  kind: ShareKind;
  id: string;
  tlp: Tlp;
  shares: Share[];
}

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
