/**
 * TLP 2.0 (FIRST): the labels, reading the forms found in documents, combining labels (derived
 * data takes the most restrictive input), and who may receive a record with a given label.
 */

export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LABELS)[number];

/** What unlabelled data inside a tenant is treated as: the owning organisation only. */
export const DEFAULT_TLP: Tlp = 'AMBER+STRICT';
/** Unlabelled inbound intelligence is AMBER until someone triages it (FIRST guidance). */
export const UNLABELLED_INBOUND_TLP: Tlp = 'AMBER';

const RANK: Record<Tlp, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, 'AMBER+STRICT': 3, RED: 4 };

export function isTlp(value: unknown): value is Tlp {
  return typeof value === 'string' && (TLP_LABELS as readonly string[]).includes(value);
}

/**
 * Reads `TLP:AMBER+STRICT`, `amber+strict`, `TLP:AMBER STRICT` and TLP 1.0 `WHITE` (= CLEAR).
 * Returns null for anything else: an unreadable label is never guessed.
 */
export function parseTlp(text: string): Tlp | null {
  const t = text.trim().toUpperCase().replace(/^TLP\s*:\s*/, '').replace(/\s*(\+|\s)\s*STRICT$/, '+STRICT');
  if (t === 'WHITE') return 'CLEAR';
  return isTlp(t) ? t : null;
}

/** The written form: `TLP:` and the upper-case label. */
export function formatTlp(label: Tlp): string {
  return `TLP:${label}`;
}

/** The most restrictive of the labels (derived data takes the most restrictive input). */
export function mostRestrictive(...labels: Tlp[]): Tlp {
  let out: Tlp = 'CLEAR';
  for (const l of labels) if (RANK[l] > RANK[out]) out = l;
  return out;
}

export function moreRestrictive(a: Tlp, b: Tlp): boolean {
  return RANK[a] > RANK[b];
}

/** How a would-be recipient stands to a record and its owner. */
export interface Recipient {
  /** The recipient belongs to the owning organisation. */
  sameOrganisation: boolean;
  /** The recipient's organisation is in the trust community. */
  inCommunity: boolean;
  /** The record was shared with the recipient's organisation. */
  sharedWithOrganisation: boolean;
  /** The record was shared with an organisation the recipient's organisation is a declared client of. */
  sharedWithParentOrganisation: boolean;
  /** The record was shared with this person by name. */
  sharedWithPerson: boolean;
}

/**
 * May this recipient receive the record? The owning organisation always may (the label limits
 * sharing beyond it). CLEAR: anyone. GREEN: the community. AMBER: organisations it was shared
 * with and their declared clients. AMBER+STRICT: organisations it was shared with. RED: the
 * people it was shared with.
 */
export function mayReceive(label: Tlp, r: Recipient): boolean {
  if (r.sameOrganisation) return true;
  switch (label) {
    case 'CLEAR':
      return true;
    case 'GREEN':
      return r.inCommunity || r.sharedWithOrganisation || r.sharedWithPerson;
    case 'AMBER':
      return r.sharedWithOrganisation || r.sharedWithParentOrganisation || r.sharedWithPerson;
    case 'AMBER+STRICT':
      return r.sharedWithOrganisation || r.sharedWithPerson;
    case 'RED':
      return r.sharedWithPerson;
  }
}
