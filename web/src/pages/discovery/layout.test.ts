import { describe, expect, it } from 'vitest';
import { compareAddresses, layoutNetwork, subnetOf } from './layout';
import type { Device, Flow } from './types';

function device(id: string, ips: string[], macs: string[] = [], extra: Partial<Device> = {}): Device {
  return {
    id, ips, macs, macVendor: null, vendor: null, model: null, firmware: null, serial: null, hostname: null, hardware: null, confidence: {},
    kind: 'plc', kindReason: '', protocols: [], roles: [], identity: {}, evidence: [], firstSeen: null, lastSeen: null, ...extra,
  };
}
function flow(client: string, server: string, protocol: string, operations: Flow['operations'] = []): Flow {
  return { client, server, protocol, transport: 'tcp', port: 502, packets: 10, bytes: 600, first: '2024-01-01T00:00:00Z', last: '2024-01-01T00:01:00Z', operations, functions: [] };
}

describe('network map layout', () => {
  it('groups devices by inventory zone, else /24 subnet, else layer 2, and draws one edge per client, server and protocol', () => {
    const devices = [
      device('plc', ['10.0.1.20'], ['00:1b:1b:00:00:01'], { hostname: 'PLC-1' }),
      device('hmi', ['10.0.1.5'], [], { kind: 'hmi' }),
      device('ews', ['10.0.2.7'], [], { kind: 'ews' }),
      device('io', [], ['00:0e:8c:00:00:02'], { kind: 'io' }),
    ];
    const flows = [
      flow('10.0.1.5', '10.0.1.20', 'modbus', ['read']),
      flow('10.0.1.5', '10.0.1.20', 'modbus', ['write']),
      flow('10.0.2.7', '10.0.1.20', 's7comm', ['program-download']),
      flow('10.0.2.7', '10.0.1.20', 'http'),
      flow('10.0.1.5', '10.0.1.255', 'bacnet'),
      flow('10.0.1.5', '10.0.9.9', 'opcua', ['read']),
    ];
    const layout = layoutNetwork(devices, flows, (d) => (d.id === 'ews' ? { zone: 'Engineering', site: 'Plant' } : null));
    expect(layout.groups.map((g) => [g.id, g.source])).toEqual([
      ['Plant › Engineering', 'zone'],
      ['10.0.1.0/24', 'subnet'],
      ['10.0.9.0/24', 'subnet'],
      ['layer 2', 'layer2'],
    ]);
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['addr-10.0.9.9', 'ews', 'hmi', 'io', 'plc']);
    expect(layout.nodes.find((n) => n.id === 'addr-10.0.9.9')).toMatchObject({ device: false, sublabel: 'not identified' });
    const edges = layout.edges.map((e) => ({ id: e.id, risky: e.risky, operations: e.operations, lane: e.lane }));
    expect(edges).toEqual([
      { id: 'ews|plc|http', risky: false, operations: [], lane: 0 },
      { id: 'ews|plc|s7comm', risky: true, operations: ['program-download'], lane: 1 },
      { id: 'hmi|addr-10.0.9.9|opcua', risky: false, operations: ['read'], lane: 0 },
      { id: 'hmi|plc|modbus', risky: true, operations: ['read', 'write'], lane: 0 },
    ]);
    expect(layout.protocols).toEqual(['http', 'modbus', 'opcua', 's7comm']);
    // Nodes sit inside their group's box.
    for (const n of layout.nodes) {
      const g = layout.groups.find((x) => x.id === n.group)!;
      expect(n.x).toBeGreaterThan(g.x);
      expect(n.x).toBeLessThan(g.x + g.width);
      expect(n.y).toBeGreaterThan(g.y);
      expect(n.y).toBeLessThan(g.y + g.height);
    }
    // Deterministic: the same input gives the same picture.
    expect(layoutNetwork(devices, flows, (d) => (d.id === 'ews' ? { zone: 'Engineering', site: 'Plant' } : null))).toEqual(layout);
  });

  it('derives subnets and orders addresses numerically', () => {
    expect(subnetOf('192.168.1.40')).toBe('192.168.1.0/24');
    expect(subnetOf('fe80::1:2:3:4')).toBe('fe80::1:2::/64');
    expect(['10.0.0.10', '10.0.0.9', 'layer 2'].sort(compareAddresses)).toEqual(['10.0.0.9', '10.0.0.10', 'layer 2']);
  });
});
