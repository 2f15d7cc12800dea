import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { VirtualClock } from '../../src/feeds/clock.js';
import {
  readChangesCsv,
  readHashFile,
  readIndexTxt,
  readProviderMetadata,
  readRolieFeed,
} from '../../src/feeds/csaf-distribution.js';
import { providerMetadataUrl, syncCsafProvider, type CsafAdvisoryOutcome } from '../../src/feeds/csaf-provider.js';
import { HttpClient } from '../../src/feeds/http.js';
import { readPublicKey, verifyDetached } from '../../src/feeds/openpgp-verify.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { sendBody, startServer, type LocalServer } from './local-server.js';

interface KeyPair {
  privateKey: openpgp.PrivateKey;
  publicArmored: string;
  fingerprint: string;
}

async function makeKey(name: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name }], format: 'object' });
  return { privateKey, publicArmored: publicKey.armor(), fingerprint: publicKey.getFingerprint().toUpperCase() };
}

async function sign(bytes: Uint8Array, key: KeyPair): Promise<string> {
  return openpgp.sign({ message: await openpgp.createMessage({ binary: bytes }), signingKeys: key.privateKey, detached: true, format: 'armored' });
}

/** Advisory documents: real CISA ICS advisories when the shared fixtures are present, else small ones. */
function advisoryDocuments(count: number): Buffer[] {
  if (haveFixtures) {
    const dir = fixture('csaf', 'cisa-ot');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().slice(0, count);
    if (files.length === count) return files.map((f) => readFileSync(`${dir}/${f}`));
  }
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(JSON.stringify({ document: { category: 'csaf_base', csaf_version: '2.0', title: `Test ${i}`, tracking: { id: `TEST-${i}` } } })),
  );
}

let provider: KeyPair;
let attacker: KeyPair;
let docs: Buffer[];

beforeAll(async () => {
  provider = await makeKey('Provider PSIRT');
  attacker = await makeKey('Attacker');
  docs = advisoryDocuments(9);
});

let server: LocalServer;
let http: HttpClient;

beforeEach(async () => {
  server = await startServer();
  http = new HttpClient({ clock: new VirtualClock(0), random: () => 0, retries: 1 });
});
afterEach(async () => {
  await server.close();
});

interface PublishOptions {
  hash?: 'sha256' | 'sha512' | 'bad' | 'none';
  signature?: 'good' | 'attacker' | 'tampered' | 'none';
  status?: number;
}

/** Serves an advisory and, as asked, its hash file and detached signature. */
async function publish(path: string, bytes: Buffer, options: PublishOptions = {}): Promise<string> {
  const name = path.split('/').pop() as string;
  server.route(path, (_req, res) => (options.status ? sendBody(res, 'error', {}, options.status) : sendBody(res, bytes, { 'content-type': 'application/json' })));
  const hash = options.hash ?? 'sha256';
  if (hash !== 'none') {
    const algorithm = hash === 'bad' ? 'sha256' : hash;
    const digest = hash === 'bad' ? createHash('sha256').update('something else').digest('hex') : createHash(algorithm).update(bytes).digest('hex');
    server.route(`${path}.${algorithm}`, (_req, res) => sendBody(res, `${digest}  ${name}\n`));
  }
  const signature = options.signature ?? 'good';
  if (signature !== 'none') {
    const armored =
      signature === 'good'
        ? await sign(bytes, provider)
        : signature === 'attacker'
          ? await sign(bytes, attacker)
          : await sign(Buffer.concat([bytes, Buffer.from(' ')]), provider);
    server.route(`${path}.asc`, (_req, res) => sendBody(res, armored));
  }
  return `${server.origin}${path}`;
}

