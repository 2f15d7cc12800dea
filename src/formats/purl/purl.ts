import { PackageURL } from 'packageurl-js';
import { InputError } from '../../model/errors.js';

/**
 * Package URLs (ECMA-427, github.com/package-url/purl-spec). Parsing and per-type validation are
 * delegated to `packageurl-js`; on top of it this module adds the normalisation the matcher
 * needs and a canonical serialisation that follows the spec's encoding rules exactly.
 */

export interface PurlComponents {
  type: string;
  namespace?: string | undefined;
  name: string;
  version?: string | undefined;
  qualifiers?: Readonly<Record<string, string>> | undefined;
  subpath?: string | undefined;
}

export interface Purl {
  readonly type: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: string | undefined;
  /** Keys lower case; empty values removed. */
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath: string | undefined;
  /** The canonical purl string. */
  readonly canonical: string;
  /** Index key: `pkg:type/namespace/name` with no version, qualifiers or subpath (see {@link purlKey}). */
  readonly key: string;
  /** deb/rpm/apk `distro` qualifier, lower case (`debian-12`, `bookworm`, `fedora-25`). */
  readonly distro: string | undefined;
  /** `arch` qualifier, if any. */
  readonly arch: string | undefined;
}

/** Longest purl accepted. */
export const MAX_PURL_LENGTH = 4096;

function purlError(message: string, input: string, cause?: unknown): InputError {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return new InputError(`invalid purl ${JSON.stringify(shown)}: ${message}`, {
    code: 'invalid-purl',
    issues: [{ message, code: 'invalid-purl' }],
    cause,
  });
}

/** Parses and normalises a purl string. Throws InputError for anything packageurl-js or we refuse. */
export function parsePurl(input: string): Purl {
  if (typeof input !== 'string') throw new InputError('purl must be a string', { code: 'invalid-purl' });
  if (input.length > MAX_PURL_LENGTH) throw purlError(`longer than ${MAX_PURL_LENGTH} characters`, input);
  const text = input.trim();
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(text);
  } catch (e) {
    throw purlError(libraryMessage(e), input, e);
  }
  return finish(parsed, input);
}

/** Like {@link parsePurl} but returns undefined for a bad purl. */
export function tryParsePurl(input: string): Purl | undefined {
  try {
    return parsePurl(input);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/** Builds a normalised purl from components (e.g. SBOM fields). Throws InputError when invalid. */
export function buildPurl(components: PurlComponents): Purl {
  const label = `${components.type}/${components.namespace ? `${components.namespace}/` : ''}${components.name}`;
  let parsed: PackageURL;
  try {
    parsed = new PackageURL(
      components.type,
      components.namespace,
      components.name,
      components.version,
      components.qualifiers ? { ...components.qualifiers } : undefined,
      components.subpath,
    );
    // Round trip through the string form so the library's normalisation applies as for parsing.
    parsed = PackageURL.fromString(parsed.toString());
  } catch (e) {
    throw purlError(libraryMessage(e), label, e);
  }
  return finish(parsed, label);
}

function libraryMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^Invalid purl:\s*/i, '');
}

const DISTRO_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm']);

function finish(parsed: PackageURL, input: string): Purl {
  const type = parsed.type.toLowerCase();
  const namespace = emptyToUndefined(parsed.namespace);
  let name = parsed.name;
  if (type === 'pypi') name = name.toLowerCase().replace(/_/g, '-');
  const qualifiers: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.qualifiers ?? {})) {
    if (value === undefined || value === '') continue;
    qualifiers[key.toLowerCase()] = key.toLowerCase() === 'distro' ? value.toLowerCase() : value;
  }
  const components = { type, namespace, name, version: emptyToUndefined(parsed.version), qualifiers, subpath: emptyToUndefined(parsed.subpath) };
  for (const [part, value] of Object.entries({ namespace, name, version: components.version, subpath: components.subpath, ...qualifiers })) {
    if (value !== undefined && hasControlCharacter(value)) throw purlError(`control character in ${part}`, input);
  }
  return {
    ...components,
    canonical: formatPurl(components),
    key: purlKey(components),
    distro: DISTRO_TYPES.has(type) ? qualifiers['distro'] : undefined,
    arch: qualifiers['arch'],
  };
}

function emptyToUndefined(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

/** Percent-encodes all but `A-Z a-z 0-9 . - _ ~` and `:` (ECMA-427 canonical form). */
export function encodePurlComponent(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9.\-_~:]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function segments(path: string | undefined, dropDots: boolean): string[] {
  if (!path) return [];
  return path.split('/').filter((s) => s !== '' && !(dropDots && (s === '.' || s === '..')));
}

/** The canonical purl string: lower-case type, encoded components, qualifiers sorted by key. */
export function formatPurl(purl: PurlComponents): string {
  let out = `pkg:${purl.type.toLowerCase()}/`;
  for (const segment of segments(purl.namespace, false)) out += `${encodePurlComponent(segment)}/`;
  out += encodePurlComponent(purl.name);
  if (purl.version) out += `@${encodePurlComponent(purl.version)}`;
  const qualifiers = Object.entries(purl.qualifiers ?? {})
    .filter(([, v]) => v !== '')
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (qualifiers.length > 0) out += `?${qualifiers.map(([k, v]) => `${k}=${encodePurlComponent(v)}`).join('&')}`;
  const sub = segments(purl.subpath, true);
  if (sub.length > 0) out += `#${sub.map(encodePurlComponent).join('/')}`;
  return out;
}

/**
 * The key under which packages are indexed and looked up: `pkg:type/namespace/name`, normalised,
 * without version, qualifiers or subpath. Beyond the purl type rules, PyPI names get the full
 * PEP 503 normalisation (`zope.interface` = `zope-interface`), so that differently spelled
 * references to one project meet. Case is otherwise kept where the type is case-sensitive
 * (maven, golang, generic).
 */
export function purlKey(purl: PurlComponents): string {
  const type = purl.type.toLowerCase();
  const name = type === 'pypi' ? purl.name.toLowerCase().replace(/[-_.]+/g, '-') : purl.name;
  return formatPurl({ type, namespace: purl.namespace, name });
}

/**
 * The version to hand to the type's comparator: for rpm, the `epoch` qualifier is folded into the
 * version (`epoch=1`, `7.50.3-1` → `1:7.50.3-1`) unless the version already carries one.
 */
export function comparableVersion(purl: Pick<Purl, 'type' | 'version' | 'qualifiers'>): string | undefined {
  if (purl.version === undefined) return undefined;
  const epoch = purl.qualifiers['epoch'];
  if (purl.type === 'rpm' && epoch && /^\d+$/.test(epoch) && !purl.version.includes(':')) return `${epoch}:${purl.version}`;
  return purl.version;
}

/** True when the text holds a C0 control character or DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
