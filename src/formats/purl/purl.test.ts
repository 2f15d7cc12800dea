import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { buildPurl, comparableVersion, encodePurlComponent, formatPurl, parsePurl, purlKey, tryParsePurl } from './purl.js';
import { inputError } from '../../../test/support/errors.js';

describe('purl: spec test vectors', () => {
  it.each([
    ['pkg:PYPI/Django_package@1.11.1.dev1', 'pkg:pypi/django-package@1.11.1.dev1'],
    [
      'pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=https://repo.spring.io/release',
      'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=https:%2F%2Frepo.spring.io%2Frelease',
    ],
    ['pkg:npm/@babel/core#/googleapis/api/annotations/', 'pkg:npm/%40babel/core#googleapis/api/annotations'],
    ['pkg:deb/debian/attr@1:2.4.47-2+b1?arch=amd64', 'pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64'],
    ['pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&epoch=1&distro=fedora-25', 'pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25&epoch=1'],
    ['pkg://generic/x@1', 'pkg:generic/x@1'],
    ['pkg:golang/github.com/Foo/Bar@v1.0.0', 'pkg:golang/github.com/Foo/Bar@v1.0.0'],
    ['pkg:npm/%40Angular/Core@1.0.0', 'pkg:npm/%40angular/core@1.0.0'],
    ['pkg:github/Package-URL/Purl-Spec@244fd47e07d1004', 'pkg:github/package-url/purl-spec@244fd47e07d1004'],
    ['pkg:generic/siemens/SIMATIC%20S7-1500@V2.9.3?download_url=https://x/y', 'pkg:generic/siemens/SIMATIC%20S7-1500@V2.9.3?download_url=https:%2F%2Fx%2Fy'],
    ['pkg:maven/Org.Example/Artifact@1.0?empty=', 'pkg:maven/Org.Example/Artifact@1.0'],
    ['pkg:npm/a#./b/../c', 'pkg:npm/a#b/c'],
  ])('%s → %s', (input, canonical) => {
    expect(parsePurl(input).canonical).toBe(canonical);
  });
  it.each([
    ['pkg:3nginx/nginx@0.8.9', /cannot start with a number/],
    ['pkg:npm/a@1.0.0?in%20production=true', /qualifier/],
    ['pkg:maven/@1.3.4', /namespace/],
    ['notapurl', /pkg/],
    ['pkg:', /type/],
    ['pkg:npm/', /name/],
    ['pkg:pypi/a%zz', /decode/],
  ])('rejects %s', (input, message) => {
    const e = inputError(() => parsePurl(input));
    expect(e.code).toBe('invalid-purl');
    expect(e.message).toMatch(message);
  });
});

