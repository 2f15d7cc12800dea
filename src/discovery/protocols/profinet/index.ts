/**
 * PROFINET on EtherType 0x8892: DCP (Identify/Hello/Get/Set: name of station, vendor and device
 * id, role, IP) and the cyclic real-time frames (counted as `profinet-rt`).
 */
import { ByteWindow } from '../../bytes.js';
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
    frame(frameWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    frame(frameWindow.of(bytes, start, end), ctx);
  },
};

/** The frame being dissected and its DCP data, read in place (dissection is not re-entrant). */
const frameWindow = new ByteWindow();
const dataWindow = new ByteWindow();

function frame(pdu: ByteWindow, ctx: DissectContext): void {
  const frameId = pdu.u16be(0, 'PROFINET frame id');
  if (frameId < 0xfefc) {
    ctx.protocol('profinet-rt');
    return;
  }
  ctx.protocol('profinet-dcp');
  const service = pdu.u8(2, 'DCP service id');
  const serviceType = pdu.u8(3, 'DCP service type');
  const dataLength = pdu.u16be(10, 'DCP data length');
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
  blocks(dataWindow.sub(pdu, 12, 12 + dataLength), ctx, isResponse || service === 6);
}

function blocks(b: ByteWindow, ctx: DissectContext, withBlockInfo: boolean): void {
  let o = 0;
  while (o + 4 <= b.length) {
    const option = b.u8(o, 'DCP option');
    const suboption = b.u8(o + 1, 'DCP suboption');
    const length = b.u16be(o + 2, 'DCP block length');
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

function block(b: ByteWindow, option: number, suboption: number, o: number, length: number, ctx: DissectContext): void {
  const key = (option << 8) | suboption;
  switch (key) {
    case 0x0102: {
      if (length < 12) return;
      const ip = b.ipv4(o);
      ctx.identity('src', 'ip', ip);
      ctx.identity('src', 'subnetMask', b.ipv4(o + 4));
      ctx.identity('src', 'gateway', b.ipv4(o + 8));
      if (ip !== '0.0.0.0') ctx.bind(ip);
      return;
    }
    case 0x0201:
      ctx.identity('src', 'typeOfStation', b.text(o, length, 'type of station'), 'model', 0.7);
      return;
    case 0x0202:
      ctx.identity('src', 'nameOfStation', b.text(o, length, 'name of station'), 'hostname', 0.8);
      return;
    case 0x0203: {
      const vendorId = b.u16be(o, 'DCP vendor id');
      ctx.identity('src', 'vendorId', `0x${vendorId.toString(16).padStart(4, '0')}`);
      ctx.identity('src', 'deviceId', `0x${b.u16be(o + 2, 'DCP device id').toString(16).padStart(4, '0')}`);
      const vendor = VENDORS.get(vendorId);
      if (vendor) ctx.identity('src', 'vendor', vendor, 'vendor', 0.85);
      return;
    }
    case 0x0204: {
      const role = b.u8(o, 'DCP device role');
      const names = ROLES.filter((_, bit) => role & (1 << bit));
      ctx.identity('src', 'role', names.join(', ') || `0x${role.toString(16)}`);
      return;
    }
    case 0x0206:
      ctx.identity('src', 'aliasName', b.text(o, length, 'alias name'));
      return;
    case 0x0207:
      ctx.identity('src', 'instance', `${b.u8(o, 'instance high')}.${b.u8(o + 1, 'instance low')}`);
      return;
    case 0x0208:
      ctx.identity('src', 'oemVendorId', `0x${b.u16be(o, 'OEM vendor id').toString(16).padStart(4, '0')}`);
      ctx.identity('src', 'oemDeviceId', `0x${b.u16be(o + 2, 'OEM device id').toString(16).padStart(4, '0')}`);
      return;
    default:
      return;
  }
}
