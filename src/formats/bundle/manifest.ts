/**
 * The bundle manifest: what the bundle holds, with a size and SHA-256 per file. It is the only
 * thing signed, so every check of a file's integrity goes through it.
 */
import { InputError, LimitError, type Issue } from '../../model/errors.js';
import { MANIFEST_PATH, pathCollisionKey, unsafePathReason } from './paths.js';

export const BUNDLE_FORMAT = 'bulwark-intel-bundle';
export const BUNDLE_VERSION = 1;

/** Kinds of intelligence a bundle carries; other lower-case tokens are allowed for sources added later. */
export type BundleFileKind = 'nvd-api' | 'cve5' | 'kev' | 'epss' | 'csaf' | 'osv' | (string & {});

export interface BundleManifestFile {
  path: string;
  kind: BundleFileKind;
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  /** ISO 8601 UTC time the bundle was made. */
  created: string;
  /** Who or what made it, e.g. "bulwark 0.1.0 on plant-dmz-01". */
  creator: string;
  files: BundleManifestFile[];
}

export interface ManifestLimits {
  maxFiles: number;
  maxEntryBytes: number;
}

const KIND_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Why `kind` is not a valid kind token, or undefined. */
export function invalidKindReason(kind: unknown): string | undefined {
  return typeof kind === 'string' && KIND_PATTERN.test(kind) ? undefined : 'kind must be a lower-case token such as nvd-api, cve5, kev, epss, csaf or osv';
}

/** The exact bytes that are stored and signed. */
export function serializeManifest(manifest: BundleManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function manifestError(issues: Issue[]): InputError {
  const first = issues[0] as Issue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InputError(`invalid bundle manifest: ${first.pointer ?? ''} ${first.message}${more}`.replace('  ', ' '), {
    code: 'bundle-manifest-invalid',
    place: { file: MANIFEST_PATH, pointer: first.pointer },
    issues,
  });
}

function checkFile(entry: unknown, index: number, limits: ManifestLimits, issues: Issue[]): BundleManifestFile | undefined {
  const pointer = `/files/${index}`;
  const issue = (message: string, field?: string): void => {
    issues.push({ file: MANIFEST_PATH, pointer: field ? `${pointer}/${field}` : pointer, message, code: 'bundle-manifest-invalid' });
  };
  if (!isRecord(entry)) {
    issue('a file entry must be an object');
    return undefined;
  }
  const { path, kind, size, sha256 } = entry;
  const before = issues.length;
  if (typeof path !== 'string') issue('path must be a string', 'path');
  else {
    const reason = unsafePathReason(path);
    if (reason) issue(`unsafe path ${JSON.stringify(path)}: ${reason}`, 'path');
  }
  const kindReason = invalidKindReason(kind);
  if (kindReason) issue(kindReason, 'kind');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) issue('size must be a non-negative integer', 'size');
  if (typeof sha256 !== 'string' || !SHA256_PATTERN.test(sha256)) issue('sha256 must be 64 lower-case hex digits', 'sha256');
  if (issues.length > before) return undefined;
  if ((size as number) > limits.maxEntryBytes) {
    throw new LimitError(`${path as string} is ${size as number} bytes; the limit per file is ${limits.maxEntryBytes}`, {
      place: { file: MANIFEST_PATH, pointer: `${pointer}/size` },
      details: { path, size, maxEntryBytes: limits.maxEntryBytes },
    });
  }
  return { path: path as string, kind: kind as string, size: size as number, sha256: sha256 as string };
}

/** Parses and checks manifest bytes; throws InputError listing every problem, or LimitError. */
export function parseManifest(bytes: Uint8Array, limits: ManifestLimits): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const message = `manifest is not valid UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`;
    throw new InputError(message, { code: 'bundle-manifest-invalid', place: { file: MANIFEST_PATH }, cause: error });
  }
  if (!isRecord(value)) throw manifestError([{ file: MANIFEST_PATH, pointer: '', message: 'the manifest must be a JSON object' }]);
  if (value.format !== BUNDLE_FORMAT) {
    throw manifestError([{ file: MANIFEST_PATH, pointer: '/format', message: `format must be "${BUNDLE_FORMAT}", got ${JSON.stringify(value.format)}` }]);
  }
  if (value.version !== BUNDLE_VERSION) {
    throw new InputError(`unsupported bundle version ${JSON.stringify(value.version)}; this reader knows version ${BUNDLE_VERSION}`, {
      code: 'bundle-unsupported-version',
      place: { file: MANIFEST_PATH, pointer: '/version' },
    });
  }
  const issues: Issue[] = [];
  const top = (pointer: string, message: string): void => {
    issues.push({ file: MANIFEST_PATH, pointer, message, code: 'bundle-manifest-invalid' });
  };
  if (typeof value.created !== 'string' || !ISO_UTC_PATTERN.test(value.created) || Number.isNaN(Date.parse(value.created))) {
    top('/created', 'created must be an ISO 8601 UTC time');
  }
  if (typeof value.creator !== 'string') top('/creator', 'creator must be a string');
  if (!Array.isArray(value.files)) {
    top('/files', 'files must be an array');
    throw manifestError(issues);
  }
  if (value.files.length > limits.maxFiles) {
    throw new LimitError(`manifest lists ${value.files.length} files; the limit is ${limits.maxFiles}`, {
      place: { file: MANIFEST_PATH, pointer: '/files' },
      details: { files: value.files.length, maxFiles: limits.maxFiles },
    });
  }
  const files: BundleManifestFile[] = [];
  const seen = new Map<string, number>();
  value.files.forEach((entry, index) => {
    const file = checkFile(entry, index, limits, issues);
    if (!file) return;
    const key = pathCollisionKey(file.path);
    const earlier = seen.get(key);
    if (earlier !== undefined) top(`/files/${index}/path`, `${file.path} is listed twice (also /files/${earlier}, ignoring case)`);
    else seen.set(key, index);
    files.push(file);
  });
  if (issues.length > 0) throw manifestError(issues);
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, created: value.created as string, creator: value.creator as string, files };
}
