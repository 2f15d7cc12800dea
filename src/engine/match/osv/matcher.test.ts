import { describe, expect, it } from 'vitest';
import { matchTarget } from '../engine.js';
import { component, osv } from '../test-support/builders.js';

describe('OSV ranges', () => {
  const spec = osv({
    ecosystem: 'PyPI',
    packageName: 'Django',
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.2.14' }, { introduced: '4.0' }, { lastAffected: '4.0.5' }] }],
  });
  const at = (purl: string) => matchTarget(component({ purl }), [spec])[0];

  it('evaluates introduced / fixed / last_affected with the ecosystem scheme', () => {
    expect(at('pkg:pypi/django@3.2.13')?.status).toBe('affected');
    expect(at('pkg:pypi/django@3.2.14')).toBeUndefined();
    expect(at('pkg:pypi/django@3.2.14.post1')).toBeUndefined();
    expect(at('pkg:pypi/django@4.0.5')?.status).toBe('affected');
    expect(at('pkg:pypi/django@4.0.6')).toBeUndefined();
    expect(at('pkg:pypi/django@4.0rc1')).toBeUndefined();
    expect(at('pkg:pypi/flask@1.0')).toBeUndefined();
    expect(at('pkg:pypi/django@3.2.13')?.evidence[0]).toMatchObject({ matcher: 'osv', versionScheme: 'pypi', confidence: 'exact' });
  });

  it('uses the versions list, semver ranges, and refuses GIT-only ranges honestly', () => {
    const listed = osv({ purl: 'pkg:npm/lodash', versions: ['4.17.20'], ranges: [{ type: 'GIT', repo: 'x', events: [{ introduced: 'abc' }] }] });
    expect(matchTarget(component({ purl: 'pkg:npm/lodash@4.17.20' }), [listed])[0]?.status).toBe('affected');
    expect(matchTarget(component({ purl: 'pkg:npm/lodash@4.17.21' }), [listed])).toEqual([]);
    const git = osv({ purl: 'pkg:generic/openssl', ranges: [{ type: 'GIT', events: [{ introduced: 'abc' }, { fixed: 'def' }] }] });
    expect(matchTarget(component({ purl: 'pkg:generic/openssl@3.0.1' }), [git])[0]?.status).toBe('cannot_decide');
    const semver = osv({ ecosystem: 'crates.io', packageName: 'tokio', ranges: [{ type: 'SEMVER', events: [{ introduced: '1.7.0' }, { fixed: '1.18.4' }] }] });
    expect(matchTarget(component({ purl: 'pkg:cargo/tokio@1.18.3' }), [semver])[0]?.status).toBe('affected');
    expect(matchTarget(component({ purl: 'pkg:cargo/tokio@1.18.4' }), [semver])).toEqual([]);
  });

  it('says "cannot decide" for an unparsable component version', () => {
    expect(at('pkg:pypi/django@not%20a%20version')?.status).toBe('cannot_decide');
  });
});
