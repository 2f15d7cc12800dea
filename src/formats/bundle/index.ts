/** Air-gap intelligence bundles: a signed, hash-checked ustar (optionally gzipped) archive. */
export { createBundle, createBundleBytes, writeBundle, bundleTarChunks, type BundleFileInput, type CreateBundleOptions } from './create.js';
export {
  readBundle,
  readBundleFiles,
  DEFAULT_BUNDLE_MAX_BYTES,
  DEFAULT_BUNDLE_MAX_FILES,
  DEFAULT_MANIFEST_MAX_BYTES,
  type BundleFile,
  type BundleReadResult,
  type ReadBundleOptions,
} from './read.js';
export { BUNDLE_FORMAT, BUNDLE_VERSION, parseManifest, serializeManifest, type BundleFileKind, type BundleManifest, type BundleManifestFile } from './manifest.js';
export { MANIFEST_PATH, SIGNATURE_PATH, unsafePathReason } from './paths.js';
export { signDetached, verifyDetached, readTrustedKeys, type BundleSignature, type SigningKeyInput } from './signature.js';
