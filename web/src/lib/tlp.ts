/**
 * TLP 2.0 (FIRST) in the UI: the labels' colours, what each label lets its recipients do, who
 * receives a record on this installation (the server's rule, src/engine/tlp `mayReceive`), and
 * the words of the sharing panel. Pure functions, unit-tested.
 */
import { formatTlp, isTlp, parseTlp, TLP_LABELS, type Tlp } from '../../../src/engine/tlp/index.js';
import type { Account, Organisation } from '../api/authTypes';

/** What the sharing helpers read of an organisation: the directory's entries and the administrators' alike. */
export type OrganisationEntry = Pick<Organisation, 'id' | 'name' | 'clientOf'>;
/** What they read of a person: an account of the directory (GET /api/organisations/{id}/people) with its organisation. */
export type PersonEntry = Pick<Account, 'id' | 'username' | 'displayName' | 'orgId'> & { disabled?: boolean };
import type { Share } from '../api/sharingTypes';

export { formatTlp, isTlp, parseTlp, TLP_LABELS, type Tlp };

export interface TlpStyle {
  /** The label to show, normalised to TLP 2.0 (`WHITE` is shown as `CLEAR`). */
  label: string;
  color: string;
  background: string;
}

/** Colours from FIRST TLP 2.0 (RGB on a black background), so the label reads as it does on paper. */
const TLP_COLORS: Record<Tlp, string> = {
  RED: '#FF2B2B',
  'AMBER+STRICT': '#FFC000',
  AMBER: '#FFC000',
  GREEN: '#33FF00',
  CLEAR: '#FFFFFF',
};

/** How a label is drawn; a label that is not TLP 2.0 (or 1.0) is still shown, in grey. */
export function tlpStyle(label: string | null | undefined): TlpStyle | null {
  if (!label?.trim()) return null;
  const tlp = parseTlp(label);
  if (tlp) return { label: formatTlp(tlp), color: TLP_COLORS[tlp], background: '#000000' };
  return { label: `TLP:${label.trim().toUpperCase().replace(/^TLP:/, '')}`, color: '#FFFFFF', background: '#6b6b6b' };
}

/** What the label lets a recipient do with it (FIRST TLP 2.0), one line each. */
export const TLP_AUDIENCE: Readonly<Record<Tlp, string>> = {
  CLEAR: 'Recipients may spread it to the world: there is no limit on disclosure.',
  GREEN: 'Limited disclosure: recipients may spread it within their community, but not publicly.',
  AMBER: 'Limited disclosure: recipients may share it, on a need-to-know basis, within their organisation and with its clients.',
  'AMBER+STRICT': 'Limited disclosure: recipients may share it, on a need-to-know basis, within their own organisation only.',
  RED: 'For the eyes and ears of the individual recipients only: no further disclosure.',
};

/** Who receives a record with the label on this installation, beyond the owning organisation. */
export const TLP_REACH: Readonly<Record<Tlp, string>> = {
  CLEAR: 'Every organisation on this installation receives it; no sharing is needed.',
  GREEN: 'Every organisation of the trust community receives it, as do the recipients named below.',
  AMBER: 'The organisations named below receive it, with their declared clients, as do the people named below.',
  'AMBER+STRICT': 'Only the organisations and people named below receive it.',
  RED: 'Only the people named below receive it; organisations do not.',
};

export type ShareTarget = 'organisation' | 'person';

/**
 * Whom a record with the label is shared with: nobody under CLEAR (it reaches everyone), named
 * people under RED, organisations (or named people) otherwise.
 */
export function shareTargets(label: Tlp): ShareTarget[] {
  if (label === 'CLEAR') return [];
  if (label === 'RED') return ['person'];
  return ['organisation', 'person'];
}

/**
 * The note a partner reads on a record shared with it, with the label and owner when known. TLP:RED
 * reaches only people named by the owner, so it was shared with the reader, not the organisation.
 */
export function sharedWithYouNote(label: string | null | undefined, owner?: string | null): string {
  const tlp = label ? parseTlp(label) : null;
  const whom = tlp === 'RED' ? 'you by name' : 'your organisation';
  return `Shared with ${whom}${tlp ? ` under ${formatTlp(tlp)}` : ''}${owner ? ` by ${owner}` : ''}`;
}

