import { SemVer } from 'semver';
import { defineScheme, fail, ok, sign, type ParseResult } from './scheme.js';

/**
 * Strict Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH[-pre][+build]`. Pre-releases sort before
 * the release; build metadata is ignored. No `v` prefix, no shorthand (`1.2` is refused).
 */
export const semverScheme = defineScheme<SemVer>({
  name: 'semver',
  parse: (version) => parseSemver(version),
  compare: (a, b) => sign(a.compare(b)),
});

/** npm: semver, tolerating the `v`/`=` prefixes and surrounding blanks that npm itself accepts. */
export const npmScheme = defineScheme<SemVer>({
  name: 'npm',
  parse: (version) => parseSemver(version.trim().replace(/^=?[vV]?/, '')),
  compare: (a, b) => sign(a.compare(b)),
});

// The semver package is lenient on a few inputs (leading `v`, spaces); check the core shape first.
const STRICT_CORE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+]|$)/;

export function parseSemver(version: string): ParseResult<SemVer> {
  if (!STRICT_CORE.test(version)) return fail('not MAJOR.MINOR.PATCH (semver 2.0.0)');
  try {
    return ok(new SemVer(version, { loose: false }));
  } catch (e) {
    return fail(e instanceof Error ? e.message : 'invalid semver');
  }
}
