/**
 * Writes an intelligence bundle: a ustar archive holding `manifest.json`, its detached signature
 * `manifest.json.asc` (when a key is given), then the files in the order given.
 *
 * The signature sits right after the manifest (not at the end) so that the isolated side can
 * check authenticity before it reads a single file byte, and stream the files after that.
 */
import { createHash } from 'node:crypto';
import { Readable, pipeline, type Writable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { InputError } from '../../model/errors.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, invalidKindReason, serializeManifest, type BundleFileKind, type BundleManifest } from './manifest.js';
import { MANIFEST_PATH, SIGNATURE_PATH, pathCollisionKey, unsafePathReason } from './paths.js';
import { signDetached, type SigningKeyInput } from './signature.js';
import { TAR_END_OF_ARCHIVE, encodeTarHeader, tarPadding } from './tar.js';

export interface BundleFileInput {
  path: string;
  kind: BundleFileKind;
  bytes: Uint8Array;
}

export interface CreateBundleOptions {
  files: AsyncIterable<BundleFileInput> | Iterable<BundleFileInput>;
  /** Operator's key; without it the bundle is unsigned (readers that require a signature refuse it). */
  signingKey?: SigningKeyInput;
  creator: string;
  /** Defaults to now; set it for reproducible bundles. */
  created?: Date;
  /** Gzip the archive (.tar.gz). */
  gzip?: boolean;
}

/** Builds the manifest for `files`, refusing unsafe or duplicate paths and bad kinds. */
async function collectFiles(options: CreateBundleOptions): Promise<{ manifest: BundleManifest; files: BundleFileInput[] }> {
  const files: BundleFileInput[] = [];
  const seen = new Map<string, string>();
  for await (const file of options.files) {
    const place = { file: file.path };
    const reason = unsafePathReason(file.path);
    if (reason) throw new InputError(`cannot put ${JSON.stringify(file.path)} in a bundle: ${reason}`, { code: 'bundle-unsafe-path', place });
    const kindReason = invalidKindReason(file.kind);
    if (kindReason) throw new InputError(`${file.path}: ${kindReason}`, { code: 'bundle-invalid-kind', place });
    if (!(file.bytes instanceof Uint8Array)) throw new InputError(`${file.path}: bytes must be a Uint8Array`, { code: 'invalid-input', place });
    const key = pathCollisionKey(file.path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(`${file.path} is given twice (also as ${earlier}, ignoring case)`, { code: 'bundle-duplicate-path', place });
    }
    seen.set(key, file.path);
    files.push(file);
  }
  const created = options.created ?? new Date();
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    created: created.toISOString(),
    creator: options.creator,
    files: files.map((file) => ({
      path: file.path,
      kind: file.kind,
      size: file.bytes.byteLength,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    })),
  };
  return { manifest, files };
}

function* tarEntry(path: string, bytes: Uint8Array, mtime: number): Generator<Uint8Array> {
  yield encodeTarHeader({ path, size: bytes.byteLength, mtime });
  yield bytes;
  const padding = tarPadding(bytes.byteLength);
  if (padding.byteLength > 0) yield padding;
}

/** The uncompressed tar bytes of a bundle, produced lazily. */
export async function* bundleTarChunks(options: CreateBundleOptions): AsyncGenerator<Uint8Array> {
  const { manifest, files } = await collectFiles(options);
  const manifestBytes = serializeManifest(manifest);
  const mtime = Math.floor(Date.parse(manifest.created) / 1000);
  yield* tarEntry(MANIFEST_PATH, manifestBytes, mtime);
  if (options.signingKey) {
    const signature = await signDetached(manifestBytes, options.signingKey);
    yield* tarEntry(SIGNATURE_PATH, new TextEncoder().encode(signature), mtime);
  }
  for (const file of files) yield* tarEntry(file.path, file.bytes, mtime);
  yield TAR_END_OF_ARCHIVE;
}

/** A readable stream of the bundle (gzipped when `gzip` is set). Errors surface as stream errors. */
export function createBundle(options: CreateBundleOptions): Readable {
  const tar = Readable.from(bundleTarChunks(options), { objectMode: false });
  if (!options.gzip) return tar;
  // pipeline() (unlike pipe()) destroys the gzip stream with the error when the source fails.
  return pipeline(tar, createGzip(), () => undefined);
}

/** Writes the bundle to `destination` and resolves once it is flushed. */
export async function writeBundle(options: CreateBundleOptions, destination: Writable): Promise<void> {
  await pipelineAsync(createBundle(options), destination);
}

/** The whole bundle in memory (small bundles, tests). */
export async function createBundleBytes(options: CreateBundleOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createBundle(options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
