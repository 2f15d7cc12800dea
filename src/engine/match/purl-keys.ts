/**
 * Package keys (`pkg:type/namespace/name`) for specs that name a package by ecosystem + name
 * (OSV `affected[].package`, CVE 5 `collectionURL` + `packageName`) rather than by purl.
 */
import { buildPurl, tryParsePurl } from '../../formats/purl/index.js';

const OSV_ECOSYSTEM_TYPES: Record<string, { type: string; namespace?: string }> = {
  npm: { type: 'npm' },
  pypi: { type: 'pypi' },
  maven: { type: 'maven' },
  go: { type: 'golang' },
  'crates.io': { type: 'cargo' },
  rubygems: { type: 'gem' },
  nuget: { type: 'nuget' },
  packagist: { type: 'composer' },
  hex: { type: 'hex' },
  pub: { type: 'pub' },
  debian: { type: 'deb', namespace: 'debian' },
  ubuntu: { type: 'deb', namespace: 'ubuntu' },
  alpine: { type: 'apk', namespace: 'alpine' },
  'red hat': { type: 'rpm', namespace: 'redhat' },
  swifturl: { type: 'swift' },
};

const COLLECTION_TYPES: Array<[RegExp, string]> = [
  [/npmjs\.(com|org)/i, 'npm'],
  [/pypi\.(org|python\.org)/i, 'pypi'],
  [/(repo1\.maven|maven\.org|search\.maven)/i, 'maven'],
  [/crates\.io/i, 'cargo'],
  [/rubygems\.org/i, 'gem'],
  [/nuget\.org/i, 'nuget'],
  [/packagist\.org/i, 'composer'],
  [/(proxy\.golang\.org|pkg\.go\.dev)/i, 'golang'],
  [/hex\.pm/i, 'hex'],
];

function keyOf(type: string, name: string, namespace?: string): string | undefined {
  let ns = namespace;
  let n = name;
  if (type === 'maven' && name.includes(':')) {
    const [g, a] = name.split(':');
    ns = g;
    n = a ?? name;
  } else if ((type === 'npm' || type === 'golang' || type === 'composer') && name.includes('/')) {
    const i = name.lastIndexOf('/');
    ns = name.slice(0, i);
    n = name.slice(i + 1);
  }
  try {
    return buildPurl({ type, namespace: ns, name: n }).key;
  } catch {
    return undefined;
  }
}

/** The package key of an OSV `affected[]` entry: its purl, else ecosystem + name. */
export function osvPackageKey(spec: { purl?: string | undefined; ecosystem?: string | undefined; packageName?: string | undefined }): string | undefined {
  if (spec.purl) {
    const p = tryParsePurl(spec.purl);
    if (p) return p.key;
  }
  if (!spec.ecosystem || !spec.packageName) return undefined;
  const base = spec.ecosystem.split(':')[0]?.trim().toLowerCase() ?? '';
  const mapped = OSV_ECOSYSTEM_TYPES[base];
  return mapped ? keyOf(mapped.type, spec.packageName, mapped.namespace) : undefined;
}

/** The purl type an OSV ecosystem maps to (`PyPI` → `pypi`). */
export function purlTypeForEcosystem(ecosystem: string | undefined): string | undefined {
  if (!ecosystem) return undefined;
  return OSV_ECOSYSTEM_TYPES[ecosystem.split(':')[0]?.trim().toLowerCase() ?? '']?.type;
}

/** The package key of a CVE 5 entry with `collectionURL` + `packageName` (npm, PyPI, Maven, …). */
export function cve5PackageKey(spec: { collectionURL?: string | undefined; packageName?: string | undefined }): string | undefined {
  if (!spec.collectionURL || !spec.packageName) return undefined;
  const hit = COLLECTION_TYPES.find(([re]) => re.test(spec.collectionURL as string));
  return hit ? keyOf(hit[1], spec.packageName) : undefined;
}
