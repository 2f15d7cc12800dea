import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { analyseCaptureBytes } from '../../src/discovery/index.js';
import { createAsset } from '../../src/services/inventory.js';
import { captureSourceName, deviceToRecord, importDiscovery, inventoryKind } from '../../src/services/discovery.js';
import { getAsset, listObservations } from '../../src/store/repositories/assets.js';
import { listAssetEvents, listRecentEvents } from '../../src/store/repositories/events.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const S7 = fixture('pcap', 's7comm', 'iti-s7comm_reading_plc_status.pcap');
const ENIP = fixture('pcap', 'enip', 'iti-enip_test.pcap');
const MODBUS = fixture('pcap', 'modbus', 'icsnpp-modbus_example.pcap');

/** The S7 capture with the PLC's firmware version (SZL 0x0011, "V" 3 2 6) patched to V3.2.8, in memory. */
function s7WithOtherFirmware(): Buffer {
  const bytes = Buffer.from(readFileSync(S7));
  const at = bytes.indexOf(Buffer.from([0x56, 0x03, 0x02, 0x06]));
  expect(at).toBeGreaterThan(0);
  bytes[at + 3] = 0x08;
  return bytes;
}

const analyse = (path: string | Buffer, name: string) => analyseCaptureBytes(typeof path === 'string' ? readFileSync(path) : path, { name });

