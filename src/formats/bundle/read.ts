/**
 * Reads and verifies an intelligence bundle on the isolated side.
 *
 * Order of checks: the manifest (first entry), then its signature, and only then any file. Each
 * file is yielded after its size and SHA-256 match the manifest. When the signature sits right
 * after the manifest (as `createBundle` writes it) the files stream with memory bounded by the
 * largest file; when it comes last (the other layout a tool might write) every file is held until
 * the signature has been checked, within `maxBytes`.
 *
 * Completeness (no missing file, nothing after the end) is known only at the end of the archive,
 * so a caller that stores files must commit only after `files` has been iterated to the end.
 */
import { createHash } from 'node:crypto';
import { maybeGunzipStream } from '../json/gzip.js';
import { InputError, LimitError } from '../../model/errors.js';
import { parseManifest, type BundleFileKind, type BundleManifest, type BundleManifestFile } from './manifest.js';
import { MANIFEST_PATH, SIGNATURE_PATH, unsafePathReason } from './paths.js';
import { readTrustedKeys, verifyDetached, type BundleSignature } from './signature.js';
import { TarReader, type TarEntry } from './tar-reader.js';

export interface ReadBundleOptions {
  /** ASCII-armored public keys the operator trusts (several keys may share one armored block). */
  trustedKeys?: readonly string[];
  /** Refuse a bundle that is unsigned or signed by a key not in `trustedKeys`. Default true. */
  requireSignature?: boolean;
  /** Cap on the decompressed archive size (also bounds gunzip). Default 4 GiB. */
  maxBytes?: number;
  /** Cap on the number of files in the manifest. Default 500,000. */
  maxFiles?: number;
  /** Cap on one file's size. Default `maxBytes`. */
  maxEntryBytes?: number;
  /** Cap on the manifest's size. Default 64 MiB. */
  maxManifestBytes?: number;
  /** Name of the bundle, for error details. */
  source?: string;
}

export interface BundleFile {
  path: string;
  kind: BundleFileKind;
  bytes: Uint8Array;
}

export interface BundleReadResult {
  manifest: BundleManifest;
  signature: BundleSignature;
  /** The verified files, once; throws from the iterator on the first problem. */
  files: AsyncIterable<BundleFile>;
}

export const DEFAULT_BUNDLE_MAX_BYTES = 4 * 1024 * 1024 * 1024;
export const DEFAULT_BUNDLE_MAX_FILES = 500_000;
export const DEFAULT_MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 64 * 1024;

interface Limits {
  maxBytes: number;
  maxFiles: number;
  maxEntryBytes: number;
  maxManifestBytes: number;
}

function entryError(code: string, message: string, entry: Pick<TarEntry, 'path' | 'offset'>, source?: string): InputError {
  return new InputError(message, {
    code,
    place: { file: entry.path, offset: entry.offset },
    issues: [{ file: entry.path, offset: entry.offset, message, code }],
    details: { bundle: source, entry: entry.path, offset: entry.offset },
  });
}

async function* singleChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function readBody(reader: TarReader, entry: TarEntry, limit: number): Promise<{ bytes: Buffer; sha256: string }> {
  if (entry.size > limit) {
    throw new LimitError(`${entry.path} is ${entry.size} bytes; the limit is ${limit}`, {
      place: { file: entry.path, offset: entry.offset },
      details: { entry: entry.path, size: entry.size, limit },
    });
  }
  const hash = createHash('sha256');
  const pieces: Buffer[] = [];
  for await (const piece of reader.body()) {
    hash.update(piece);
    pieces.push(piece);
  }
  return { bytes: pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces), sha256: hash.digest('hex') };
}

/** Checks one file entry against the manifest and reads it. */
class FileChecker {
  private readonly expected = new Map<string, BundleManifestFile>();
  private readonly seen = new Set<string>();

  constructor(
    manifest: BundleManifest,
    private readonly limits: Limits,
    private readonly source: string | undefined,
  ) {
    for (const file of manifest.files) this.expected.set(file.path, file);
  }

