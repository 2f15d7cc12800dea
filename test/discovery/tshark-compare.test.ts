/**
 * Oracle test: every capture in the shared fixtures is analysed by analyseCapture and by
 * `tshark -T fields`, and the identity fields both extract must agree. A disagreement fails
 * unless it is explained here. Skipped (with a message) only when tshark is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/discovery/index.js';
import type { Device, DiscoveryResult } from '../../src/discovery/index.js';
import { fixture, haveFixtures } from '../support/fixtures.js';

const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const captureDir = fixture('pcap');
const captures = haveFixtures && existsSync(captureDir) ? findCaptures(captureDir) : [];

function findCaptures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findCaptures(path);
    return /\.(pcap|pcapng|cap)$/.test(name) ? [path] : [];
  });
}

/** Rows of `tshark -T fields`; several occurrences of a field are joined with `~`. */
function tshark(file: string, filter: string, fields: string[]): string[][] {
  const out = execFileSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=~', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

function deviceWith(result: DiscoveryResult, address: string): Device | undefined {
  return result.devices.find((d) => d.ips.includes(address) || d.macs.includes(address.toLowerCase()));
}

/** All values of one protocol's identity fields on the device that has `address`. */
function identityValues(result: DiscoveryResult, address: string, protocol: string, fields: string[]): Set<string> {
  const identity = deviceWith(result, address)?.identity[protocol] ?? {};
  return new Set(fields.flatMap((f) => (identity[f] ?? '').split(' | ')).filter((v) => v !== ''));
}

const split = (cell: string | undefined): string[] => (cell ?? '').split('~').map((v) => v.trim()).filter((v) => v !== '');

interface Comparison {
  protocol: string;
  /** The tshark dissector (a `frame.protocols` name) without which the filter cannot match. */
  dissector: string;
  filter: string;
  fields: string[];
  /** Returns a list of disagreements for one tshark row. */
  check(row: string[], result: DiscoveryResult): string[];
}

const comparisons: Comparison[] = [
  {
    protocol: 'modbus',
    filter: 'modbus.object_str_value',
    dissector: 'modbus',
    fields: ['ip.src', 'modbus.object_str_value'],
    check: ([ip, values], result) => {
      const ours = identityValues(result, ip as string, 'modbus', ['vendorName', 'productCode', 'revision', 'vendorUrl', 'productName', 'modelName', 'userApplicationName']);
      return split(values).filter((v) => !ours.has(v)).map((v) => `modbus object "${v}" of ${ip} missing`);
    },
  },
  {
    protocol: 'modbus',
    filter: 'mbtcp',
    dissector: 'mbtcp',
    fields: ['ip.src', 'ip.dst', 'tcp.srcport', 'mbtcp.unit_id'],
    check: ([src, dst, sport, units], result) => {
      const server = sport === '502' ? src : dst;
      const ours = identityValues(result, server as string, 'modbus', ['unitIds']);
      // We keep at most 16 distinct unit ids per device (bounded memory); past that none can be missing.
      if (ours.size >= 16) return [];
      return split(units).filter((u) => !ours.has(u)).map((u) => `modbus unit id ${u} of ${server} missing`);
    },
  },
  {
    protocol: 'enip',
    filter: 'enip.lir.name',
    dissector: 'enip',
    fields: ['ip.src', 'enip.lir.vendor', 'enip.lir.serial', 'enip.lir.name', 'enip.lir.prodcode'],
    check: ([ip, vendor, serial, name, productCode], result) => {
      const identity = deviceWith(result, ip as string)?.identity.enip ?? {};
      const problems: string[] = [];
      if (identity.vendorId !== String(parseInt(vendor as string, 16))) problems.push(`enip vendor of ${ip}: tshark ${vendor}, ours ${identity.vendorId}`);
      if (identity.serial !== serial) problems.push(`enip serial of ${ip}: tshark ${serial}, ours ${identity.serial}`);
      if (identity.productName !== name) problems.push(`enip name of ${ip}: tshark ${name}, ours ${identity.productName}`);
      if (identity.productCode !== productCode) problems.push(`enip product code of ${ip}: tshark ${productCode}, ours ${identity.productCode}`);
      return problems;
    },
  },
  {
    protocol: 's7comm',
    filter: 's7comm.szl.xy11.0001.anz || s7comm.szl.001c.0005.serialn || s7comm.szl.001c.0007.cputypname',
    dissector: 's7comm',
    fields: ['ip.src', 's7comm.szl.xy11.0001.anz', 's7comm.szl.001c.0005.serialn', 's7comm.szl.001c.0007.cputypname'],
    check: ([ip, orderNumbers, serial, typeName], result) => {
      const ours = [...identityValues(result, ip as string, 's7comm', ['orderNumber', 'hardwareOrderNumber', 'firmwareExtension', 'serialNumber', 'moduleTypeName'])];
      const expected = [...split(orderNumbers), ...split(serial), ...split(typeName)];
      // Our firmware-extension value adds the version after the name ("Boot Loader A32.9.9").
      return expected.filter((v) => !ours.some((o) => o === v || o.startsWith(`${v} `))).map((v) => `s7comm value "${v}" of ${ip} missing`);
    },
  },
  {
    protocol: 'bacnet',
    filter: 'bacapp.unconfirmed_service == 0 && !(bvlc.function == 0x04)',
    dissector: 'bacapp',
    fields: ['ip.src', 'bacapp.instance_number', 'bacapp.vendor_identifier'],
    check: ([ip, instance, vendor], result) => {
      const identity = deviceWith(result, ip as string)?.identity.bacnet ?? {};
      const problems: string[] = [];
      if (!(identity.deviceInstance ?? '').split(' | ').includes(instance as string)) problems.push(`bacnet instance ${instance} of ${ip} missing`);
      if (!(identity.vendorId ?? '').split(' | ').includes(vendor as string)) problems.push(`bacnet vendor ${vendor} of ${ip} missing`);
      return problems;
    },
  },
  {
    protocol: 'dnp3',
    filter: 'dnp3',
    dissector: 'dnp3',
    fields: ['ip.src', 'dnp3.src', 'dnp3.ctl.dir'],
    check: ([ip, sources, directions], result) => {
      const ours = identityValues(result, ip as string, 'dnp3', ['masterAddress', 'outstationAddress']);
      const dirs = split(directions);
      return split(sources)
        .filter((s, i) => !ours.has(s) && dirs[i] !== undefined)
        .map((s) => `dnp3 link address ${s} of ${ip} missing`);
    },
  },
  {
    protocol: 'iec104',
    filter: 'iec60870_asdu',
    dissector: 'iec60870_asdu',
    fields: ['ip.src', 'ip.dst', 'tcp.srcport', 'iec60870_asdu.addr'],
    check: ([src, dst, sport, addresses], result) => {
      const station = sport === '2404' ? src : dst;
      const ours = identityValues(result, station as string, 'iec104', ['commonAddress']);
      return split(addresses).filter((a) => !ours.has(a)).map((a) => `iec104 common address ${a} of ${station} missing`);
    },
  },
  {
    protocol: 'opcua',
    filter: 'opcua.ApplicationUri',
    dissector: 'opcua',
    fields: ['ip.src', 'opcua.ApplicationUri'],
    check: ([ip, uris], result) => {
      const ours = identityValues(result, ip as string, 'opcua', ['applicationUri', 'discoveredServers']);
      return split(uris).filter((u) => !ours.has(u)).map((u) => `opcua application URI ${u} of ${ip} missing`);
    },
  },
  {
    protocol: 'profinet-dcp',
    filter: 'pn_dcp.suboption_device_nameofstation && pn_dcp.service_type == 1',
    dissector: 'pn_dcp',
    fields: ['eth.src', 'pn_dcp.suboption_device_nameofstation'],
    check: ([mac, names], result) => {
      const ours = identityValues(result, mac as string, 'profinet-dcp', ['nameOfStation']);
      return split(names).filter((n) => !ours.has(n)).map((n) => `DCP name of station ${n} of ${mac} missing`);
    },
  },
  {
    protocol: 'lldp',
    filter: 'lldp.tlv.system.name',
    dissector: 'lldp',
    fields: ['eth.src', 'lldp.tlv.system.name'],
    check: ([mac, names], result) => {
      const ours = identityValues(result, mac as string, 'lldp', ['systemName']);
      return split(names).filter((n) => !ours.has(n)).map((n) => `LLDP system name ${n} of ${mac} missing`);
    },
  },
];

/** The dissectors tshark applies anywhere in a capture: one tshark start instead of one per comparison. */
function dissectorsIn(file: string): Set<string> {
  return new Set(tshark(file, 'frame', ['frame.protocols']).flatMap(([protocols]) => (protocols ?? '').split(':')));
}

describe.skipIf(!haveTshark || captures.length === 0)('identity fields agree with tshark', () => {
  if (!haveTshark) console.warn('tshark-compare: tshark is not installed; skipping the oracle comparison');
  const appliedSomewhere = new Set<Comparison>();
  for (const file of captures) {
    const name = relative(captureDir, file);
    it(name, async () => {
      const result = await analyseCapture(createReadStream(file), { name });
      expect(result.captures[0]?.complete, `${name} read completely`).toBe(true);
      const disagreements: string[] = [];
      let compared = 0;
      const dissectors = dissectorsIn(file);
      for (const comparison of comparisons.filter((c) => dissectors.has(c.dissector))) {
        appliedSomewhere.add(comparison);
        for (const row of tshark(file, comparison.filter, comparison.fields)) {
          compared++;
          disagreements.push(...comparison.check(row, result));
        }
      }
      expect([...new Set(disagreements)]).toEqual([]);
      // Captures of identity-bearing protocols must actually have been compared.
      if (/modbus|enip|s7comm\/|bacnet|dnp3|iec104|opcua/.test(name)) expect(compared, `${name}: tshark rows compared`).toBeGreaterThan(0);
    });
  }
  // A misspelt dissector name would skip its comparison everywhere without this.
  it('applied every comparison to at least one capture', () => {
    expect(comparisons.filter((c) => !appliedSomewhere.has(c)).map((c) => `${c.protocol}: ${c.filter}`)).toEqual([]);
  });
});

describe.skipIf(haveTshark && captures.length > 0)('tshark comparison', () => {
  it('is skipped', () => {
    console.warn(`tshark-compare skipped: ${haveTshark ? 'no fixture captures found' : 'tshark is not installed'}`);
  });
});
