import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBundle, createBundleBytes, readBundle, readBundleFiles, signDetached, writeBundle, type BundleFileInput } from '../../src/formats/bundle/index.js';
import { TarReader } from '../../src/formats/bundle/tar-reader.js';
import { buildTar, chunked, makeKey, manifestBytes, sha256, type TestKey } from './helpers.js';

const created = new Date('2025-03-04T05:06:07.000Z');

function sampleFiles(): BundleFileInput[] {
  const big = new Uint8Array(70_000).map((_, i) => (i * 31) % 251);
  return [
    { path: 'kev/known_exploited_vulnerabilities.json', kind: 'kev', bytes: Buffer.from('{"catalogVersion":"2025.03.04","vulnerabilities":[]}') },
    { path: 'epss/epss_scores-2025-03-04.csv.gz', kind: 'epss', bytes: big },
    { path: 'csaf/2025/icsa-25-063-01.json', kind: 'csaf', bytes: Buffer.from('{"document":{}}\n') },
    { path: 'empty.json', kind: 'osv', bytes: new Uint8Array(0) },
    // 512 bytes exactly: no padding after the body.
    { path: 'nvd/page-0001.json', kind: 'nvd-api', bytes: Buffer.alloc(512, 0x41) },
  ];
}

async function entryPaths(tar: Uint8Array): Promise<string[]> {
  const reader = new TarReader(chunked(tar), { maxBytes: 1 << 30 });
  const paths: string[] = [];
  for (let entry = await reader.next(); entry; entry = await reader.next()) paths.push(entry.path);
  return paths;
}

let operator: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  [operator, stranger] = await Promise.all([makeKey('Plant Operator'), makeKey('Stranger')]);
});

describe('bundle round trip', () => {
  for (const gzip of [false, true]) {
    it(`carries several files intact with a valid signature (${gzip ? 'tar.gz' : 'tar'})`, async () => {
      const bytes = await createBundleBytes({ files: sampleFiles(), signingKey: { armoredKey: operator.privateKey }, creator: 'bulwark test', created, gzip });
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);

      const result = await readBundleFiles(chunked(bytes), { trustedKeys: [stranger.publicKey, operator.publicKey] });
      expect(result.signature).toMatchObject({ present: true, valid: true, keyFingerprint: operator.fingerprint });
      expect(result.signature.signedAt).toBeInstanceOf(Date);
      expect(result.manifest).toMatchObject({ format: 'bulwark-intel-bundle', version: 1, created: created.toISOString(), creator: 'bulwark test' });
      expect(result.manifest.files.map((f) => [f.path, f.kind, f.size])).toEqual(sampleFiles().map((f) => [f.path, f.kind, f.bytes.byteLength]));
      expect(result.manifest.files.map((f) => f.sha256)).toEqual(sampleFiles().map((f) => sha256(f.bytes)));
      expect(result.files.map((f) => [f.path, f.kind, Buffer.from(f.bytes).toString('hex')])).toEqual(
        sampleFiles().map((f) => [f.path, f.kind, Buffer.from(f.bytes).toString('hex')]),
      );
    });
  }

  it('lays out manifest, signature, then files, in a tar that takes bytes or a stream alike', async () => {
    const files = sampleFiles();
    const tar = await createBundleBytes({ files, signingKey: { armoredKey: operator.privateKey }, creator: 'x', created });
    expect(await entryPaths(tar)).toEqual(['manifest.json', 'manifest.json.asc', ...files.map((f) => f.path)]);
    expect(tar.byteLength % 512).toBe(0);
    const fromBytes = await readBundleFiles(tar, { trustedKeys: [operator.publicKey] });
    expect(fromBytes.files).toHaveLength(files.length);
  });

  it('is reproducible for the same input and creation time, apart from the signature', async () => {
    const a = await createBundleBytes({ files: sampleFiles(), creator: 'x', created });
    const b = await createBundleBytes({ files: sampleFiles(), creator: 'x', created });
    expect(a.equals(b)).toBe(true);
  });

  it('takes the files as an async iterable and writes to a Writable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-bundle-'));
    try {
      async function* files(): AsyncGenerator<BundleFileInput> {
        yield* sampleFiles();
      }
      const out = join(dir, 'intel.tar.gz');
      await writeBundle({ files: files(), signingKey: { armoredKey: operator.privateKey }, creator: 'x', gzip: true }, createWriteStream(out));
      const { files: read } = await readBundleFiles(createReadStream(out, { highWaterMark: 1024 }), { trustedKeys: [operator.publicKey] });
      expect(read.map((f) => f.path)).toEqual(sampleFiles().map((f) => f.path));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('signs with a passphrase-protected key, and refuses it without the passphrase', async () => {
    const locked = await makeKey('Locked Operator', 'correct horse');
    const bytes = await createBundleBytes({ files: sampleFiles(), signingKey: { armoredKey: locked.privateKey, passphrase: 'correct horse' }, creator: 'x' });
    const { signature } = await readBundle(bytes, { trustedKeys: [locked.publicKey] });
    expect(signature).toMatchObject({ valid: true, keyFingerprint: locked.fingerprint });

    const noPassphrase = createBundleBytes({ files: sampleFiles(), signingKey: { armoredKey: locked.privateKey }, creator: 'x' });
    await expect(noPassphrase).rejects.toMatchObject({ code: 'bundle-signing-key-locked' });
    const wrong = createBundleBytes({ files: sampleFiles(), signingKey: { armoredKey: locked.privateKey, passphrase: 'wrong' }, creator: 'x' });
    await expect(wrong).rejects.toMatchObject({ code: 'bundle-signing-key-locked' });
  });

  it('reads an unsigned bundle when no signature is required, and says it is unsigned', async () => {
    const bytes = await createBundleBytes({ files: sampleFiles(), creator: 'x', gzip: true });
    const result = await readBundleFiles(bytes, { requireSignature: false });
    expect(result.signature).toEqual({ present: false, valid: false });
    expect(result.files).toHaveLength(sampleFiles().length);
  });

  it('accepts the signature as the last entry too (files held until it is checked)', async () => {
    const files = [
      { path: 'a.json', bytes: '{"a":1}' },
      { path: 'dir/b.json', bytes: '{"b":2}' },
    ];
    const manifest = manifestBytes(files);
    const signature = await signDetached(manifest, { armoredKey: operator.privateKey });
    const tar = buildTar([{ path: 'manifest.json', bytes: manifest }, ...files, { path: 'manifest.json.asc', bytes: signature }]);
    const result = await readBundleFiles(chunked(tar), { trustedKeys: [operator.publicKey] });
    expect(result.signature).toMatchObject({ valid: true, keyFingerprint: operator.fingerprint });
    expect(result.files.map((f) => Buffer.from(f.bytes).toString())).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('stops reading the source when the caller stops early', async () => {
    const bytes = await createBundleBytes({ files: sampleFiles(), creator: 'x' });
    let returned = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* chunked(bytes);
      } finally {
        returned = true;
      }
    }
    const { files } = await readBundle(source(), { requireSignature: false });
    for await (const file of files) {
      expect(file.path).toBe(sampleFiles()[0]?.path);
      break;
    }
    expect(returned).toBe(true);
  });

  it('surfaces a writer error on the stream (gzip too)', async () => {
    const stream = createBundle({ files: [{ path: '../escape', kind: 'kev', bytes: new Uint8Array(1) }], creator: 'x', gzip: true });
    await expect(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    ).rejects.toMatchObject({ code: 'bundle-unsafe-path' });
  });
});

