import { randomBytes } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, LimitError } from '../../src/model/errors.js';
import { createBundleBytes, readBundle, readBundleFiles, signDetached, type BundleFile, type ReadBundleOptions } from '../../src/formats/bundle/index.js';
import { buildTar, chunked, gzip, makeKey, manifestBytes, patch, type RawEntry, type TestKey } from './helpers.js';

let operator: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  [operator, stranger] = await Promise.all([makeKey('Plant Operator'), makeKey('Stranger')]);
});

const FILES = [
  { path: 'kev/kev.json', kind: 'kev', bytes: Buffer.from('{"vulnerabilities":[{"cveID":"CVE-2024-0001"}]}') },
  { path: 'epss/epss.csv', kind: 'epss', bytes: Buffer.from('cve,epss,percentile\nCVE-2024-0001,0.5,0.9\n') },
];

function signed(gzipped = false): Promise<Buffer> {
  return createBundleBytes({ files: FILES, signingKey: { armoredKey: operator.privateKey }, creator: 'test', gzip: gzipped });
}

/** Reads the bundle to the end, returning the error and how many files came out before it. */
async function failure(input: Uint8Array | AsyncIterable<Uint8Array>, options: ReadBundleOptions): Promise<{ error: InputError | LimitError; yielded: BundleFile[] }> {
  const yielded: BundleFile[] = [];
  try {
    const { files } = await readBundle(input, options);
    for await (const file of files) yielded.push(file);
  } catch (error) {
    if (!(error instanceof InputError) && !(error instanceof LimitError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
    return { error, yielded };
  }
  throw new Error('expected the bundle to be refused');
}

const trusted = (): ReadBundleOptions => ({ trustedKeys: [operator.publicKey] });
const unsigned: ReadBundleOptions = { requireSignature: false };

/** An unsigned bundle of these raw entries after a manifest listing `listed`. */
function rawBundle(listed: { path: string; bytes: string }[], entries: RawEntry[]): Buffer {
  return buildTar([{ path: 'manifest.json', bytes: manifestBytes(listed) }, ...entries]);
}

describe('integrity and authenticity', () => {
  it('refuses a file whose bytes were changed, naming the entry and its offset', async () => {
    const tampered = patch(await signed(), 'CVE-2024-0001,0.5', 'CVE-2024-0001,0.9');
    const { error } = await failure(tampered, trusted());
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('bundle-hash-mismatch');
    expect(error.place).toMatchObject({ file: 'epss/epss.csv' });
    expect(error.place?.offset).toBeGreaterThan(512);
    expect((error.place?.offset ?? 1) % 512).toBe(0);
    expect(error.message).toContain('epss/epss.csv');
  });

  it('refuses a manifest that was changed after signing, before yielding any file', async () => {
    const tar = await signed();
    const manifestText = tar.subarray(512, 2048).toString('latin1');
    const hash = /"sha256": "([0-9a-f])/.exec(manifestText)?.[1] as string;
    const tampered = patch(tar, `"sha256": "${hash}`, `"sha256": "${hash === 'a' ? 'b' : 'a'}`);
    const { error, yielded } = await failure(chunked(tampered), trusted());
    expect(error.code).toBe('bundle-signature-invalid');
    expect(error.place?.file).toBe('manifest.json.asc');
    expect(yielded).toEqual([]);
  });

  it('refuses a bundle signed by a key that is not trusted, and reports it when a signature is optional', async () => {
    const bytes = await createBundleBytes({ files: FILES, signingKey: { armoredKey: stranger.privateKey }, creator: 'x' });
    const { error, yielded } = await failure(bytes, trusted());
    expect(error.code).toBe('bundle-signature-untrusted');
    expect(yielded).toEqual([]);
    const lenient = await readBundleFiles(bytes, { ...trusted(), requireSignature: false });
    expect(lenient.signature.valid).toBe(false);
    expect(lenient.signature.present).toBe(true);
    expect(stranger.fingerprint.endsWith(lenient.signature.keyId ?? 'none')).toBe(true);
  });

  it('refuses a manifest re-signed by an untrusted key after tampering', async () => {
    const files = [{ path: 'kev/kev.json', bytes: 'evil' }];
    const manifest = manifestBytes(files);
    const tar = buildTar([{ path: 'manifest.json', bytes: manifest }, { path: 'manifest.json.asc', bytes: await signDetached(manifest, { armoredKey: stranger.privateKey }) }, ...files]);
    expect((await failure(tar, trusted())).error.code).toBe('bundle-signature-untrusted');
  });

  it('refuses an unsigned bundle when a signature is required (either layout)', async () => {
    const bytes = await createBundleBytes({ files: FILES, creator: 'x', gzip: true });
    const { error, yielded } = await failure(bytes, trusted());
    expect(error.code).toBe('bundle-signature-missing');
    expect(yielded).toEqual([]);
  });

  it('refuses a signature that is not OpenPGP, and a requirement without trusted keys', async () => {
    const tar = rawBundle([], [{ path: 'manifest.json.asc', bytes: '-----BEGIN PGP SIGNATURE-----\n\ngarbage\n-----END PGP SIGNATURE-----\n' }]);
    expect((await failure(tar, trusted())).error.code).toBe('bundle-signature-invalid');
    expect((await failure(tar, { requireSignature: true })).error.code).toBe('bundle-no-trusted-keys');
    expect((await failure(tar, { trustedKeys: ['not a key'] })).error.code).toBe('bundle-trusted-key-invalid');
  });

  it('yields nothing from a signature-last bundle whose signature is bad', async () => {
    const files = [{ path: 'a.json', bytes: '{}' }];
    const manifest = manifestBytes(files);
    const signature = await signDetached(manifestBytes([{ path: 'a.json', bytes: '{"other":1}' }]), { armoredKey: operator.privateKey });
    const tar = buildTar([{ path: 'manifest.json', bytes: manifest }, ...files, { path: 'manifest.json.asc', bytes: signature }]);
    const { error, yielded } = await failure(tar, trusted());
    expect(error.code).toBe('bundle-signature-invalid');
    expect(yielded).toEqual([]);
  });
});

describe('archive contents against the manifest', () => {
  const listed = [{ path: 'a.json', bytes: '{"a":1}' }];

  it('refuses a file that is not in the manifest', async () => {
    const { error } = await failure(rawBundle(listed, [...listed, { path: 'extra.json', bytes: '{}' }]), unsigned);
    expect(error).toMatchObject({ code: 'bundle-unexpected-file', place: { file: 'extra.json' } });
  });

  it('refuses a manifest file missing from the archive, listing every missing one', async () => {
    const { error } = await failure(rawBundle([...listed, { path: 'b.json', bytes: 'b' }, { path: 'c.json', bytes: 'c' }], listed), unsigned);
    expect(error.code).toBe('bundle-missing-file');
    expect((error as InputError).issues.map((issue) => issue.file)).toEqual(['b.json', 'c.json']);
  });

  it('refuses a duplicate entry, a size that differs from the manifest, and a second manifest', async () => {
    expect((await failure(rawBundle(listed, [...listed, ...listed]), unsigned)).error.code).toBe('bundle-duplicate-path');
    expect((await failure(rawBundle(listed, [{ path: 'a.json', bytes: '{"a":12}' }]), unsigned)).error.code).toBe('bundle-size-mismatch');
    const twice = await failure(rawBundle(listed, [{ path: 'manifest.json', bytes: '{}' }]), unsigned);
    expect(twice.error.code).toBe('bundle-unsafe-path');
  });

  it('refuses an archive whose first entry is not the manifest', async () => {
    const { error } = await failure(buildTar([{ path: 'a.json', bytes: '{}' }]), unsigned);
    expect(error).toMatchObject({ code: 'bundle-manifest-missing', place: { file: 'a.json', offset: 0 } });
  });

  it('refuses a manifest that is not JSON, of another format, a later version, or with bad entries', async () => {
    const code = async (manifest: string): Promise<string> => (await failure(buildTar([{ path: 'manifest.json', bytes: manifest }]), unsigned)).error.code;
    expect(await code('{"format":')).toBe('bundle-manifest-invalid');
    expect(await code('{"format":"other","version":1}')).toBe('bundle-manifest-invalid');
    expect(await code('{"format":"bulwark-intel-bundle","version":2}')).toBe('bundle-unsupported-version');
    const bad = JSON.stringify({
      format: 'bulwark-intel-bundle',
      version: 1,
      created: 'yesterday',
      creator: 'x',
      files: [
        { path: '../../etc/cron.d/evil', kind: 'kev', size: 1, sha256: 'a'.repeat(64) },
        { path: 'x.json', kind: 'KEV!', size: -1, sha256: 'xyz' },
        { path: 'ok.json', kind: 'kev', size: 1, sha256: 'a'.repeat(64) },
        { path: 'OK.json', kind: 'kev', size: 1, sha256: 'a'.repeat(64) },
      ],
    });
    const { error } = await failure(buildTar([{ path: 'manifest.json', bytes: bad }]), unsigned);
    expect((error as InputError).issues.map((issue) => issue.pointer)).toEqual([
      '/created',
      '/files/0/path',
      '/files/1/kind',
      '/files/1/size',
      '/files/1/sha256',
      '/files/3/path',
    ]);
  });
});

describe('hostile entries', () => {
  const listed = [{ path: 'a.json', bytes: '{}' }];
  const cases: [string, RawEntry, string][] = [
    ['a parent-directory path', { path: '../evil.json', bytes: '{}' }, 'bundle-unsafe-path'],
    ['a nested parent-directory path', { path: 'kev/../../evil.json', bytes: '{}' }, 'bundle-unsafe-path'],
    ['an absolute path', { path: '/etc/passwd', bytes: 'root' }, 'bundle-unsafe-path'],
    ['a Windows path', { path: 'C:\\Windows\\evil.dll', bytes: 'x' }, 'bundle-unsafe-path'],
    ['a symbolic link', { path: 'a.json', type: 'symbolic-link', linkname: '/etc/passwd' }, 'bundle-entry-type'],
    ['a hard link', { path: 'a.json', type: 'hard-link', linkname: '../../etc/passwd' }, 'bundle-entry-type'],
    ['a character device', { path: 'a.json', type: 'character-device' }, 'bundle-entry-type'],
    ['a directory', { path: 'kev', type: 'directory' }, 'bundle-entry-type'],
  ];
  for (const [name, entry, code] of cases) {
    it(`refuses ${name}, naming it and its offset`, async () => {
      const tar = rawBundle(listed, [entry, ...listed]);
      const { error, yielded } = await failure(tar, unsigned);
      expect(error.code).toBe(code);
      expect(error.place).toMatchObject({ file: entry.path, offset: 1024 });
      expect(yielded).toEqual([]);
    });
  }

  it('refuses unsafe paths and duplicates when writing too', async () => {
    const make = (paths: string[]): Promise<Buffer> => createBundleBytes({ files: paths.map((path) => ({ path, kind: 'kev', bytes: new Uint8Array(0) })), creator: 'x' });
    await expect(make(['../x'])).rejects.toMatchObject({ code: 'bundle-unsafe-path' });
    await expect(make(['manifest.json'])).rejects.toMatchObject({ code: 'bundle-unsafe-path' });
    await expect(make(['a/b.json', 'A/B.json'])).rejects.toMatchObject({ code: 'bundle-duplicate-path' });
    await expect(make([`${'d'.repeat(200)}/${'f'.repeat(101)}`])).rejects.toMatchObject({ code: 'bundle-unsafe-path' });
    await expect(createBundleBytes({ files: [{ path: 'x', kind: 'Bad Kind', bytes: new Uint8Array(0) }], creator: 'x' })).rejects.toMatchObject({
      code: 'bundle-invalid-kind',
    });
  });

  it('keeps a long path that fits the ustar prefix field', async () => {
    const path = `${'d'.repeat(120)}/${'f'.repeat(90)}.json`;
    const bytes = await createBundleBytes({ files: [{ path, kind: 'osv', bytes: Buffer.from('{}') }], creator: 'x' });
    expect((await readBundleFiles(bytes, unsigned)).files.map((f) => f.path)).toEqual([path]);
  });
});

describe('damaged and hostile archives', () => {
  it('refuses a truncated archive at every kind of cut, naming the offset', async () => {
    const tar = await createBundleBytes({ files: FILES, creator: 'x' });
    for (const cut of [100, 512, 700, 1536, tar.byteLength - 1024, tar.byteLength - 600]) {
      const { error } = await failure(chunked(tar.subarray(0, cut)), unsigned);
      expect(error.code, `cut at ${cut}`).toBe('bundle-truncated');
      expect(error.place?.offset, `cut at ${cut}`).toBeLessThanOrEqual(cut);
    }
  });

  it('refuses a truncated tar.gz', async () => {
    const bytes = await signed(true);
    const { error } = await failure(bytes.subarray(0, Math.floor(bytes.byteLength / 2)), trusted());
    expect(error).toBeInstanceOf(InputError);
    expect(['truncated-gzip', 'bundle-truncated']).toContain(error.code);
  });

  it('refuses random bytes, an empty input and a corrupt header', async () => {
    const noise = randomBytes(4096);
    noise[0] = 0x42; // not the gzip magic, so the tar reader sees it
    expect((await failure(noise, unsigned)).error.code).toBe('bundle-not-tar');
    const gzNoise = Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(4094)]);
    expect((await failure(gzNoise, unsigned)).error).toBeInstanceOf(InputError);
    expect((await failure(new Uint8Array(0), unsigned)).error.code).toBe('bundle-empty');
    const tar = await createBundleBytes({ files: FILES, creator: 'x' });
    const corrupt = Buffer.from(tar);
    corrupt[3] = 0x58; // one byte of the manifest's name; the checksum no longer matches
    expect((await failure(corrupt, unsigned)).error).toMatchObject({ code: 'bundle-bad-checksum', place: { offset: 0 } });
  });

  it('refuses data after the end of the archive but accepts zero padding', async () => {
    const tar = await createBundleBytes({ files: FILES, creator: 'x' });
    expect((await readBundleFiles(Buffer.concat([tar, Buffer.alloc(9216)]), unsigned)).files).toHaveLength(2);
    const { error } = await failure(Buffer.concat([tar, Buffer.from('MZ')]), unsigned);
    expect(error).toMatchObject({ code: 'bundle-trailing-data', place: { offset: tar.byteLength } });
  });

  it('stops a gzip bomb at the byte limit without inflating it', async () => {
    const tar = await createBundleBytes({ files: FILES, creator: 'x' });
    // A valid bundle followed by 256 MiB of zeros: about 256 KiB compressed.
    async function* bomb(): AsyncGenerator<Buffer> {
      yield tar;
      const zeros = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 256; i += 1) yield zeros;
    }
    const compressed: Buffer[] = [];
    for await (const chunk of Readable.from(bomb()).pipe(createGzip())) compressed.push(chunk as Buffer);
    const { error } = await failure(chunked(Buffer.concat(compressed), 64 * 1024), { ...unsigned, maxBytes: 4 * 1024 * 1024 });
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toMatch(/gzip bomb/);
  });

  it('enforces the byte, file-count and per-file limits', async () => {
    const tar = await createBundleBytes({ files: FILES, creator: 'x' });
    expect((await failure(chunked(tar), { ...unsigned, maxBytes: 2048 })).error).toBeInstanceOf(LimitError);
    expect((await failure(tar, { ...unsigned, maxFiles: 1 })).error).toMatchObject({ code: 'limit-exceeded' });
    const perFile = await failure(tar, { ...unsigned, maxEntryBytes: 10 });
    expect(perFile.error).toBeInstanceOf(LimitError);
    expect(perFile.error.place).toMatchObject({ file: 'manifest.json' });
    // A header that claims more bytes than the manifest is refused before its body is read.
    const listed = [{ path: 'a.json', bytes: '{}' }];
    const lying = rawBundle(listed, [{ path: 'a.json', bytes: '{}', declaredSize: 2 ** 32 }]);
    expect((await failure(lying, unsigned)).error.code).toBe('bundle-size-mismatch');
  });

  it('refuses gzip of random data as a typed error', async () => {
    const { error } = await failure(gzip(randomBytes(10_000)), unsigned);
    expect(error.code).toBe('bundle-not-tar');
  });
});