/** What a record shared with no one named reaches, for the owning organisation `owner`. */
export function noRecipientsNote(label: Tlp, owner: string | null | undefined): string {
  if (label === 'CLEAR') return 'No one is named: under TLP:CLEAR no one needs to be.';
  if (label === 'GREEN') return 'No one is named: the trust community receives it through the label alone.';
  return `Not shared with anyone: only ${owner ?? 'your organisation'} sees it.`;
}

/** What withdrawing a share leaves: a wide label may still reach the recipient; null when nothing does. */
export function removalNote(label: Tlp, recipient: ShareTarget): string | null {
  if (label === 'CLEAR') return 'Under TLP:CLEAR every organisation still receives it.';
  if (label === 'GREEN' && recipient === 'organisation') return 'Under TLP:GREEN it still reaches them if they are in the trust community.';
  return null;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the label means for the recipients a record has: organisations named under TLP:RED receive nothing. */
export function sharingWarnings(label: Tlp, shares: readonly Share[]): string[] {
  const organisations = shares.filter((s) => s.recipient.kind === 'organisation').length;
  if (label !== 'RED' || organisations === 0) return [];
  return [`Under TLP:RED only named people receive it: the ${plural(organisations, 'organisation')} it is shared with no longer ${organisations === 1 ? 'does' : 'do'}.`];
}

/** Before a label is set: what it discloses at once, and what it takes from the recipients the record has. */
export function labelChangeWarnings(label: Tlp, shares: readonly Share[]): string[] {
  const disclosure: Partial<Record<Tlp, string>> = {
    CLEAR: 'Under TLP:CLEAR every organisation on this installation receives it at once, and may pass it on without limit.',
    GREEN: 'Under TLP:GREEN every organisation of the trust community receives it at once, whether it is named below or not.',
  };
  return [...(disclosure[label] ? [disclosure[label]] : []), ...sharingWarnings(label, shares)];
}

function sharedIds(shares: readonly Share[], kind: ShareTarget): Set<string> {
  return new Set(shares.filter((s) => s.recipient.kind === kind).map((s) => s.recipient.id));
}

/** The organisations a record may still be shared with: not its own, not one it is shared with already. */
export function candidateOrganisations<O extends OrganisationEntry>(organisations: readonly O[], ownOrgId: string | undefined, shares: readonly Share[]): O[] {
  const taken = sharedIds(shares, 'organisation');
  return organisations.filter((o) => o.id !== ownOrgId && !taken.has(o.id)).sort((a, b) => a.name.localeCompare(b.name));
}

export interface PersonOption {
  value: string;
  label: string;
}

/** The people a record may still be shared with: enabled accounts of other organisations, not named already. */
export function candidatePeople(
  accounts: readonly PersonEntry[],
  ownOrgId: string | undefined,
  shares: readonly Share[],
  organisations: readonly OrganisationEntry[],
): PersonOption[] {
  const taken = sharedIds(shares, 'person');
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  return accounts
    .filter((a) => a.orgId !== ownOrgId && !a.disabled && !taken.has(a.id))
    .map((a) => {
      const who = a.displayName ? `${a.displayName} (${a.username})` : a.username;
      return { value: a.id, label: `${who} — ${names.get(a.orgId) ?? 'another organisation'}` };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Under AMBER a share reaches the organisation's declared clients too: who they are, or null. */
export function declaredClientsNote(label: Tlp, organisationId: string | null, organisations: readonly OrganisationEntry[]): string | null {
  if (label !== 'AMBER' || !organisationId) return null;
  const clients = organisations.filter((o) => o.clientOf === organisationId).map((o) => o.name).sort((a, b) => a.localeCompare(b));
  if (clients.length === 0) return null;
  return `Under TLP:AMBER its declared ${clients.length === 1 ? 'client' : 'clients'} ${clients.join(', ')} ${clients.length === 1 ? 'receives' : 'receive'} it too.`;
}