describe('purl: per-type normalisation', () => {
  it('pypi: lower case and _ to -, PEP 503 in the key', () => {
    const p = parsePurl('pkg:pypi/Zope_Interface@5.0');
    expect(p.name).toBe('zope-interface');
    expect(purlKey({ type: 'pypi', name: 'zope.interface' })).toBe(purlKey(p));
    expect(p.key).toBe('pkg:pypi/zope-interface');
  });
  it('npm: lower-case scope and name', () => {
    const p = parsePurl('pkg:npm/%40Babel/Core@7.0.0');
    expect(p).toMatchObject({ namespace: '@babel', name: 'core', key: 'pkg:npm/%40babel/core' });
  });
  it('maven and golang: case kept', () => {
    expect(parsePurl('pkg:maven/Org.Example/MyLib@1.0').key).toBe('pkg:maven/Org.Example/MyLib');
    expect(parsePurl('pkg:golang/github.com/Azure/azure-sdk-for-go@v68.0.0+incompatible').key).toBe('pkg:golang/github.com/Azure/azure-sdk-for-go');
  });
  it('deb, rpm, apk: vendor namespace lower case, distro and arch exposed', () => {
    const deb = parsePurl('pkg:deb/Debian/OpenSSL@3.0.11-1~deb12u2?arch=amd64&distro=Debian-12');
    expect(deb).toMatchObject({ namespace: 'debian', name: 'openssl', distro: 'debian-12', arch: 'amd64', key: 'pkg:deb/debian/openssl' });
    const rpm = parsePurl('pkg:rpm/RedHat/NetworkManager@1.40.0-1.el9?epoch=1&distro=RHEL-9');
    expect(rpm).toMatchObject({ namespace: 'redhat', name: 'NetworkManager', distro: 'rhel-9' });
    expect(comparableVersion(rpm)).toBe('1:1.40.0-1.el9');
    expect(comparableVersion(parsePurl('pkg:rpm/fedora/curl@2:7.0-1?epoch=1'))).toBe('2:7.0-1');
    expect(parsePurl('pkg:apk/Alpine/Busybox@1.36.1-r5?distro=3.19').key).toBe('pkg:apk/alpine/busybox');
    expect(parsePurl('pkg:npm/a@1?distro=x').distro).toBeUndefined();
  });
  it('generic: kept as written (OT firmware without a registry)', () => {
    const p = parsePurl('pkg:generic/Siemens/S7-1500-FW@V2.9.3');
    expect(p).toMatchObject({ namespace: 'Siemens', name: 'S7-1500-FW', version: 'V2.9.3', key: 'pkg:generic/Siemens/S7-1500-FW' });
    expect(comparableVersion(p)).toBe('V2.9.3');
  });
  it('keys ignore version, qualifiers and subpath', () => {
    expect(parsePurl('pkg:npm/lodash@4.17.21?foo=bar#x').key).toBe(parsePurl('pkg:npm/lodash').key);
  });
});

describe('purl: building and formatting', () => {
  it('builds from components and normalises like parsing', () => {
    const p = buildPurl({ type: 'PyPI', name: 'Django_Rest', version: '3.0', qualifiers: { Foo: 'bar' } });
    expect(p.canonical).toBe('pkg:pypi/django-rest@3.0?foo=bar');
    expect(inputError(() => buildPurl({ type: 'maven', name: 'x' })).message).toMatch(/namespace/);
  });
  it('encodes per ECMA-427', () => {
    expect(encodePurlComponent('a b@c/d+e:f~g')).toBe('a%20b%40c%2Fd%2Be:f~g');
    expect(encodePurlComponent('ü')).toBe('%C3%BC');
    expect(formatPurl({ type: 'generic', name: 'x', qualifiers: { b: '2', a: '1', c: '' } })).toBe('pkg:generic/x?a=1&b=2');
  });
});

describe('purl: hostile input', () => {
  it('refuses without crashing', () => {
    expect(inputError(() => parsePurl('pkg:npm/' + 'a'.repeat(10_000))).message).toMatch(/longer/);
    expect(inputError(() => parsePurl('pkg:npm/a%00b@1')).message).toMatch(/control/);
    expect(inputError(() => parsePurl('pkg:generic/x@1?a=b%07c')).message).toMatch(/control/);
    expect(inputError(() => parsePurl(null as unknown as string)).message).toMatch(/string/);
    expect(tryParsePurl('pkg:npm/%')).toBeUndefined();
    expect(tryParsePurl('pkg:npm/x?' + '&'.repeat(3000))?.name).toBe('x');
  });
});

describe.skipIf(!haveFixtures)('purl: real SBOM and OSV purls', () => {
  it('parses every purl and canonicalisation is stable', () => {
    const seen = new Set<string>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else for (const m of readFileSync(path, 'utf8').matchAll(/"(pkg:[A-Za-z][^"\s]*)"/g)) seen.add(m[1]!);
      }
    };
    walk(fixture('sbom'));
    walk(fixture('osv'));
    expect(seen.size).toBeGreaterThan(50);
    for (const s of seen) {
      const p = parsePurl(s);
      expect(parsePurl(p.canonical).canonical).toBe(p.canonical);
    }
  });
});
