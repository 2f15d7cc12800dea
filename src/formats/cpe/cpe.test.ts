import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { bindToFs, parseCpe23 } from './formatted.js';
import { parseCpe, toCpe23, tryParseCpe } from './parse.js';
import { bindToUri, parseCpe22 } from './uri.js';
import { ANY, NA, attributeText, createWfn, quoteLiteral, vendorProductKey, wfnFromText, type Wfn } from './wfn.js';
import { inputError } from '../../../test/support/errors.js';

function wfn(values: Partial<Wfn>): Wfn {
  return createWfn(values);
}

describe('CPE 2.3 formatted string: unbinding', () => {
  it('unbinds the standards vector (1): version and update set, rest ANY', () => {
    const w = parseCpe23('cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*');
    expect(w).toEqual(wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.0\\.6001', update: 'beta' }));
    expect(attributeText(w.version)).toBe('8.0.6001');
    expect(w.edition).toBe(ANY);
  });
  it('unbinds the standards vector (2): an escaped colon in the vendor', () => {
    const w = parseCpe23('cpe:2.3:a:foo\\:bar:hmi:1.0:*:*:*:*:*:*:*');
    expect(w.vendor).toBe('foo\\:bar');
    expect(attributeText(w.vendor)).toBe('foo:bar');
    expect(w.product).toBe('hmi');
  });
  // NISTIR 7695 §6.2.3.3 examples.
  it('unbinds the NISTIR 7695 examples', () => {
    expect(parseCpe23('cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*')).toMatchObject({ version: '8\\.*', update: 'sp?' });
    expect(parseCpe23('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*')).toEqual(
      wfn({ part: 'a', vendor: 'hp', product: 'insight_diagnostics', version: '7\\.4\\.0\\.1570', update: NA, swEdition: 'online', targetSw: 'win2003', targetHw: 'x64' }),
    );
    expect(parseCpe23('cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*')).toMatchObject({
      vendor: 'foo\\\\bar',
      product: 'big\\$money_2010',
      swEdition: 'special',
      targetSw: 'ipod_touch',
      targetHw: '80gb',
    });
  });
  it('keeps a lone literal hyphen distinct from NA', () => {
    const w = parseCpe23('cpe:2.3:a:v:p:\\-:*:*:*:*:*:*:*');
    expect(w.version).toBe('\\-');
    expect(bindToFs(w)).toBe('cpe:2.3:a:v:p:\\-:*:*:*:*:*:*:*');
    expect(parseCpe23(bindToFs(w)).version).toBe('\\-');
    expect(bindToUri(w)).toBe('cpe:/a:v:p:%2d');
    expect(parseCpe22(bindToUri(w)).version).toBe('\\-');
  });
  it('reads `-` as NA only when it is the whole value', () => {
    const w = parseCpe23('cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*');
    expect(w.version).toBe(NA);
    expect(w.product).toBe('simatic_s7\\-1500');
    expect(attributeText(w.product)).toBe('simatic_s7-1500');
  });
  it('lower-cases values unless asked not to', () => {
    expect(parseCpe23('CPE:2.3:A:Siemens:SIMATIC:V2.9:*:*:*:*:*:*:*')).toMatchObject({ part: 'a', vendor: 'siemens', version: 'v2\\.9' });
    expect(parseCpe23('cpe:2.3:a:Siemens:SIMATIC:*:*:*:*:*:*:*:*', { preserveCase: true }).vendor).toBe('Siemens');
  });
  it('quotes bare special characters leniently, and refuses them in strict mode', () => {
    expect(parseCpe23('cpe:2.3:a:at&t:x:*:*:*:*:*:*:*:*').vendor).toBe('at\\&t');
    const e = inputError(() => parseCpe23('cpe:2.3:a:at&t:x:*:*:*:*:*:*:*:*', { strict: true }));
    expect(e.issues[0]?.offset).toBe(12);
    expect(e.message).toMatch(/must be quoted/);
  });
  it('drops a quote on a letter or digit', () => {
    expect(parseCpe23('cpe:2.3:a:\\a\\1:x:*:*:*:*:*:*:*:*').vendor).toBe('a1');
  });
  it('checks the language tag in strict mode', () => {
    expect(parseCpe23('cpe:2.3:a:v:p:1:*:*:en-us:*:*:*:*', { strict: true }).language).toBe('en\\-us');
    expect(inputError(() => parseCpe23('cpe:2.3:a:v:p:1:*:*:english:*:*:*:*', { strict: true })).message).toMatch(/RFC 5646/);
  });
});

describe('CPE 2.3 formatted string: errors carry the offset', () => {
  it('rejects the truncated cpe:2.3:a:x with a clear message', () => {
    const e = inputError(() => parseCpe23('cpe:2.3:a:x'));
    expect(e.code).toBe('invalid-cpe');
    expect(e.message).toMatch(/truncated: expected 11 components after "cpe:2.3:", found 2/);
    expect(e.message).toMatch(/product, version/);
    expect(e.issues[0]?.offset).toBe(11);
  });
  it('rejects too many components at the first extra one', () => {
    const input = 'cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra';
    const e = inputError(() => parseCpe23(input));
    expect(e.message).toMatch(/found 12/);
    expect(e.issues[0]?.offset).toBe(input.lastIndexOf(':'));
  });
  it.each([
    ['cpe:2.2:a:v:p:1:*:*:*:*:*:*:*', 0, /cpe:2\.3/],
    ['cpe:2.3:a:v::1:*:*:*:*:*:*:*', 12, /empty component/],
    ['cpe:2.3:x:v:p:1:*:*:*:*:*:*:*', 8, /part must be/],
    ['cpe:2.3:a:v:p:1.*.2:*:*:*:*:*:*:*', 16, /wildcards/],
    ['cpe:2.3:a:v:p:1?2:*:*:*:*:*:*:*', 15, /wildcards/],
    ['cpe:2.3:a:v:p:**:*:*:*:*:*:*:*', 15, /single run/],
    ['cpe:2.3:a:v:p:?*:*:*:*:*:*:*:*', 15, /wildcards|single run/],
    ['cpe:2.3:a:v:p:1:*:*:*:*:*:*:\\', 28, /dangling escape/],
    ['cpe:2.3:a:v\u0000x:p:1:*:*:*:*:*:*:*', 11, /U\+0000/],
    ['cpe:2.3:a:v:p r:1:*:*:*:*:*:*:*', 13, /U\+0020/],
    ['cpe:2.3:a:v:pé:1:*:*:*:*:*:*:*', 13, /U\+00E9/],
  ])('%s → offset %i', (input, offset, message) => {
    const e = inputError(() => parseCpe23(input));
    expect(e.issues[0]?.offset).toBe(offset);
    expect(e.message).toMatch(message);
    expect(e.place?.offset).toBe(offset);
  });
});

describe('CPE 2.3 formatted string: binding and round trips', () => {
  it('binds the NISTIR 7695 §6.2.2.3 examples', () => {
    expect(bindToFs(wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.0\\.6001', update: 'beta' }))).toBe(
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    );
    expect(bindToFs(wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.*', update: 'sp?' }))).toBe(
      'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
    );
    expect(
      bindToFs(wfn({ part: 'a', vendor: 'hp', product: 'insight_diagnostics', version: '7\\.4\\.0\\.1570', update: NA, swEdition: 'online', targetSw: 'win2003', targetHw: 'x64' })),
    ).toBe('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*');
    expect(bindToFs(wfn({ part: 'a', vendor: 'foo\\\\bar', product: 'big\\$money_2010', swEdition: 'special', targetSw: 'ipod_touch', targetHw: '80gb' }))).toBe(
      'cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*',
    );
  });
  it.each([
    'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    'cpe:2.3:a:foo\\:bar:hmi:1.0:*:*:*:*:*:*:*',
    'cpe:2.3:o:siemens:simatic_s7-1500_firmware:-:*:*:*:*:*:*:*',
    'cpe:2.3:a:themeisle:wp_maintenance_mode_\\&_coming_soon:*:*:*:*:*:wordpress:*:*',
    'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
    'cpe:2.3:a:v:p:*1.0:??x:*:*:*:*:*:*',
    'cpe:2.3:a:v:p\\!\\"\\#\\$\\%\\&\\\'\\(\\)\\+\\,\\/\\:\\;\\<\\=\\>\\@\\[\\]\\^\\`\\{\\|\\}\\~\\*\\?\\\\:1:*:*:*:*:*:*:*',
  ])('round-trips %s', (fs) => {
    expect(bindToFs(parseCpe23(fs))).toBe(fs);
  });
});

describe('CPE 2.2 URI', () => {
  // NISTIR 7695 §6.1.3.3 examples.
  it('unbinds the NISTIR 7695 examples, including the packed edition', () => {
    expect(parseCpe22('cpe:/a:microsoft:internet_explorer:8.0.6001:beta')).toEqual(
      wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.0\\.6001', update: 'beta' }),
    );
    expect(parseCpe22('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f')).toMatchObject({ version: '8\\.\\*', update: 'sp\\?' });
    expect(parseCpe22('cpe:/a:microsoft:internet_explorer:8.%02:sp%01')).toMatchObject({ version: '8\\.*', update: 'sp?' });
    expect(parseCpe22('cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~')).toEqual(
      wfn({ part: 'a', vendor: 'hp', product: 'insight_diagnostics', version: '7\\.4\\.0\\.1570', swEdition: 'online', targetSw: 'win2003', targetHw: 'x64' }),
    );
    expect(parseCpe22('cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~')).toMatchObject({ update: NA, edition: ANY, targetSw: 'linux' });
    expect(parseCpe22('cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~')).toMatchObject({
      vendor: 'foo\\\\bar',
      product: 'big\\$money_manager_2010',
      swEdition: 'special',
      targetSw: 'ipod_touch',
      targetHw: '80gb',
    });
    expect(parseCpe22('cpe:/a:foo~bar:big%7emoney_2010')).toMatchObject({ vendor: 'foo\\~bar', product: 'big\\~money_2010' });
  });
  it('binds the NISTIR 7695 examples', () => {
    expect(bindToUri(wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.0\\.6001', update: 'beta' }))).toBe(
      'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
    );
    expect(bindToUri(wfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.*', update: 'sp?' }))).toBe(
      'cpe:/a:microsoft:internet_explorer:8.%02:sp%01',
    );
    expect(
      bindToUri(wfn({ part: 'a', vendor: 'hp', product: 'insight_diagnostics', version: '7\\.4\\.0\\.1570', update: NA, swEdition: 'online', targetSw: 'win2007', targetHw: 'x64' })),
    ).toBe('cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2007~x64~');
    expect(bindToUri(wfn({ part: 'a', vendor: 'hp', product: 'openview_network_manager', version: '7\\.51', targetSw: 'linux' }))).toBe(
      'cpe:/a:hp:openview_network_manager:7.51::~~~linux~~',
    );
    expect(bindToUri(wfn({ part: 'a', vendor: 'foo\\\\bar', product: 'big\\$money_manager_2010', swEdition: 'special', targetSw: 'ipod_touch', targetHw: '80gb' }))).toBe(
      'cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~',
    );
    expect(bindToUri(createWfn())).toBe('cpe:/');
  });
  it('round-trips between the two bindings', () => {
    for (const fs of [
      'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
      'cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9.4:*:*:*:*:*:*:*',
      'cpe:2.3:a:foo\\:bar:hmi:1.0:sp?:*:de:*:*:*:x\\/y',
      'cpe:2.3:h:rockwell:1756-en4tr:-:*:*:*:*:*:*:*',
    ]) {
      expect(bindToFs(parseCpe22(bindToUri(parseCpe23(fs))))).toBe(fs);
    }
  });
  it.each([
    ['cpe:a:b', 0, /cpe:\//],
    ['cpe:/a:v:p:1:u:e:en:extra', 20, /at most 7/],
    ['cpe:/a:v:p:1%2', 12, /percent-escape/],
    ['cpe:/a:v:p:1%zz', 12, /percent-escape/],
    ['cpe:/a:v:p:1%00', 12, /printable/],
    ['cpe:/a:v:p:12.%02.1234', 14, /wildcards/],
    ['cpe:/a:v:p:1.0 beta', 14, /percent-encoded/],
    ['cpe:/a:v:p:1:u:~a~b', 15, /packed edition/],
    ['cpe:/x:v:p', 5, /part must be/],
  ])('rejects %s at offset %i', (input, offset, message) => {
    const e = inputError(() => parseCpe22(input));
    expect(e.issues[0]?.offset).toBe(offset);
    expect(e.message).toMatch(message);
  });
});

describe('parseCpe and helpers', () => {
  it('detects the binding', () => {
    expect(toCpe23('cpe:/o:siemens:simatic_s7-1500_firmware:2.9')).toBe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9:*:*:*:*:*:*:*');
    expect(toCpe23(' cpe:2.3:a:x:y:1:*:*:*:*:*:*:* ')).toBe('cpe:2.3:a:x:y:1:*:*:*:*:*:*:*');
    expect(tryParseCpe('cpe:2.3:a:x')).toBeUndefined();
    expect(tryParseCpe('garbage')).toBeUndefined();
  });
  it('builds WFNs from plain text', () => {
    const w = wfnFromText({ part: 'o', vendor: 'Siemens', product: 'SIMATIC S7-1500 Firmware', version: 'V2.9.3', update: NA });
    expect(bindToFs(w)).toBe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:v2.9.3:-:*:*:*:*:*:*');
    expect(quoteLiteral('a*b?')).toBe('a\\*b\\?');
    expect(vendorProductKey(w)).toBe('o:siemens:simatic_s7\\-1500_firmware');
  });
  it('validates WFN values given directly', () => {
    expect(inputError(() => createWfn({ vendor: 'foo.bar' })).message).toMatch(/must be quoted/);
    expect(inputError(() => createWfn({ vendor: '' })).message).toMatch(/empty/);
    expect(inputError(() => createWfn({ part: 'x' })).message).toMatch(/part/);
    expect(inputError(() => createWfn({ vendor: 'a\\' })).message).toMatch(/dangling/);
  });
});

describe('hostile CPE input', () => {
  it('rejects very long input without hanging', () => {
    const long = 'cpe:2.3:a:' + 'a'.repeat(10_000) + ':p:*:*:*:*:*:*:*:*';
    expect(inputError(() => parseCpe(long)).message).toMatch(/longer than/);
    expect(inputError(() => parseCpe('cpe:/' + 'a:'.repeat(10_000))).message).toMatch(/longer than/);
  });
  it('rejects floods of separators, escapes and wildcards', () => {
    expect(inputError(() => parseCpe23('cpe:2.3:' + ':'.repeat(2000))).message).toMatch(/found/);
    expect(inputError(() => parseCpe23('cpe:2.3:a:' + '\\'.repeat(2001))).message).toMatch(/dangling|found/);
    expect(inputError(() => parseCpe23('cpe:2.3:a:v:' + '?*'.repeat(900) + ':1:*:*:*:*:*:*:*')).message).toMatch(/wildcards|single run/);
    expect(inputError(() => parseCpe23('cpe:2.3:a:v:p:1:*:*:*:*:*:*:\u001b[31m')).message).toMatch(/U\+001B/);
  });
  it('rejects non-strings', () => {
    expect(() => parseCpe(undefined as unknown as string)).toThrow(InputError);
    expect(() => parseCpe23(42 as unknown as string)).toThrow(InputError);
  });
});
