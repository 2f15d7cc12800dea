import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { TAR_BLOCK_SIZE, decodeTarHeader, encodeTarHeader, splitUstarPath, tarPadding } from '../../src/formats/bundle/tar.js';
import { TarReader } from '../../src/formats/bundle/tar-reader.js';
import { unsafePathReason } from '../../src/formats/bundle/paths.js';
import { buildTar, chunked } from './helpers.js';

describe('ustar headers', () => {
  it('round-trips path, size, mode, time and type', () => {
    const block = encodeTarHeader({ path: 'nvd/nvdcve-2.0-2024.json.gz', size: 123_456_789, mtime: 1_700_000_000, mode: 0o600 });
    expect(block.byteLength).toBe(TAR_BLOCK_SIZE);
    expect(Buffer.from(block.subarray(257, 265)).toString('latin1')).toBe('ustar\u000000');
    expect(decodeTarHeader(block, 0)).toMatchObject({ path: 'nvd/nvdcve-2.0-2024.json.gz', size: 123_456_789, mtime: 1_700_000_000, mode: 0o600, type: 'file' });
    const link = decodeTarHeader(encodeTarHeader({ path: 'l', size: 0, type: 'symbolic-link', linkname: '/etc/shadow' }), 0);
    expect(link).toMatchObject({ type: 'symbolic-link', linkname: '/etc/shadow', typeflag: '2' });
  });

  it('splits long paths over prefix and name, and refuses what cannot fit', () => {
    const path = `${'a'.repeat(150)}/${'b'.repeat(100)}`;
    const split = splitUstarPath(path);
    expect(split && [split.prefix.byteLength, split.name.byteLength]).toEqual([150, 100]);
    expect(decodeTarHeader(encodeTarHeader({ path, size: 0 }), 0).path).toBe(path);
    expect(splitUstarPath(`${'a'.repeat(156)}/b`)).toBeUndefined();
    expect(splitUstarPath('c'.repeat(101))).toBeUndefined();
    expect(() => encodeTarHeader({ path: 'c'.repeat(101), size: 0 })).toThrow(InputError);
  });

  it('keeps UTF-8 names and refuses invalid UTF-8', () => {
    expect(decodeTarHeader(encodeTarHeader({ path: 'csaf/Überwachung-東京.json', size: 1 }), 0).path).toBe('csaf/Überwachung-東京.json');
    const block = encodeTarHeader({ path: 'ab', size: 0 });
    block[0] = 0xff;
    // Fix the checksum so that only the name is wrong.
    let sum = 0;
    for (let i = 0; i < 512; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    block.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    expect(() => decodeTarHeader(block, 1024)).toThrow(/not valid UTF-8/);
  });

  it('refuses a non-octal size with its offset', () => {
    const block = encodeTarHeader({ path: 'x', size: 1 });
    block.set(Buffer.from('0000000009x\0'), 124);
    let sum = 0;
    for (let i = 0; i < 512; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    block.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    try {
      decodeTarHeader(block, 2048);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).place?.offset).toBe(2048);
    }
  });

  it('pads bodies to whole blocks', () => {
    expect([0, 1, 511, 512, 513].map((size) => tarPadding(size).byteLength)).toEqual([0, 511, 1, 0, 511]);
  });
});

describe('TarReader', () => {
  it('walks entries with offsets, skipping bodies the caller does not read', async () => {
    const tar = buildTar([
      { path: 'one', bytes: 'x'.repeat(600) },
      { path: 'two', bytes: '' },
      { path: 'three', bytes: 'abc' },
    ]);
    const reader = new TarReader(chunked(tar, 37), { maxBytes: tar.byteLength });
    const seen: [string, number][] = [];
    let body = '';
    for (let entry = await reader.next(); entry; entry = await reader.next()) {
      seen.push([entry.path, entry.offset]);
      if (entry.path === 'three') for await (const piece of reader.body()) body += piece.toString();
    }
    expect(seen).toEqual([
      ['one', 0],
      ['two', 1536],
      ['three', 2048],
    ]);
    expect(body).toBe('abc');
    expect(reader.endOffset).toBe(3072);
  });

  it('refuses a lone zero block followed by more entries', async () => {
    const tar = Buffer.concat([Buffer.alloc(512), buildTar([{ path: 'x', bytes: 'y' }])]);
    const reader = new TarReader(chunked(tar), { maxBytes: tar.byteLength });
    await expect(reader.next()).rejects.toMatchObject({ code: 'bundle-invalid-tar', place: { offset: 512 } });
  });
});

describe('bundle paths', () => {
  it('accepts ordinary relative paths and refuses escapes', () => {
    for (const ok of ['kev.json', 'cves/2024/1xxx/CVE-2024-1234.json', 'osv/PyPI/GHSA-xxxx-yyyy-zzzz.json', '.hidden/x']) expect(unsafePathReason(ok), ok).toBeUndefined();
    for (const bad of ['', '/abs', '../x', 'a/../../x', 'a/./b', 'a//b', 'a/', 'C:/x', 'a\\b', 'a:b', 'a\nb', 'manifest.json', 'manifest.json.asc']) {
      expect(unsafePathReason(bad), JSON.stringify(bad)).toBeTypeOf('string');
    }
  });
});