function rolieEntry(url: string, updated: string, links: 'full' | 'self-only' = 'full'): object {
  const link = [{ rel: 'self', href: url }];
  if (links === 'full') link.push({ rel: 'hash', href: `${url}.sha256` }, { rel: 'signature', href: `${url}.asc` });
  return { id: url, title: url, link, updated, published: updated, content: { type: 'application/json', src: url }, format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' } };
}

/** A provider with a ROLIE feed (WHITE) plus a RED feed, a directory distribution, and two keys (one swapped). */
async function setUpProvider(): Promise<void> {
  const base = '/.well-known/csaf/white/2023';
  const good = await publish(`${base}/good-rolie.json`, docs[0] as Buffer);
  const badHash = await publish(`${base}/bad-hash.json`, docs[1] as Buffer, { hash: 'bad' });
  const badSig = await publish(`${base}/bad-sig.json`, docs[2] as Buffer, { signature: 'attacker' });
  const tampered = await publish(`${base}/tampered.json`, docs[3] as Buffer, { signature: 'tampered' });
  await publish(`${base}/good-dir.json`, docs[4] as Buffer, { hash: 'sha512' });
  await publish(`${base}/no-sig.json`, docs[5] as Buffer, { signature: 'none' });
  await publish(`${base}/no-hash.json`, docs[6] as Buffer, { hash: 'none' });
  await publish(`${base}/flaky.json`, docs[7] as Buffer, { status: 500 });
  await publish(`${base}/late.json`, docs[8] as Buffer);

  server.route('/.well-known/csaf/feed-tlp-white.json', (_req, res) =>
    sendBody(
      res,
      JSON.stringify({
        feed: {
          id: 'example-csaf-feed-tlp-white',
          title: 'Example CSAF feed (TLP:WHITE)',
          updated: '2023-06-09T00:00:00Z',
          entry: [
            rolieEntry(good, '2023-06-01T00:00:00Z'),
            rolieEntry(badHash, '2023-06-01T01:00:00Z'),
            rolieEntry(badSig, '2023-06-01T02:00:00Z'),
            rolieEntry(tampered, '2023-06-01T03:00:00Z', 'self-only'),
            { id: 'broken', title: 'no link' },
          ],
        },
      }),
    ),
  );
  server.route('/.well-known/csaf/white/changes.csv', (_req, res) =>
    sendBody(
      res,
      [
        '"2023/late.json","2023-06-08T00:00:00Z"',
        '"2023/flaky.json","2023-06-07T00:00:00Z"',
        '"2023/no-hash.json","2023-06-05T00:00:00Z"',
        '"2023/no-sig.json","2023-06-04T00:00:00Z"',
        '"2023/good-dir.json","2023-06-03T00:00:00Z"',
        '"2023/good-rolie.json","2023-06-01T00:00:00Z"',
        '"../../keys/provider.asc","2023-06-01T00:00:00Z"',
        '',
      ].join('\n'),
    ),
  );
  server.route('/keys/provider.asc', (_req, res) => sendBody(res, provider.publicArmored));
  // Declares the provider's fingerprint but serves another key: must not be trusted.
  server.route('/keys/swapped.asc', (_req, res) => sendBody(res, attacker.publicArmored));
  server.route('/.well-known/csaf/provider-metadata.json', (_req, res) =>
    sendBody(
      res,
      JSON.stringify({
        canonical_url: `${server.origin}/.well-known/csaf/provider-metadata.json`,
        distributions: [
          {
            rolie: {
              feeds: [
                { summary: 'WHITE advisories', tlp_label: 'WHITE', url: `${server.origin}/.well-known/csaf/feed-tlp-white.json` },
                { summary: 'RED advisories', tlp_label: 'RED', url: `${server.origin}/.well-known/csaf/feed-tlp-red.json` },
              ],
            },
          },
          // Relative URL and no trailing slash: both must be handled.
          { directory_url: '/.well-known/csaf/white' },
        ],
        last_updated: '2023-06-09T00:00:00Z',
        list_on_CSAF_aggregators: true,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: true,
        public_openpgp_keys: [
          { fingerprint: provider.fingerprint.replace(/(.{4})/g, '$1 ').trim(), url: `${server.origin}/keys/provider.asc` },
          { fingerprint: provider.fingerprint, url: `${server.origin}/keys/swapped.asc` },
        ],
        publisher: { category: 'vendor', name: 'Example', namespace: 'https://example.com' },
        role: 'csaf_trusted_provider',
      }),
    ),
  );
}

function byName(outcomes: CsafAdvisoryOutcome[]): Record<string, CsafAdvisoryOutcome> {
  return Object.fromEntries(outcomes.map((o) => [o.url.split('/').pop() as string, o]));
}

describe('syncCsafProvider', () => {
  it('accepts good advisories from ROLIE and directory and rejects the bad ones with reasons', async () => {
    await setUpProvider();
    const accepted = new Map<string, Uint8Array>();
    const result = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      onAdvisory: (bytes, outcome) => void accepted.set(outcome.url.split('/').pop() as string, bytes),
    });
    const outcomes = byName(result.outcomes);
    // good-rolie.json is listed by both distributions but fetched once.
    expect(result.outcomes).toHaveLength(9);
    expect(server.requests.filter((r) => r.url.pathname.endsWith('/good-rolie.json'))).toHaveLength(1);
    expect(Object.keys(outcomes).sort()).toEqual(
      ['bad-hash.json', 'bad-sig.json', 'flaky.json', 'good-dir.json', 'good-rolie.json', 'late.json', 'no-hash.json', 'no-sig.json', 'tampered.json'].sort(),
    );
    expect(outcomes['good-rolie.json']).toMatchObject({ status: 'accepted', via: 'rolie', hashAlgorithm: 'sha256', signedBy: provider.fingerprint });
    expect(outcomes['good-dir.json']).toMatchObject({ status: 'accepted', via: 'directory', hashAlgorithm: 'sha512', signedBy: provider.fingerprint });
    expect(outcomes['late.json']).toMatchObject({ status: 'accepted' });
    expect(outcomes['bad-hash.json']).toMatchObject({ status: 'rejected', code: 'hash-mismatch' });
    expect(outcomes['bad-sig.json']).toMatchObject({ status: 'rejected', code: 'signature-invalid' });
    expect(outcomes['tampered.json']).toMatchObject({ status: 'rejected', code: 'signature-invalid' });
    expect(outcomes['no-sig.json']).toMatchObject({ status: 'rejected', code: 'signature-missing' });
    expect(outcomes['no-hash.json']).toMatchObject({ status: 'rejected', code: 'hash-missing' });
    expect(outcomes['flaky.json']).toMatchObject({ status: 'rejected', code: 'fetch-failed' });
    for (const outcome of result.outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeTruthy();

    // Exactly the verified bytes were handed over, and only for accepted advisories.
    expect([...accepted.keys()].sort()).toEqual(['good-dir.json', 'good-rolie.json', 'late.json']);
    expect(Buffer.compare(Buffer.from(accepted.get('good-rolie.json') ?? []), docs[0] as Buffer)).toBe(0);
    expect(outcomes['good-rolie.json']?.sha256).toBe(createHash('sha256').update(docs[0] as Buffer).digest('hex'));

    // The swapped key was refused, the RED feed skipped, the traversal path and broken entry reported.
    expect(result.keys.map((k) => k.status)).toEqual(['loaded', 'failed']);
    expect(result.keys[1]?.reason).toMatch(/does not match/);
    expect(result.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['tlp-skipped', 'invalid-path', 'rolie-no-self']));
    expect(server.requests.some((r) => r.url.pathname.includes('feed-tlp-red'))).toBe(false);

    // flaky (06-07) failed transiently: the watermark stops just before it.
    expect(result.watermark).toBe('2023-06-05T00:00:00.000Z');
  });

  it('an incremental run fetches only entries newer than the watermark', async () => {
    await setUpProvider();
    const result = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      since: '2023-06-05T00:00:00.000Z',
      onAdvisory: () => undefined,
    });
    expect(result.outcomes.map((o) => o.url.split('/').pop())).toEqual(['flaky.json', 'late.json']);
    expect(result.watermark).toBe('2023-06-05T00:00:00.000Z');
  });

  it('falls back to index.txt when changes.csv is missing', async () => {
    await setUpProvider();
    server.route('/.well-known/csaf/white/changes.csv', (_req, res) => sendBody(res, 'gone', {}, 404));
    server.route('/.well-known/csaf/white/index.txt', (_req, res) => sendBody(res, '2023/good-dir.json\n2023/no-sig.json\n'));
    const result = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      tlpLabels: [],
      onAdvisory: () => undefined,
    });
    expect(result.outcomes.map((o) => [o.url.split('/').pop(), o.status])).toEqual([
      ['good-dir.json', 'accepted'],
      ['no-sig.json', 'rejected'],
    ]);
    // index.txt has no timestamps, so there is nothing to advance the watermark with.
    expect(result.watermark).toBeUndefined();
  });

  it('rejects everything when no provider key can be loaded, unless signatures are optional', async () => {
    await setUpProvider();
    server.route('/keys/provider.asc', (_req, res) => sendBody(res, 'not a key'));
    const strict = await syncCsafProvider({ source: `${server.origin}/.well-known/csaf/provider-metadata.json`, http, allowHttp: true, onAdvisory: () => undefined });
    expect(strict.outcomes.filter((o) => o.status === 'accepted')).toEqual([]);
    expect(byName(strict.outcomes)['good-dir.json']?.reason).toMatch(/no usable provider key/);

    const lenient = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      requireSignature: false,
      trustedKeys: [attacker.publicArmored],
      onAdvisory: () => undefined,
    });
    const lenientOutcomes = byName(lenient.outcomes);
    expect(lenientOutcomes['no-sig.json']).toMatchObject({ status: 'accepted', signedBy: undefined });
    expect(lenientOutcomes['bad-sig.json']).toMatchObject({ status: 'accepted', signedBy: attacker.fingerprint });
    // Optional does not mean ignored: a signature that does not verify with the known keys rejects.
    expect(lenientOutcomes['good-dir.json']?.code).toBe('signature-invalid');
  });

  it('uses operator-trusted keys beside the provider ones', async () => {
    await setUpProvider();
    const result = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      trustedKeys: [attacker.publicArmored],
      onAdvisory: () => undefined,
    });
    expect(byName(result.outcomes)['bad-sig.json']).toMatchObject({ status: 'accepted', signedBy: attacker.fingerprint });
  });

  it('rejects an oversized advisory for good (the watermark moves past it)', async () => {
    await setUpProvider();
    const result = await syncCsafProvider({
      source: `${server.origin}/.well-known/csaf/provider-metadata.json`,
      http,
      allowHttp: true,
      since: '2023-06-07T00:00:00Z',
      maxAdvisoryBytes: 16,
      onAdvisory: () => expect.fail('nothing fits in 16 bytes'),
    });
    expect(byName(result.outcomes)['late.json']).toMatchObject({ status: 'rejected', code: 'fetch-failed' });
    expect(byName(result.outcomes)['late.json']?.reason).toMatch(/exceeds the limit of 16 bytes/);
    expect(result.watermark).toBe('2023-06-08T00:00:00.000Z');
  });

  it('refuses plain http unless allowed, and garbage metadata', async () => {
    await setUpProvider();
    await expect(syncCsafProvider({ source: `${server.origin}/.well-known/csaf/provider-metadata.json`, http, onAdvisory: () => undefined })).rejects.toMatchObject({
      code: 'insecure-url',
    });
    server.route('/bad-metadata.json', (_req, res) => sendBody(res, '{"distributions": [}'));
    await expect(syncCsafProvider({ source: `${server.origin}/bad-metadata.json`, http, allowHttp: true, onAdvisory: () => undefined })).rejects.toBeInstanceOf(InputError);
  });
});

