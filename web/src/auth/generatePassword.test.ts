import { describe, expect, it } from 'vitest';
import { generatePassword } from './generatePassword';
import { passwordProblem } from './passwordPolicy';

describe('generatePassword', () => {
  it('meets the policy, avoids look-alikes and differs each time', () => {
    const a = generatePassword();
    expect(a).toHaveLength(20);
    expect(passwordProblem(a)).toBeNull();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    expect(generatePassword()).not.toBe(a);
  });

  it('drops biased bytes instead of folding them', () => {
    let call = 0;
    const random = (bytes: Uint8Array<ArrayBuffer>) => bytes.fill(call++ === 0 ? 255 : 0);
    expect(generatePassword(4, random)).toBe('aaaa');
  });
});
