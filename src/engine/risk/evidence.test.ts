import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { extractCsaf } from '../../formats/csaf/index.js';
import { readCve5Record } from '../../formats/cve5/index.js';
import { assessFinding } from './assess.js';
import { vulnerabilityEvidence } from './evidence.js';
import { vulnerabilityInputs } from './vulnerability-inputs.js';

describe.runIf(haveFixtures)('from real intelligence records to a decision', () => {
  it('CVE-2023-20198 (CVE 5 with CISA ADP SSVC and KEV) on an internet-facing router: Act, 3 days + forensic triage', () => {
    const { record } = readCve5Record(readFileSync(fixture('cve5', 'CVE-2023-20198.json')));
    const inputs = vulnerabilityInputs(vulnerabilityEvidence(record!, { epss: { cveId: 'CVE-2023-20198', epss: 0.94, percentile: 0.99, scoreDate: '2025-09-03' } }));
    expect(inputs.cvss.preferred).toMatchObject({ version: '3.1', input: { sourceKind: 'vendor-cna', sourceName: 'cisco' }, scores: { base: 10 } });
    expect([inputs.exploitation.value, inputs.automatable.value, inputs.technicalImpact.value]).toEqual(['active', 'yes', 'total']);
    expect(inputs.problems).toEqual([]);
    const result = assessFinding(
      { vulnerability: inputs, asset: { id: 'gw', kind: 'gateway', criticality: 'critical', exposure: 'open' }, firstSeen: '2023-10-01' },
      { now: '2023-10-18', mode: 'bod-26-04' },
    );
    expect(result.ssvc.decision).toBe('Act');
    expect(result.bod).toMatchObject({ days: 3, forensicTriage: true, dueDate: '2023-10-19' });
    expect(result.status).toBe('due-soon');
  });

  it('reads the CSAF exploit_status threat of a vendor advisory (Red Hat points at KEV) as active, dated', () => {
    // extractCsaf: the advisory's content without schema validation, which is not the point here.
    const { advisory } = extractCsaf(JSON.parse(readFileSync(fixture('csaf', 'vendor', 'rhsa-2023_5835.json'), 'utf8')));
    const vulnerability = advisory.vulnerabilities.find((v) => v.exploitStatus.length > 0)!;
    const { record } = readCve5Record(readFileSync(fixture('cve5', 'CVE-2023-20198.json')));
    const evidence = vulnerabilityEvidence({ ...record!, id: vulnerability.id, kev: undefined, ssvc: undefined, metrics: [] }, { advisories: [{ advisory: advisory.id, vulnerability }] });
    const inputs = vulnerabilityInputs(evidence);
    expect(inputs.exploitation).toMatchObject({ value: 'active', source: `CSAF exploit_status in ${advisory.id} of 2023-10-10T00:00:00+00:00` });
    expect(inputs.exploitationEvidence).toEqual([{ kind: 'csaf', date: '2023-10-10T00:00:00+00:00', source: `CSAF exploit_status in ${advisory.id}` }]);
    expect(inputs.cvss.all.every((s) => s.input.sourceKind === 'csaf')).toBe(true);
  });
});
