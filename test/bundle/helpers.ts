/** Test helpers: OpenPGP keys made on the spot and hand-built (possibly hostile) tar archives. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { serializeManifest, type BundleManifest } from '../../src/formats/bundle/manifest.js';
import { TAR_END_OF_ARCHIVE, encodeTarHeader, tarPadding, type TarEntryType } from '../../src/formats/bundle/tar.js';

export interface TestKey {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

export async function makeKey(name: string, passphrase?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org` }],
    passphrase,
    format: 'armored',
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return { privateKey, publicKey, fingerprint: key.getFingerprint().toUpperCase() };
}

export interface RawEntry {
  path: string;
  bytes?: Uint8Array | string;
  type?: TarEntryType;
  linkname?: string;
  /** Header size different from the body length (to forge mismatches). */
  declaredSize?: number;
}

const encoder = new TextEncoder();

function asBytes(bytes: Uint8Array | string | undefined): Uint8Array {
  if (bytes === undefined) return new Uint8Array(0);
  return typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
}

/** A tar archive of exactly these entries, in order, with the end-of-archive marker. */
export function buildTar(entries: RawEntry[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const body = asBytes(entry.bytes);
    parts.push(encodeTarHeader({ path: entry.path, size: entry.declaredSize ?? body.byteLength, type: entry.type, linkname: entry.linkname }));
    if (!entry.type || entry.type === 'file') {
      parts.push(body, tarPadding(body.byteLength));
    }
  }
  parts.push(TAR_END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(asBytes(bytes)).digest('hex');
}

/** Manifest bytes listing these files (kind `kev`), as createBundle would write them. */
export function manifestBytes(files: { path: string; bytes: Uint8Array | string }[]): Uint8Array {
  const manifest: BundleManifest = {
    format: 'bulwark-intel-bundle',
    version: 1,
    created: '2025-01-02T03:04:05.000Z',
    creator: 'test',
    files: files.map((file) => ({ path: file.path, kind: 'kev', size: asBytes(file.bytes).byteLength, sha256: sha256(file.bytes) })),
  };
  return serializeManifest(manifest);
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}

/** Yields the bytes in small pieces, as a slow USB read or a socket would. */
export async function* chunked(bytes: Uint8Array, size = 700): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size);
}

/** Replaces the first occurrence of `from` with `to` (same length) in a copy of `bytes`. */
export function patch(bytes: Uint8Array, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patch must keep the length');
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(from);
  if (at === -1) throw new Error(`patch: ${from} not found`);
  copy.write(to, at, 'latin1');
  return copy;
}
