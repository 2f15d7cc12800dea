import { compareDigits, defineScheme, fail, lookup, ok, type Ordering, type ParseResult } from './scheme.js';

/** A PEP 440 version, normalised (`1.0-RC-1` → pre `rc` 1). */
export interface Pep440Version {
  epoch: string;
  release: string[];
  pre: { label: 'a' | 'b' | 'rc'; number: string } | undefined;
  post: string | undefined;
  dev: string | undefined;
  local: string[] | undefined;
}

/**
 * Python packages (PyPI), PEP 440: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]` with the spelling
 * variants PEP 440 normalises (`alpha`, `c`, `pre`, `preview`, `rev`, `r`, `-N` post releases,
 * separators and case). Order: 1.0.dev0 < 1.0a1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1.
 */
export const pep440Scheme = defineScheme<Pep440Version>({
  name: 'pypi',
  parse: parsePep440,
  compare: comparePep440,
});

// The regular expression from PEP 440 Appendix B (packaging's VERSION_PATTERN). Input is capped at
// MAX_VERSION_LENGTH by defineScheme and the groups are separated by literals, so it stays linear.
const PATTERN =
  /^\s*v?(?:(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_LABELS: Record<string, 'a' | 'b' | 'rc'> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', pre: 'rc', preview: 'rc', rc: 'rc' };

export function parsePep440(version: string): ParseResult<Pep440Version> {
  const m = PATTERN.exec(version);
  if (!m) return fail('not a PEP 440 version');
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber, local] = m;
  return ok({
    epoch: epoch ?? '0',
    release: (release ?? '0').split('.'),
    pre: preLabel ? { label: lookup(PRE_LABELS, preLabel.toLowerCase()) ?? 'rc', number: preNumber ?? '0' } : undefined,
    post: postImplicit ?? (postLabel ? (postNumber ?? '0') : undefined),
    dev: devLabel ? (devNumber ?? '0') : undefined,
    local: local ? local.toLowerCase().split(/[-_.]/) : undefined,
  });
}

const PRE_ORDER = { a: 0, b: 1, rc: 2 } as const;

export function comparePep440(a: Pep440Version, b: Pep440Version): Ordering {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

// Trailing zeros do not count: 1.0 == 1.0.0.
function compareRelease(a: string[], b: string[]): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (r !== 0) return r;
  }
  return 0;
}

/** Rank of the pre-release slot: a dev-only release sorts before any pre-release, a final after. */
function preKey(v: Pep440Version): [number, string] {
  if (v.pre) return [PRE_ORDER[v.pre.label], v.pre.number];
  if (v.post === undefined && v.dev !== undefined) return [-1, '0'];
  return [3, '0'];
}

function comparePre(a: Pep440Version, b: Pep440Version): Ordering {
  const [ra, na] = preKey(a);
  const [rb, nb] = preKey(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return compareDigits(na, nb);
}

/** Absent sorts as `absentRank` (-1 = before any value, 1 = after any value). */
function compareOptional(a: string | undefined, b: string | undefined, absentRank: -1 | 1): Ordering {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return absentRank;
  if (b === undefined) return absentRank === 1 ? -1 : 1;
  return compareDigits(a, b);
}

// Local segments: numbers sort after strings; a longer local with an equal prefix sorts later.
function compareLocal(a: string[] | undefined, b: string[] | undefined): Ordering {
  if (a === undefined || b === undefined) return compareOptional(a ? '' : undefined, b ? '' : undefined, -1);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum !== yNum) return xNum ? 1 : -1;
    const r = xNum ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (r !== 0) return r;
  }
  return 0;
}
