import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { detectIntelKind } from './index.js';

const head = (...parts: string[]) => readFileSync(fixture(...parts)).subarray(0, 4096);

describe.runIf(haveFixtures)('detectIntelKind on fixtures (first 4 KB)', () => {
  it.each([
    [['nvd', 'vunnel-api-pages', 'single-entry.json'], 'nvd-api'],
    [['nvd', 'fkie-cad', 'CVE-2023-3526.json'], 'nvd-api'],
    [['nvd', 'legacy-1.1', 'nvdcve-1.1-test-data.json'], 'nvd-feed-1.1'],
    [['cve5', 'CVE-2023-20198.json'], 'cve5'],
    [['kev', 'known_exploited_vulnerabilities.json'], 'kev'],
    [['csaf', 'cisa-ot', 'icsa-24-046-01.json'], 'csaf'],
    [['csaf', 'vex', 'redhat-CVE-2024-34502.json'], 'csaf'],
    [['osv', 'ghsa', 'GHSA-p6mc-m468-83gw.json'], 'osv'],
    [['osv', 'go-vulndb', 'GO-2022-0969.json'], 'osv'],
  ])('%j → %s', (parts, kind) => {
    expect(detectIntelKind(head(...parts))).toBe(kind);
  });
});

describe('detectIntelKind', () => {
  it('recognises EPSS, gzip, zip and unknown content', () => {
    expect(detectIntelKind(Buffer.from('#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z\ncve,epss,percentile\n'))).toBe('epss');
    expect(detectIntelKind(Buffer.from('cve,epss\nCVE-2020-1,0.1\n'))).toBe('epss');
    expect(detectIntelKind(gzipSync('{}'))).toBe('gzip');
    expect(detectIntelKind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('zip');
    expect(detectIntelKind(Buffer.from('{"hello": "world"}'))).toBe('unknown');
    expect(detectIntelKind(Buffer.from('<xml/>'))).toBe('unknown');
    expect(detectIntelKind(Buffer.alloc(0))).toBe('unknown');
    expect(detectIntelKind(Buffer.from('\uFEFF  {"document": {"csaf_version": "2.0"'))).toBe('csaf');
  });
});