  /** Refusals that need only the header, so that nothing of a bad entry is buffered. */
  checkHeader(entry: TarEntry): BundleManifestFile {
    if (entry.type !== 'file') {
      const type = entry.type === 'other' ? `unknown type ${JSON.stringify(entry.typeflag)}` : entry.type;
      const target = entry.linkname ? ` -> ${entry.linkname}` : '';
      throw entryError('bundle-entry-type', `${entry.path}${target}: a bundle holds only regular files, not a ${type}`, entry, this.source);
    }
    const reason = entry.path === MANIFEST_PATH || entry.path === SIGNATURE_PATH ? `a second ${entry.path}` : unsafePathReason(entry.path);
    if (reason) throw entryError('bundle-unsafe-path', `unsafe entry ${JSON.stringify(entry.path)}: ${reason}`, entry, this.source);
    if (this.seen.has(entry.path)) throw entryError('bundle-duplicate-path', `${entry.path} appears twice in the archive`, entry, this.source);
    const expected = this.expected.get(entry.path);
    if (!expected) throw entryError('bundle-unexpected-file', `${entry.path} is in the archive but not in the manifest`, entry, this.source);
    if (entry.size !== expected.size) {
      throw entryError('bundle-size-mismatch', `${entry.path} is ${entry.size} bytes; the manifest says ${expected.size}`, entry, this.source);
    }
    this.seen.add(entry.path);
    return expected;
  }

  async read(reader: TarReader, entry: TarEntry): Promise<BundleFile> {
    const expected = this.checkHeader(entry);
    const { bytes, sha256 } = await readBody(reader, entry, this.limits.maxEntryBytes);
    if (sha256 !== expected.sha256) {
      throw entryError('bundle-hash-mismatch', `${entry.path}: SHA-256 ${sha256} does not match the manifest's ${expected.sha256}`, entry, this.source);
    }
    return { path: expected.path, kind: expected.kind, bytes };
  }

  /** At the end of the archive: every listed file must have come. */
  checkComplete(endOffset: number): void {
    const missing = [...this.expected.keys()].filter((path) => !this.seen.has(path));
    if (missing.length === 0) return;
    const first = missing[0] as string;
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    throw new InputError(`${first} is in the manifest but not in the archive${more}`, {
      code: 'bundle-missing-file',
      place: { file: first, offset: endOffset },
      issues: missing.map((path) => ({ file: path, offset: endOffset, message: 'listed in the manifest but not in the archive', code: 'bundle-missing-file' })),
      details: { bundle: this.source, missing },
    });
  }
}

function resolveLimits(options: ReadBundleOptions): Limits {
  const maxBytes = options.maxBytes ?? DEFAULT_BUNDLE_MAX_BYTES;
  return {
    maxBytes,
    maxFiles: options.maxFiles ?? DEFAULT_BUNDLE_MAX_FILES,
    maxEntryBytes: Math.min(options.maxEntryBytes ?? maxBytes, maxBytes),
    maxManifestBytes: Math.min(options.maxManifestBytes ?? DEFAULT_MANIFEST_MAX_BYTES, maxBytes),
  };
}

/** Applies the trust policy to a verification result (or to the absence of a signature). */
function checkTrust(signature: BundleSignature, requireSignature: boolean, offset: number, source: string | undefined): void {
  if (!requireSignature || signature.valid) return;
  const entry = { path: SIGNATURE_PATH, offset };
  if (!signature.present) throw entryError('bundle-signature-missing', 'bundle is not signed, and a signature is required', entry, source);
  throw entryError('bundle-signature-untrusted', `manifest is signed by key ${signature.keyId ?? '(unknown)'}, which is not a trusted key`, entry, source);
}

/**
 * Opens a bundle (tar or tar.gz, as bytes or a stream), verifies its manifest and signature, and
 * returns the files to iterate. Throws InputError or LimitError naming the entry and offset.
 */
