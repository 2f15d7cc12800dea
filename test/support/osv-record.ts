/** A small OSV record for matching tests: modbus-serial below 8.0.15 (npm), aliased to a CVE id. */
export const OSV_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-test-0001',
  aliases: ['CVE-2099-0001'],
  modified: '2026-01-01T00:00:00Z',
  published: '2026-01-01T00:00:00Z',
  summary: 'Heap overflow in libmodbus (test record)',
  affected: [{ package: { ecosystem: 'npm', name: 'modbus-serial', purl: 'pkg:npm/modbus-serial' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '8.0.15' }] }] }],
};
