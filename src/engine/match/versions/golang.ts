import type { SemVer } from 'semver';
import { parseSemver } from './semver.js';
import { defineScheme, fail, sign, type ParseResult } from './scheme.js';

/**
 * Go modules: semver with a `v` prefix (`v1.2.3`), `+incompatible` for v2+ modules without a go.mod
 * (build metadata, so ignored in ordering), and pseudo-versions such as
 * `v0.0.0-20191109021931-daa7c04131f5`, which order correctly as semver pre-releases because their
 * timestamps have a fixed width. The prefix is optional because OSV writes Go versions without it.
 * `v1` and `v1.2` are accepted as shorthand for `v1.0.0` and `v1.2.0`, as golang.org/x/mod/semver does.
 */
export const goScheme = defineScheme<SemVer>({
  name: 'golang',
  parse: (version) => parseGoVersion(version),
  compare: (a, b) => sign(a.compare(b)),
});

const SHORTHAND = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/;

export function parseGoVersion(version: string): ParseResult<SemVer> {
  const bare = version.startsWith('v') ? version.slice(1) : version;
  const short = SHORTHAND.exec(bare);
  if (short) return parseSemver(`${short[1]}.${short[2] ?? '0'}.0`);
  const parsed = parseSemver(bare);
  if (!parsed.ok) return fail(`not a Go module version: ${parsed.reason}`);
  const build = parsed.value.build;
  if (build.length > 0 && !(build.length === 1 && build[0] === 'incompatible')) {
    return fail('Go versions carry no build metadata other than +incompatible');
  }
  return parsed;
}

/** The parts of a Go pseudo-version, or undefined when the version is not one. */
export interface GoPseudoVersion {
  /** The version the pseudo-version builds on (`v0.0.0`, or the preceding tag). */
  base: string;
  /** UTC commit time as `yyyymmddhhmmss`. */
  timestamp: string;
  /** Abbreviated commit hash (12 hex digits). */
  revision: string;
}

// The three forms, tried in this order: vX.0.0-yyyymmddhhmmss-abcdef123456 (no tag before),
// vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456 (after a release), vX.Y.Z-pre.0.yyyymmddhhmmss-… (after a pre-release).
const PSEUDO_FORMS = [
  /^(v?\d+\.0\.0)-(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/,
  /^(v?\d+\.\d+\.\d+)-0\.(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/,
  /^(v?\d+\.\d+\.\d+-[0-9A-Za-z.-]+)\.0\.(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/,
];

export function parseGoPseudoVersion(version: string): GoPseudoVersion | undefined {
  if (version.length > 256) return undefined;
  for (const form of PSEUDO_FORMS) {
    const m = form.exec(version);
    if (m && m[1] !== undefined && m[2] !== undefined && m[3] !== undefined) return { base: m[1], timestamp: m[2], revision: m[3] };
  }
  return undefined;
}
