/** LLDP (IEEE 802.1AB, EtherType 0x88CC): chassis, port, system name/description, capabilities, management address. */
import { ByteWindow, macString } from '../../bytes.js';
import type { DissectContext, Dissector } from '../dissector.js';
import { describeSystem } from '../system-description.js';

export const ETHERTYPE_LLDP = 0x88cc;
const CAPABILITIES = ['other', 'repeater', 'bridge', 'wlan-access-point', 'router', 'telephone', 'docsis', 'station'];
/** `subtype 0` … `subtype 255`, made once rather than per advertisement. */
const PROFINET_SUBTYPES = Array.from({ length: 256 }, (_, i) => `subtype ${i}`);
/** Capability lists by the 8 bits that name them (switches advertise the same set every few seconds). */
const capabilityLists: string[] = [];

function capabilityNames(enabled: number): string {
  const bits = enabled & 0xff;
  let names = capabilityLists[bits];
  if (names === undefined) {
    names = '';
    for (let bit = 0; bit < CAPABILITIES.length; bit++) if (bits & (1 << bit)) names += (names ? ',' : '') + (CAPABILITIES[bit] as string);
    capabilityLists[bits] = names;
  }
  return names;
}

export const lldp: Dissector = {
  name: 'lldp',
  etherTypes: [ETHERTYPE_LLDP],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    tlvs(frameWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    tlvs(frameWindow.of(bytes, start, end), ctx);
  },
};

/** The LLDPDU being dissected, read in place (dissection is not re-entrant). */
const frameWindow = new ByteWindow();

function tlvs(pdu: ByteWindow, ctx: DissectContext): void {
  let o = 0;
  for (let guard = 0; o + 2 <= pdu.length && guard < 256; guard++) {
    const header = pdu.u16be(o, 'LLDP TLV header');
    const type = header >> 9;
    const length = header & 0x1ff;
    const v = o + 2;
    if (v + length > pdu.length) {
      ctx.problem('bad-lldp-tlv', `LLDP TLV type ${type} length ${length} runs past the frame`);
      return;
    }
    if (type === 0) return;
    tlv(pdu, type, v, length, ctx);
    o = v + length;
  }
}

function tlv(b: ByteWindow, type: number, o: number, length: number, ctx: DissectContext): void {
  switch (type) {
    case 1: {
      const subtype = b.u8(o, 'chassis id subtype');
      if (subtype === 4 && length === 7) ctx.identity('src', 'chassisMac', macString(b.mac(o + 1)));
      else if (subtype === 5 && length >= 6 && b.at(o + 1) === 1) ctx.bind(b.ipv4(o + 2));
      else if (subtype === 7 || subtype === 1 || subtype === 2) ctx.identity('src', 'chassisId', b.text(o + 1, length - 1, 'chassis id'));
      else ctx.identity('src', 'chassisId', b.hex(o + 1, o + length));
      return;
    }
    case 2: {
      const subtype = b.u8(o, 'port id subtype');
      ctx.identity('src', 'portId', subtype === 3 && length === 7 ? macString(b.mac(o + 1)) : b.text(o + 1, length - 1, 'port id'));
      return;
    }
    case 4:
      ctx.identity('src', 'portDescription', b.text(o, length, 'port description'));
      return;
    case 5:
      ctx.identity('src', 'systemName', b.text(o, length, 'system name'), 'hostname', 0.8);
      return;
    case 6: {
      const description = b.text(o, length, 'system description');
      ctx.identity('src', 'systemDescription', description);
      const described = describeSystem(description);
      if (described.vendor) ctx.identity('src', 'vendor', described.vendor, 'vendor', 0.6);
      if (described.model) ctx.identity('src', 'model', described.model, 'model', 0.6);
      if (described.firmware) ctx.identity('src', 'firmware', described.firmware, 'firmware', 0.6);
      return;
    }
    case 7: {
      const names = capabilityNames(b.u16be(o + 2, 'enabled capabilities'));
      if (names) ctx.identity('src', 'capabilities', names);
      return;
    }
    case 8: {
      const addressLength = b.u8(o, 'management address length');
      const subtype = b.u8(o + 1, 'management address subtype');
      if (subtype === 1 && addressLength === 5) ctx.bind(b.ipv4(o + 2));
      return;
    }
    case 127: {
      const oui = (b.u8(o) << 16) | (b.u8(o + 1) << 8) | b.u8(o + 2);
      if (oui === 0x000ecf) ctx.identity('src', 'profinetTlv', PROFINET_SUBTYPES[b.u8(o + 3)] as string);
      return;
    }
    default:
      return;
  }
}
