import { describe, expect, it } from 'vitest';
import { mayReceive, mostRestrictive, parseTlp, TLP_LABELS, type Recipient, type Tlp } from './index.js';

const none: Recipient = { sameOrganisation: false, inCommunity: false, sharedWithOrganisation: false, sharedWithParentOrganisation: false, sharedWithPerson: false };

describe('TLP 2.0', () => {
  it('reads the written forms and TLP 1.0 WHITE, and refuses to guess', () => {
    expect(parseTlp('TLP:AMBER+STRICT')).toBe('AMBER+STRICT');
    expect(parseTlp('amber+strict')).toBe('AMBER+STRICT');
    expect(parseTlp('TLP:AMBER STRICT')).toBe('AMBER+STRICT');
    expect(parseTlp('WHITE')).toBe('CLEAR');
    expect(parseTlp('TLP:GREEN')).toBe('GREEN');
    expect(parseTlp('TLP:PURPLE')).toBeNull();
    expect(parseTlp('')).toBeNull();
  });

  it('gives derived data the most restrictive input (GREEN ⊕ AMBER+STRICT → AMBER+STRICT)', () => {
    expect(mostRestrictive('GREEN', 'AMBER+STRICT')).toBe('AMBER+STRICT');
    expect(mostRestrictive('CLEAR', 'GREEN', 'AMBER')).toBe('AMBER');
    expect(mostRestrictive('RED', 'CLEAR')).toBe('RED');
    expect(mostRestrictive()).toBe('CLEAR');
  });

  // Every label × every relation: the whole audience table.
  const relations: Array<[string, Partial<Recipient>, Tlp[]]> = [
    ['the owning organisation', { sameOrganisation: true }, [...TLP_LABELS]],
    ['an organisation outside the community', {}, ['CLEAR']],
    ['a community organisation', { inCommunity: true }, ['CLEAR', 'GREEN']],
    ['an organisation it was shared with', { sharedWithOrganisation: true, inCommunity: true }, ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']],
    ["a declared client of a recipient (the MSP case)", { sharedWithParentOrganisation: true, inCommunity: true }, ['CLEAR', 'GREEN', 'AMBER']],
    ['a person it was shared with by name', { sharedWithPerson: true }, [...TLP_LABELS]],
  ];
  for (const [who, relation, allowed] of relations) {
    it(`lets ${who} receive exactly ${allowed.join(', ')}`, () => {
      const received = TLP_LABELS.filter((label) => mayReceive(label, { ...none, ...relation }));
      expect(received).toEqual(allowed);
    });
  }
});
