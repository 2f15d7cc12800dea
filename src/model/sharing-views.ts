/**
 * What the sharing routes answer (`/api/sharing/:kind/:id`): an own record's TLP label and its
 * recipients. One definition for the sharing service and the web UI (type-only there); no
 * runtime imports.
 */
import type { Tlp } from '../engine/tlp/index.js';

/** The records that carry a TLP label and can be shared. */
export type ShareKind = 'asset' | 'sbom' | 'finding';

export interface Share {
  id: string;
  /** An organisation (GREEN, AMBER, AMBER+STRICT) or a person (TLP:RED); the name is the organisation's name or the person's username. */
  recipient: { kind: 'organisation'; id: string; name: string } | { kind: 'person'; id: string; name: string };
  /** The username of who shared it. */
  createdBy: string;
  createdAt: string;
}

/** `GET /api/sharing/:kind/:id`: only for the owning organisation (404 for everyone else). */
export interface SharingState {
  kind: ShareKind;
  id: string;
  tlp: Tlp;
  shares: Share[];
}