describeEachDialect('discovery import', (h) => {
  it.skipIf(!haveFixtures)('creates assets with discovery provenance, re-imports idempotently, and records a firmware change', async () => {
    const result = analyse(S7, 'plant.pcap');
    const first = await importDiscovery(h.store, result, { scope: ORG, site: 'Water' });
    expect(first.report).toMatchObject({ source: 'plant.pcap', total: 2, created: 2, updated: 0, unchanged: 0 });
    expect(first.events.map((e) => e.kind)).toEqual(['new-device', 'new-device']);
    expect(first.devices.every((d) => d.action === 'create' && d.assetId)).toBe(true);

    const plcId = first.devices.find((d) => d.device === result.devices.find((x) => x.vendor === 'Siemens')!.id)!.assetId!;
    const plc = (await getAsset(h.store.db, ORG, plcId))!;
    expect(plc).toMatchObject({
      name: 'IM151-8-CPU', kind: 'plc', vendor: 'Siemens', model: 'IM151-8 PN/DP CPU', firmware: 'V3.2.6', serial: 'S C-C6TW74882012',
      ips: ['192.168.1.40'], macs: ['00:1b:1b:23:eb:3b'], site: { name: 'Water' },
    });
    for (const attribute of ['vendor', 'model', 'firmware', 'serial'] as const) {
      expect(plc.provenance[attribute]).toMatchObject({ sourceKind: 'discovery', sourceName: 'plant.pcap', confidence: 0.7 });
    }
    const observations = await listObservations(h.store.db, ORG, plcId);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ sourceKind: 'discovery', sourceName: 'plant.pcap' });
    const created = (await listAssetEvents(h.store.db, ORG, plcId, { limit: 10, offset: 0 })).items;
    expect(created).toHaveLength(1);
    expect(created[0]!.detail.changes).toContainEqual({ attribute: 'firmware', before: null, after: 'V3.2.6' });
    expect(created[0]!.detail.evidence).toContainEqual(expect.objectContaining({ attribute: 'serial', capture: 'plant.pcap', protocol: 's7comm', field: 'serialNumber' }));

    // The same capture again: nothing changes, no event, no observation.
    const again = await importDiscovery(h.store, analyse(S7, 'plant.pcap'), { scope: ORG, site: 'Water' });
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.events).toEqual([]);
    expect(await listObservations(h.store.db, ORG, plcId)).toHaveLength(1);
    expect((await listRecentEvents(h.store.db, ORG, { limit: 50, offset: 0 })).total).toBe(2);

    // The PLC answers with another firmware: one firmware-changed event with before, after and the frame.
    const upgraded = await importDiscovery(h.store, analyse(s7WithOtherFirmware(), 'after-upgrade.pcap'), { scope: ORG, site: 'Water' });
    expect(upgraded.report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(upgraded.events).toHaveLength(1);
    const [event] = upgraded.events;
    expect(event).toMatchObject({ assetId: plcId, assetName: 'IM151-8-CPU', kind: 'firmware-changed' });
    expect(event!.detail).toMatchObject({ source: 'after-upgrade.pcap', captures: ['after-upgrade.pcap'], changes: [{ attribute: 'firmware', before: 'V3.2.6', after: 'V3.2.8' }] });
    expect(event!.detail.evidence[0]).toMatchObject({ attribute: 'firmware', value: 'V3.2.8', capture: 'after-upgrade.pcap', protocol: 's7comm', field: 'firmwareVersion' });
    expect(event!.detail.evidence[0]!.frame).toBeGreaterThan(0);
    expect((await getAsset(h.store.db, ORG, plcId))!.firmware).toBe('V3.2.8');
    const recent = await listRecentEvents(h.store.db, ORG, { limit: 1, offset: 0 });
    expect(recent).toMatchObject({ total: 3, items: [{ kind: 'firmware-changed', assetName: 'IM151-8-CPU' }] });
    expect((await listRecentEvents(h.store.db, ORG, { limit: 10, offset: 0, kind: 'new-device' })).total).toBe(2);
  });

  it.skipIf(!haveFixtures)('joins devices to existing assets by MAC and site+IP, never overrides a manual value, and records identity changes', async () => {
    const manual = await createAsset(h.store, ORG, { name: 'ENBT in rack 2', kind: 'gateway', firmware: '4.001', macs: ['00:19:07:24:3c:ca'] });
    const byIp = await createAsset(h.store, ORG, { name: 'Line HMI', site: 'Plant', ips: ['10.1.1.167'] });
    const imported = await importDiscovery(h.store, analyse(ENIP, 'enip.pcap'), { scope: ORG, site: 'Plant' });
    expect(imported.report).toMatchObject({ created: 0, updated: 2 });
    const enbt = (await getAsset(h.store.db, ORG, manual.id))!;
    // The engineer's kind and firmware (confidence 1) stay; discovery adds what was unknown.
    expect(enbt).toMatchObject({ name: 'ENBT in rack 2', kind: 'gateway', firmware: '4.001', vendor: 'Rockwell Automation/Allen-Bradley', model: '1756-ENBT/A', ips: ['10.1.1.164'] });
    const kinds = imported.events.filter((e) => e.assetId === manual.id).map((e) => e.kind).sort();
    expect(kinds).toEqual(['addresses-changed', 'identity-changed']);
    const identity = imported.events.find((e) => e.assetId === manual.id && e.kind === 'identity-changed')!;
    expect(identity.detail.changes).toContainEqual({ attribute: 'model', before: null, after: '1756-ENBT/A' });
    expect(imported.events.some((e) => e.kind === 'firmware-changed')).toBe(false);
    expect(imported.devices.find((d) => d.assetId === byIp.id)).toMatchObject({ action: 'update' });
    expect(imported.events.filter((e) => e.assetId === byIp.id).map((e) => e.kind)).toContain('addresses-changed');
  });

  it.skipIf(!haveFixtures)('leaves out loopback-only devices with the reason', async () => {
    const result = analyse(MODBUS, 'modbus.pcap');
    const imported = await importDiscovery(h.store, result, { scope: ORG });
    const skipped = imported.devices.filter((d) => d.action === 'skipped');
    expect(skipped).toEqual([expect.objectContaining({ device: result.devices.find((d) => d.ips.includes('127.0.0.1'))!.id, reason: expect.stringContaining('loopback') })]);
    expect(imported.report.created).toBe(result.devices.length - 1);
  });
});

it('maps discovery kinds and device values onto inventory records', () => {
  expect(inventoryKind('plc')).toBe('plc');
  expect(inventoryKind('io')).toBe('other');
  expect(inventoryKind('unknown')).toBeUndefined();
  expect(captureSourceName({ captures: [{ name: '/tmp/a/x.pcap' }, { name: 'y.pcapng' }] as never })).toBe('x.pcap, y.pcapng');
  const issues: { message: string }[] = [];
  const built = deviceToRecord(
    {
      id: 'dev-1', ips: ['10.0.0.5', '224.0.0.1'], macs: ['00:11:22:33:44:55'], macVendor: null, vendor: 'Acme\u0001', model: 'X1', firmware: '1.0', serial: null,
      hostname: null, hardware: null, confidence: {}, kind: 'unknown', kindReason: '', protocols: [], roles: [], identity: {}, evidence: [], firstSeen: null, lastSeen: null,
    },
    1,
    issues,
  );
  expect(built).toEqual({ record: { line: 1, facts: { name: 'X1 10.0.0.5', model: 'X1', firmware: '1.0', ips: ['10.0.0.5'], macs: ['00:11:22:33:44:55'] } } });
  expect(issues).toEqual([expect.objectContaining({ code: 'control-characters', pointer: '/devices/0/vendor' })]);
});
