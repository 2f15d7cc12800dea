import { describe, expect, it } from 'vitest';
import { mayReceive, type Recipient } from '../../../src/engine/tlp/index.js';
import type { Account, Organisation } from '../api/authTypes';
import type { Share } from '../api/sharingTypes';
import {
  candidateOrganisations, candidatePeople, declaredClientsNote, labelChangeWarnings, noRecipientsNote, removalNote, sharedWithYouNote, shareTargets, sharingWarnings, TLP_AUDIENCE, TLP_LABELS,
  TLP_REACH, tlpStyle,
} from './tlp';

const org = (id: string, name: string, clientOf: string | null = null): Organisation => ({
  id, name, kind: 'partner', community: true, clientOf, createdAt: '2026-01-01T00:00:00Z',
});
const share = (id: string, kind: 'organisation' | 'person', recipientId: string): Share => ({
  id, recipient: { kind, id: recipientId, name: recipientId }, createdBy: 'admin', createdAt: '2026-01-01T00:00:00Z',
});
const account = (id: string, orgId: string, username: string, extra: Partial<Account> = {}): Account => ({
  id, orgId, username, displayName: null, email: null, role: 'partner', siteIds: null, disabled: false, lockedUntil: null, signIn: 'password',
  createdAt: '2026-01-01T00:00:00Z', lastLoginAt: null, ...extra,
});

describe('TLP colours', () => {
  it('uses the FIRST TLP 2.0 colours on black and shows TLP 1.0 WHITE as CLEAR', () => {
    expect(tlpStyle('WHITE')).toEqual({ label: 'TLP:CLEAR', color: '#FFFFFF', background: '#000000' });
    expect(tlpStyle('tlp:red')).toEqual({ label: 'TLP:RED', color: '#FF2B2B', background: '#000000' });
    expect(tlpStyle('AMBER+STRICT')).toEqual({ label: 'TLP:AMBER+STRICT', color: '#FFC000', background: '#000000' });
    expect(tlpStyle('TLP:AMBER STRICT')?.label).toBe('TLP:AMBER+STRICT');
    expect(tlpStyle('AMBER')?.color).toBe('#FFC000');
    expect(tlpStyle('GREEN')?.color).toBe('#33FF00');
    expect(tlpStyle('PURPLE')).toEqual({ label: 'TLP:PURPLE', color: '#FFFFFF', background: '#6b6b6b' });
    expect(tlpStyle('')).toBeNull();
    expect(tlpStyle('  ')).toBeNull();
    expect(tlpStyle(null)).toBeNull();
  });
});

describe('TLP audiences', () => {
  it('explains every label in one line', () => {
    for (const label of TLP_LABELS) {
      expect(TLP_AUDIENCE[label]).toMatch(/^[A-Z].+\.$/);
      expect(TLP_AUDIENCE[label]).not.toContain('\n');
      expect(TLP_REACH[label]).toMatch(/^[A-Z].+\.$/);
    }
    expect(TLP_AUDIENCE.RED).toContain('no further disclosure');
    expect(TLP_AUDIENCE['AMBER+STRICT']).toContain('own organisation only');
    expect(TLP_AUDIENCE.AMBER).toContain('clients');
    expect(TLP_AUDIENCE.GREEN).toContain('community');
    expect(TLP_AUDIENCE.CLEAR).toContain('no limit');
  });

  it('offers the recipients the server accepts: organisations but for RED and CLEAR, people but for CLEAR', () => {
    expect(shareTargets('CLEAR')).toEqual([]);
    expect(shareTargets('GREEN')).toEqual(['organisation', 'person']);
    expect(shareTargets('AMBER')).toEqual(['organisation', 'person']);
    expect(shareTargets('AMBER+STRICT')).toEqual(['organisation', 'person']);
    expect(shareTargets('RED')).toEqual(['person']);
  });

  it('agrees with the server rule: a target offered is one the label lets receive it', () => {
    const none: Recipient = { sameOrganisation: false, inCommunity: false, sharedWithOrganisation: false, sharedWithParentOrganisation: false, sharedWithPerson: false };
    for (const label of TLP_LABELS) {
      const targets = shareTargets(label);
      expect(mayReceive(label, { ...none, sharedWithOrganisation: true }) || !targets.includes('organisation')).toBe(true);
      expect(mayReceive(label, { ...none, sharedWithPerson: true }) || !targets.includes('person')).toBe(true);
    }
  });
});

