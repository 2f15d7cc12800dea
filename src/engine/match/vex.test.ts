import { describe, expect, it } from 'vitest';
import { matchTarget } from './engine.js';
import { vexProductMatches } from './vex.js';
import { component, osv } from './test-support/builders.js';
import type { VexStatement } from '../../model/sbom.js';

const statement = (extra: Partial<VexStatement>): VexStatement => ({
  vulnerabilityId: 'CVE-2021-44228', aliases: [], productRefs: [], subcomponentRefs: [], status: 'not_affected', responses: [],
  original: { format: 'openvex', status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }, justification: 'vulnerable_code_not_in_execute_path', place: { pointer: '/statements/0' }, ...extra,
});

describe('VEX statements on component findings', () => {
  const spec = osv({ vulnerabilityId: 'GHSA-jfh8-c2jp-5v3q', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { fixed: '2.15.0' }] }] });
  const target = component({ id: 'log4j', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', refs: ['log4j-ref'] });
  const aliases = (id: string) => (id === 'GHSA-jfh8-c2jp-5v3q' ? ['CVE-2021-44228'] : []);

  it('suppresses by alias and product purl, keeping the justification', () => {
    const f = matchTarget(target, [spec], { vex: [statement({ productRefs: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'] })], aliases })[0];
    expect(f).toMatchObject({ status: 'not_affected', decidedBy: 3, justification: 'vulnerable_code_not_in_execute_path' });
    expect(f?.evidence.map((e) => e.matcher)).toEqual(['vex', 'osv']);
  });

  it('ignores statements about other products or versions and annotates "affected"', () => {
    expect(matchTarget(target, [spec], { vex: [statement({ productRefs: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.17.0'] })], aliases })[0]?.status).toBe('affected');
    const affected = matchTarget(target, [spec], { vex: [statement({ status: 'affected', productRefs: ['log4j-ref'], actionStatement: 'upgrade', original: { format: 'cyclonedx', status: 'exploitable' } })], aliases })[0];
    expect(affected).toMatchObject({ status: 'affected', decidedBy: 3, actionStatement: 'upgrade' });
  });

  it('matches CycloneDX BOM-links and versionless purls', () => {
    expect(vexProductMatches('urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#log4j-ref', target)).toBe(true);
    expect(vexProductMatches('pkg:maven/org.apache.logging.log4j/log4j-core', target)).toBe(true);
    expect(vexProductMatches('pkg:maven/org.apache.logging.log4j/log4j-api', target)).toBe(false);
  });
});