describe('interoperability', () => {
  it('GNU tar lists and extracts the archive, and GnuPG verifies the manifest signature', async () => {
    if (!existsSync('/usr/bin/gpg') || !existsSync('/usr/bin/tar')) return;
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-bundle-gpg-'));
    const home = join(dir, 'gnupg');
    try {
      const bytes = await createBundleBytes({ files: sampleFiles(), signingKey: { armoredKey: operator.privateKey }, creator: 'x', gzip: true });
      await writeFile(join(dir, 'intel.tar.gz'), bytes);
      const listing = execFileSync('tar', ['-tzf', join(dir, 'intel.tar.gz')], { encoding: 'utf8' }).trim().split('\n');
      expect(listing).toEqual(['manifest.json', 'manifest.json.asc', ...sampleFiles().map((f) => f.path)]);
      execFileSync('tar', ['-xzf', join(dir, 'intel.tar.gz'), '-C', dir]);
      const epss = sampleFiles()[1] as BundleFileInput;
      expect((await readFile(join(dir, epss.path))).equals(Buffer.from(epss.bytes))).toBe(true);

      execFileSync('mkdir', ['-m', '700', home]);
      await chmod(home, 0o700);
      await writeFile(join(dir, 'pub.asc'), operator.publicKey);
      execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--import', join(dir, 'pub.asc')], { stdio: 'pipe' });
      const status = execFileSync(
        'gpg',
        ['--homedir', home, '--batch', '--status-fd', '1', '--verify', join(dir, 'manifest.json.asc'), join(dir, 'manifest.json')],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(status).toContain('[GNUPG:] GOODSIG');
      expect(status).toMatch(new RegExp(`\\[GNUPG:\\] VALIDSIG ${operator.fingerprint} `));

      // And GnuPG rejects the signature once the manifest changes.
      await writeFile(join(dir, 'manifest.json'), (await readFile(join(dir, 'manifest.json'), 'utf8')).replace('"creator": "x"', '"creator": "y"'));
      expect(() =>
        execFileSync('gpg', ['--homedir', home, '--batch', '--verify', join(dir, 'manifest.json.asc'), join(dir, 'manifest.json')], { stdio: 'pipe' }),
      ).toThrow();
    } finally {
      try {
        execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
      } catch {
        // No agent was started.
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a bundle that GNU tar packed in ustar format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-bundle-gnutar-'));
    try {
      const files = [{ path: 'kev/kev.json', bytes: '{"vulnerabilities":[]}' }];
      execFileSync('mkdir', ['-p', join(dir, 'kev')]);
      await writeFile(join(dir, 'manifest.json'), manifestBytes(files));
      await writeFile(join(dir, 'kev/kev.json'), files[0]?.bytes ?? '');
      const tar = execFileSync('tar', ['--format=ustar', '-C', dir, '-czf', '-', 'manifest.json', 'kev/kev.json']);
      expect(gunzipSync(tar).byteLength % 10240).toBe(0); // GNU tar pads to whole records with zeros
      const result = await readBundleFiles(tar, { requireSignature: false });
      expect(result.files.map((f) => [f.path, Buffer.from(f.bytes).toString()])).toEqual([['kev/kev.json', '{"vulnerabilities":[]}']]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