export async function readBundle(input: Uint8Array | AsyncIterable<Uint8Array | string>, options: ReadBundleOptions = {}): Promise<BundleReadResult> {
  const limits = resolveLimits(options);
  const requireSignature = options.requireSignature ?? true;
  const source = options.source;
  const trustedKeys = await readTrustedKeys(options.trustedKeys ?? []);
  if (requireSignature && trustedKeys.length === 0) {
    throw new InputError('a signature is required but no trusted keys were given', { code: 'bundle-no-trusted-keys' });
  }

  const raw = input instanceof Uint8Array ? singleChunk(input) : input;
  const reader = new TarReader(maybeGunzipStream(raw, { maxOutputBytes: limits.maxBytes, file: source }), { maxBytes: limits.maxBytes });
  try {
    const first = await reader.next();
    if (!first || first.path !== MANIFEST_PATH || first.type !== 'file') {
      const entry = first ?? { path: MANIFEST_PATH, offset: 0 };
      throw entryError('bundle-manifest-missing', `the first entry must be ${MANIFEST_PATH}; found ${first ? JSON.stringify(first.path) : 'none'}`, entry, source);
    }
    const manifestBytes = (await readBody(reader, first, limits.maxManifestBytes)).bytes;
    const manifest = parseManifest(manifestBytes, limits);
    const checker = new FileChecker(manifest, limits, source);

    let entry = await reader.next();
    if (entry?.path === SIGNATURE_PATH && entry.type === 'file') {
      const signatureEntry = entry;
      const signature = await verifyDetached(manifestBytes, (await readBody(reader, entry, MAX_SIGNATURE_BYTES)).bytes.toString('utf8'), trustedKeys);
      checkTrust(signature, requireSignature, signatureEntry.offset, source);
      entry = await reader.next();
      return { manifest, signature, files: streamFiles(reader, checker, entry) };
    }

    // No signature after the manifest: hold every verified file until the end, where one may be.
    const held: BundleFile[] = [];
    let signature: BundleSignature = { present: false, valid: false };
    let signatureOffset = first.offset;
    for (; entry; entry = await reader.next()) {
      if (entry.path === SIGNATURE_PATH && entry.type === 'file' && !signature.present) {
        signatureOffset = entry.offset;
        const armored = (await readBody(reader, entry, MAX_SIGNATURE_BYTES)).bytes.toString('utf8');
        signature = await verifyDetached(manifestBytes, armored, trustedKeys);
        const after = await reader.next();
        if (after) throw entryError('bundle-unexpected-file', `${after.path} comes after ${SIGNATURE_PATH}, which must be last when it is not second`, after, source);
        break;
      }
      held.push(await checker.read(reader, entry));
    }
    checker.checkComplete(reader.endOffset);
    checkTrust(signature, requireSignature, signatureOffset, source);
    await reader.close();
    return { manifest, signature, files: replay(held) };
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw error;
  }
}

async function* replay(files: BundleFile[]): AsyncGenerator<BundleFile> {
  // Drop each reference as it is handed out so that the caller can free memory as it goes.
  while (files.length > 0) yield files.shift() as BundleFile;
}

async function* streamFiles(reader: TarReader, checker: FileChecker, first: TarEntry | undefined): AsyncGenerator<BundleFile> {
  try {
    for (let entry = first; entry; entry = await reader.next()) yield await checker.read(reader, entry);
    checker.checkComplete(reader.endOffset);
  } finally {
    await reader.close();
  }
}

/** Reads and verifies a whole bundle into memory (small bundles, tests). */
export async function readBundleFiles(
  input: Uint8Array | AsyncIterable<Uint8Array | string>,
  options: ReadBundleOptions = {},
): Promise<{ manifest: BundleManifest; signature: BundleSignature; files: BundleFile[] }> {
  const { manifest, signature, files } = await readBundle(input, options);
  const all: BundleFile[] = [];
  for await (const file of files) all.push(file);
  return { manifest, signature, files: all };
}