describe('CSAF distribution readers', () => {
  it('maps a domain to the well-known provider metadata and rejects junk', () => {
    expect(providerMetadataUrl('CSAF.Example.com')).toBe('https://csaf.example.com/.well-known/csaf/provider-metadata.json');
    expect(providerMetadataUrl('https://x.example/pm.json')).toBe('https://x.example/pm.json');
    expect(() => providerMetadataUrl('not a domain/../x')).toThrow(InputError);
  });

  it('reads sha256sum-style hash files', () => {
    const hex = 'a'.repeat(64);
    expect(readHashFile(`${hex}  ssa-054046.json\n`)).toEqual({ algorithm: 'sha256', hex, filename: 'ssa-054046.json' });
    expect(readHashFile(`${'B'.repeat(128)} *file.json`)).toEqual({ algorithm: 'sha512', hex: 'b'.repeat(128), filename: 'file.json' });
    expect(readHashFile(hex)).toEqual({ algorithm: 'sha256', hex, filename: undefined });
    expect(readHashFile('abc123  short.json')).toBeUndefined();
    expect(readHashFile('<html>')).toBeUndefined();
    expect(readHashFile('')).toBeUndefined();
  });

  it('reads changes.csv, reporting bad rows and refusing paths outside the directory', () => {
    const dir = 'https://p.example/.well-known/csaf/white/';
    const { entries, issues } = readChangesCsv(
      '"2024/a.json","2024-01-02T00:00:00Z"\n"https://evil.example/x.json","2024-01-01T00:00:00Z"\n"2024/b.json","yesterday"\n"/etc/passwd","2024-01-01T00:00:00Z"\n',
      dir,
    );
    expect(entries.map((e) => [e.url, e.updated])).toEqual([[`${dir}2024/a.json`, '2024-01-02T00:00:00Z']]);
    expect(entries[0]?.hashUrls).toEqual([`${dir}2024/a.json.sha512`, `${dir}2024/a.json.sha256`]);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [2, 'invalid-path'],
      [3, 'invalid-date'],
      [4, 'invalid-path'],
    ]);
    expect(() => readChangesCsv('"2024/a.json,"2024-01-02', dir)).toThrow(InputError);
  });

  it('reads index.txt', () => {
    const { entries, issues } = readIndexTxt('2024/a.json\r\n\r\n../x.json\n', 'https://p.example/csaf/');
    expect(entries.map((e) => e.url)).toEqual(['https://p.example/csaf/2024/a.json']);
    expect(issues).toHaveLength(1);
  });

  it('reads ROLIE feeds and rejects non-feeds', () => {
    const feed = readRolieFeed(
      Buffer.from(JSON.stringify({ feed: { entry: [{ link: [{ rel: 'self', href: 'a.json' }, { rel: 'hash', href: 'a.json.sha256' }, { rel: 'hash', href: 'a.json.sha512' }] }] } })),
      'https://p.example/csaf/feed.json',
    );
    expect(feed.entries[0]).toMatchObject({
      url: 'https://p.example/csaf/a.json',
      hashUrls: ['https://p.example/csaf/a.json.sha512', 'https://p.example/csaf/a.json.sha256'],
      signatureUrl: 'https://p.example/csaf/a.json.asc',
    });
    expect(() => readRolieFeed(Buffer.from('[]'), 'https://p.example/feed.json')).toThrow(/not a ROLIE feed/);
    expect(() => readRolieFeed(Buffer.from('{"feed": '), 'https://p.example/feed.json')).toThrow(InputError);
  });

  it('reads provider metadata with issues for missing parts', () => {
    const metadata = readProviderMetadata(Buffer.from('{"public_openpgp_keys": [{"url": "k.asc", "fingerprint": "ab cd"}]}'), 'https://p.example/.well-known/csaf/provider-metadata.json');
    expect(metadata.keys).toEqual([{ url: 'https://p.example/.well-known/csaf/k.asc', fingerprint: 'ABCD' }]);
    expect(metadata.issues.map((i) => i.code)).toEqual(['no-distributions']);
    expect(() => readProviderMetadata(Buffer.from('"x"'), 'u')).toThrow(InputError);
  });
});

describe('OpenPGP checks', () => {
  it('verifies a detached binary signature and pins keys to fingerprints', async () => {
    const data = Buffer.from('{"document": {}}');
    const key = await readPublicKey(Buffer.from(provider.publicArmored), provider.fingerprint.toLowerCase());
    const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: data }), signingKeys: provider.privateKey, detached: true, format: 'binary' });
    expect(await verifyDetached(data, signature, [key])).toEqual({ ok: true, fingerprint: provider.fingerprint });
    await expect(readPublicKey(Buffer.from(provider.publicArmored), attacker.fingerprint)).rejects.toThrow(/does not match/);
    const garbage = await verifyDetached(data, Buffer.from('-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n'), [key]);
    expect(garbage.ok).toBe(false);
    expect(await verifyDetached(data, signature, [])).toMatchObject({ ok: false });
  });
});
