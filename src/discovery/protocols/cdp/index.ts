/** Cisco Discovery Protocol (802.3 SNAP, PID 0x2000): device id, addresses, platform, software, capabilities. */
import { ipv4At, text, u16be, u32be, u8 } from '../../bytes.js';
import { ETHERTYPE_CDP } from '../../decode/link.js';
import type { DissectContext, Dissector } from '../dissector.js';

const CAPABILITIES = ['router', 'transparent-bridge', 'source-route-bridge', 'switch', 'host', 'igmp', 'repeater'];

export const cdp: Dissector = {
  name: 'cdp',
  etherTypes: [ETHERTYPE_CDP],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    ctx.identity('src', 'cdpVersion', u8(pdu, 0, 'CDP version'));
    let o = 4;
    for (let guard = 0; o + 4 <= pdu.length && guard < 256; guard++) {
      const type = u16be(pdu, o, 'CDP TLV type');
      const length = u16be(pdu, o + 2, 'CDP TLV length');
      if (length < 4 || o + length > pdu.length) {
        ctx.problem('bad-cdp-tlv', `CDP TLV 0x${type.toString(16)} length ${length} is not within the frame`);
        return;
      }
      const v = o + 4;
      const n = length - 4;
      if (type === 0x0001) ctx.identity('src', 'deviceId', text(pdu, v, n, 'device id'), 'hostname', 0.8);
      else if (type === 0x0002) addresses(pdu, v, v + n, ctx);
      else if (type === 0x0003) ctx.identity('src', 'portId', text(pdu, v, n, 'port id'));
      else if (type === 0x0004) {
        const bits = u32be(pdu, v, 'capabilities');
        ctx.identity('src', 'capabilities', CAPABILITIES.filter((_, bit) => bits & (1 << bit)).join(','));
      } else if (type === 0x0005) {
        const software = text(pdu, v, n, 'software version');
        ctx.identity('src', 'softwareVersion', software);
        const version = /Version\s+([^,\s]+)/i.exec(software);
        if (version) ctx.identity('src', 'firmware', version[1] as string, 'firmware', 0.7);
        if (/cisco/i.test(software)) ctx.identity('src', 'vendor', 'Cisco', 'vendor', 0.7);
      } else if (type === 0x0006) ctx.identity('src', 'platform', text(pdu, v, n, 'platform'), 'model', 0.8);
      o += length;
    }
  },
};

/** Address TLV: count, then {protocol type, protocol length, protocol, address length, address}. */
function addresses(b: Uint8Array, o: number, end: number, ctx: DissectContext): void {
  const count = u32be(b, o, 'address count');
  o += 4;
  for (let i = 0; i < count && o < end && i < 16; i++) {
    const protocolLength = u8(b, o + 1, 'protocol length');
    const protocol = u8(b, o + 2, 'protocol');
    const addressLength = u16be(b, o + 2 + protocolLength, 'address length');
    const address = o + 4 + protocolLength;
    if (protocolLength === 1 && protocol === 0xcc && addressLength === 4) ctx.bind(ipv4At(b, address));
    o = address + addressLength;
  }
}
