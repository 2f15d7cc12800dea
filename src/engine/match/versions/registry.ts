import { debianScheme } from './debian.js';
import { createFirmwareScheme, firmwareScheme } from './firmware.js';
import { genericScheme } from './generic.js';
import { goScheme } from './golang.js';
import { mavenScheme } from './maven.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import { lookup, type VersionScheme } from './scheme.js';
import { npmScheme, semverScheme } from './semver.js';
import { intdotScheme, lexicographicScheme } from './simple.js';

/**
 * Where a version string came from decides how it is ordered. These tables map every identifier
 * system the platform reads to a scheme; an unknown name gives `undefined` so that the caller
 * reports "cannot compare" rather than falling back silently.
 */

const SCHEMES: Record<string, VersionScheme> = {
  semver: semverScheme,
  npm: npmScheme,
  generic: genericScheme,
  nvd: genericScheme,
  deb: debianScheme,
  debian: debianScheme,
  rpm: rpmScheme,
  maven: mavenScheme,
  pypi: pep440Scheme,
  pep440: pep440Scheme,
  python: pep440Scheme,
  golang: goScheme,
  go: goScheme,
  firmware: firmwareScheme,
  'firmware-fraction': createFirmwareScheme({ minor: 'fraction' }),
  intdot: intdotScheme,
  lexicographic: lexicographicScheme,
};

/** The scheme registered under `name` (case-insensitive), e.g. `deb`, `pypi`, `firmware`. */
export function schemeFor(name: string): VersionScheme | undefined {
  return lookup(SCHEMES, name.toLowerCase());
}

/** Names accepted by {@link schemeFor}. */
export function schemeNames(): string[] {
  return Object.keys(SCHEMES).sort();
}

const BY_PURL_TYPE: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  maven: 'maven',
  deb: 'deb',
  rpm: 'rpm',
  golang: 'golang',
  cargo: 'semver',
  hex: 'semver',
  pub: 'semver',
  swift: 'semver',
  // OT firmware without a registry is published as pkg:generic.
  generic: 'firmware',
};

/** The scheme for versions of a purl type (`pkg:deb/...` → deb). */
export function schemeForPurlType(type: string): VersionScheme | undefined {
  const name = lookup(BY_PURL_TYPE, type.toLowerCase());
  return name ? schemeFor(name) : undefined;
}

const BY_OSV_ECOSYSTEM: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  maven: 'maven',
  go: 'golang',
  debian: 'deb',
  ubuntu: 'deb',
  'crates.io': 'semver',
  hex: 'semver',
  pub: 'semver',
  swifturl: 'semver',
  'red hat': 'rpm',
  almalinux: 'rpm',
  'rocky linux': 'rpm',
  opensuse: 'rpm',
  suse: 'rpm',
  mageia: 'rpm',
  'openeuler': 'rpm',
};

/**
 * The scheme for an OSV `affected[].package.ecosystem`, which may carry a release suffix
 * (`Debian:11`, `Ubuntu:22.04:LTS`). An OSV range of type `SEMVER` uses semver whatever the ecosystem.
 */
export function schemeForOsvEcosystem(ecosystem: string, rangeType?: string): VersionScheme | undefined {
  if (rangeType?.toUpperCase() === 'SEMVER') return semverScheme;
  const base = ecosystem.split(':')[0]!.trim().toLowerCase();
  const name = lookup(BY_OSV_ECOSYSTEM, base);
  return name ? schemeFor(name) : undefined;
}

const BY_CVE5_VERSION_TYPE: Record<string, string> = {
  semver: 'semver',
  maven: 'maven',
  python: 'pypi',
  pypi: 'pypi',
  rpm: 'rpm',
  deb: 'deb',
  debian: 'deb',
  npm: 'npm',
  go: 'golang',
  golang: 'golang',
  // `custom` (and a missing type) is what most OT vendors write: V-prefixed firmware versions.
  custom: 'firmware',
};

/**
 * The scheme for a CVE JSON 5 `affected[].versions[].versionType`. `git` has no order and gives
 * `undefined`; a missing type is treated like `custom`.
 */
export function schemeForCve5VersionType(versionType: string | undefined): VersionScheme | undefined {
  const name = lookup(BY_CVE5_VERSION_TYPE, (versionType ?? 'custom').toLowerCase());
  return name ? schemeFor(name) : undefined;
}

const BY_VERS_SCHEME: Record<string, string> = {
  semver: 'semver',
  npm: 'npm',
  pypi: 'pypi',
  maven: 'maven',
  deb: 'deb',
  rpm: 'rpm',
  golang: 'golang',
  cargo: 'semver',
  intdot: 'intdot',
  lexicographic: 'lexicographic',
  generic: 'generic',
};

/** The scheme for a vers `<versioning-scheme>` (`vers:deb/...`). */
export function schemeForVers(versScheme: string): VersionScheme | undefined {
  const name = lookup(BY_VERS_SCHEME, versScheme);
  return name ? schemeFor(name) : undefined;
}