describe('the partner note', () => {
  it('names the label and the owner when known', () => {
    expect(sharedWithYouNote('AMBER', 'Water Co')).toBe('Shared with your organisation under TLP:AMBER by Water Co');
    expect(sharedWithYouNote('amber+strict')).toBe('Shared with your organisation under TLP:AMBER+STRICT');
    expect(sharedWithYouNote(undefined, null)).toBe('Shared with your organisation');
    expect(sharedWithYouNote('nonsense')).toBe('Shared with your organisation');
    expect(sharedWithYouNote('RED', 'Water Co')).toBe('Shared with you by name under TLP:RED by Water Co');
  });

  it('says who has it when no one is named', () => {
    expect(noRecipientsNote('AMBER', 'Water Co')).toBe('Not shared with anyone: only Water Co sees it.');
    expect(noRecipientsNote('RED', null)).toBe('Not shared with anyone: only your organisation sees it.');
    expect(noRecipientsNote('GREEN', 'Water Co')).toContain('trust community');
    expect(noRecipientsNote('CLEAR', 'Water Co')).toContain('TLP:CLEAR');
  });

  it('says when withdrawing a share still leaves the label reaching the recipient', () => {
    expect(removalNote('CLEAR', 'organisation')).toContain('every organisation');
    expect(removalNote('GREEN', 'organisation')).toContain('trust community');
    expect(removalNote('GREEN', 'person')).toBeNull();
    expect(removalNote('AMBER', 'organisation')).toBeNull();
    expect(removalNote('RED', 'person')).toBeNull();
  });
});

describe('sharing warnings', () => {
  const shares = [share('s1', 'organisation', 'o1'), share('s2', 'organisation', 'o2'), share('s3', 'person', 'u1')];

  it('says what RED takes away from the organisations a record is shared with', () => {
    expect(sharingWarnings('AMBER', shares)).toEqual([]);
    expect(sharingWarnings('CLEAR', shares)).toEqual([]);
    expect(sharingWarnings('RED', shares)).toEqual(['Under TLP:RED only named people receive it: the 2 organisations it is shared with no longer do.']);
    expect(sharingWarnings('RED', [shares[0]!])).toEqual(['Under TLP:RED only named people receive it: the 1 organisation it is shared with no longer does.']);
    expect(sharingWarnings('RED', [shares[2]!])).toEqual([]);
  });

  it('says before a change what a wide label discloses at once', () => {
    expect(labelChangeWarnings('AMBER+STRICT', shares)).toEqual([]);
    expect(labelChangeWarnings('CLEAR', [])).toEqual(['Under TLP:CLEAR every organisation on this installation receives it at once, and may pass it on without limit.']);
    expect(labelChangeWarnings('GREEN', [])).toHaveLength(1);
    expect(labelChangeWarnings('GREEN', [])[0]).toContain('trust community');
    expect(labelChangeWarnings('RED', shares)).toEqual(sharingWarnings('RED', shares));
  });
});

describe('recipient choices', () => {
  const orgs = [org('own', 'Hosting'), org('b', 'Grid Co'), org('a', 'CERT-X'), org('c', 'CERT-X client', 'a')];

  it('leaves out the own organisation and those shared with already, by name', () => {
    expect(candidateOrganisations(orgs, 'own', [share('s1', 'organisation', 'b')]).map((o) => o.id)).toEqual(['a', 'c']);
    expect(candidateOrganisations(orgs, 'own', []).map((o) => o.name)).toEqual(['CERT-X', 'CERT-X client', 'Grid Co']);
    expect(candidateOrganisations([orgs[0]!], 'own', [])).toEqual([]);
  });

  it('offers enabled people of other organisations not named already', () => {
    const accounts = [
      account('u1', 'own', 'admin'),
      account('u2', 'a', 'pat', { displayName: 'Pat Partner' }),
      account('u3', 'b', 'gone', { disabled: true }),
      account('u4', 'b', 'bo'),
      account('u5', 'zz', 'lone'),
    ];
    expect(candidatePeople(accounts, 'own', [share('s1', 'person', 'u4')], orgs)).toEqual([
      { value: 'u5', label: 'lone — another organisation' },
      { value: 'u2', label: 'Pat Partner (pat) — CERT-X' },
    ]);
  });

  it('names the declared clients an AMBER share reaches too', () => {
    expect(declaredClientsNote('AMBER', 'a', orgs)).toBe('Under TLP:AMBER its declared client CERT-X client receives it too.');
    expect(declaredClientsNote('AMBER+STRICT', 'a', orgs)).toBeNull();
    expect(declaredClientsNote('AMBER', 'b', orgs)).toBeNull();
    expect(declaredClientsNote('AMBER', null, orgs)).toBeNull();
    const more = [...orgs, org('d', 'Another client', 'a')];
    expect(declaredClientsNote('AMBER', 'a', more)).toBe('Under TLP:AMBER its declared clients Another client, CERT-X client receive it too.');
  });
});
