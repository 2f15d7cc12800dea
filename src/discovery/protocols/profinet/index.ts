/**
 * PROFINET on EtherType 0x8892: DCP (Identify/Hello/Get/Set: name of station, vendor and device
 * id, role, IP) and the cyclic real-time frames (counted as `profinet-rt`).
 */
import { ipv4At, text, u16be, u8 } from '../../bytes.js';
import type { DissectContext, Dissector } from '../dissector.js';

export const ETHERTYPE_PROFINET = 0x8892;
/** PROFINET vendor ids (PI vendor list) that are common in plants; others are shown as numbers. */
const VENDORS: ReadonlyMap<number, string> = new Map([[0x002a, 'Siemens']]);
const SERVICES: ReadonlyMap<number, string> = new Map([
  [3, 'get'],
  [4, 'set'],
  [5, 'identify'],
  [6, 'hello'],
]);
const ROLES = ['IO-Device', 'IO-Controller', 'IO-Multidevice', 'PN-Supervisor'];

export const profinet: Dissector = {
  name: 'profinet-dcp',
  etherTypes: [ETHERTYPE_PROFINET],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const frameId = u16be(pdu, 0, 'PROFINET frame id');
    if (frameId < 0xfefc) {
      ctx.protocol('profinet-rt');
      return;
    }
    ctx.protocol('profinet-dcp');
    const service = u8(pdu, 2, 'DCP service id');
    const serviceType = u8(pdu, 3, 'DCP service type');
    const dataLength = u16be(pdu, 10, 'DCP data length');
    if (12 + dataLength > pdu.length) {
      ctx.problem('bad-dcp-length', `DCP data length ${dataLength} exceeds the ${pdu.length - 12} bytes present`);
      return;
    }
    const isResponse = (serviceType & 0x01) === 1;
    const name = SERVICES.get(service) ?? `service-${service}`;
    if (!isResponse) {
      ctx.operation(service === 4 ? 'configuration' : service === 5 || service === 3 ? 'read' : undefined, `dcp-${name}`);
      if (service !== 6) return; // Hello is sent by the device itself and carries its blocks
    }
    blocks(pdu.subarray(12, 12 + dataLength), ctx, isResponse || service === 6);
  },
};

function blocks(b: Uint8Array, ctx: DissectContext, withBlockInfo: boolean): void {
  let o = 0;
  while (o + 4 <= b.length) {
    const option = u8(b, o, 'DCP option');
    const suboption = u8(b, o + 1, 'DCP suboption');
    const length = u16be(b, o + 2, 'DCP block length');
    if (o + 4 + length > b.length) {
      ctx.problem('bad-dcp-block', `DCP block ${option}/${suboption} length ${length} runs past the data`);
      return;
    }
    const info = withBlockInfo ? 2 : 0;
    const start = o + 4 + info;
    const valueLength = length - info;
    if (valueLength >= 0) block(b, option, suboption, start, valueLength, ctx);
    o += 4 + length + (length % 2);
  }
}

function block(b: Uint8Array, option: number, suboption: number, o: number, length: number, ctx: DissectContext): void {
  const key = (option << 8) | suboption;
  switch (key) {
    case 0x0102: {
      if (length < 12) return;
      const ip = ipv4At(b, o);
      ctx.identity('src', 'ip', ip);
      ctx.identity('src', 'subnetMask', ipv4At(b, o + 4));
      ctx.identity('src', 'gateway', ipv4At(b, o + 8));
      if (ip !== '0.0.0.0') ctx.bind(ip);
      return;
    }
    case 0x0201:
      ctx.identity('src', 'typeOfStation', text(b, o, length, 'type of station'), 'model', 0.7);
      return;
    case 0x0202:
      ctx.identity('src', 'nameOfStation', text(b, o, length, 'name of station'), 'hostname', 0.8);
      return;
    case 0x0203: {
      const vendorId = u16be(b, o, 'DCP vendor id');
      ctx.identity('src', 'vendorId', `0x${vendorId.toString(16).padStart(4, '0')}`);
      ctx.identity('src', 'deviceId', `0x${u16be(b, o + 2, 'DCP device id').toString(16).padStart(4, '0')}`);
      const vendor = VENDORS.get(vendorId);
      if (vendor) ctx.identity('src', 'vendor', vendor, 'vendor', 0.85);
      return;
    }
    case 0x0204: {
      const role = u8(b, o, 'DCP device role');
      const names = ROLES.filter((_, bit) => role & (1 << bit));
      ctx.identity('src', 'role', names.join(', ') || `0x${role.toString(16)}`);
      return;
    }
    case 0x0206:
      ctx.identity('src', 'aliasName', text(b, o, length, 'alias name'));
      return;
    case 0x0207:
      ctx.identity('src', 'instance', `${u8(b, o, 'instance high')}.${u8(b, o + 1, 'instance low')}`);
      return;
    case 0x0208:
      ctx.identity('src', 'oemVendorId', `0x${u16be(b, o, 'OEM vendor id').toString(16).padStart(4, '0')}`);
      ctx.identity('src', 'oemDeviceId', `0x${u16be(b, o + 2, 'OEM device id').toString(16).padStart(4, '0')}`);
      return;
    default:
      return;
  }
}
