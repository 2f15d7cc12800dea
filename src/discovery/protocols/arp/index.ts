/** ARP (EtherType 0x0806): the sender's MAC↔IP binding, which is what lets devices be joined across layers. */
import { ipv4At, macAt, u16be } from '../../bytes.js';
import { ETHERTYPE_ARP } from '../../decode/link.js';
import type { DissectContext, Dissector } from '../dissector.js';

export const arp: Dissector = {
  name: 'arp',
  etherTypes: [ETHERTYPE_ARP],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const hardware = u16be(pdu, 0, 'ARP hardware type');
    const protocol = u16be(pdu, 2, 'ARP protocol type');
    if (hardware !== 1 || protocol !== 0x0800 || pdu[4] !== 6 || pdu[5] !== 4) return; // only Ethernet/IPv4
    const operation = u16be(pdu, 6, 'ARP operation');
    const senderMac = macAt(pdu, 8);
    const senderIp = ipv4At(pdu, 14);
    ctx.operation(undefined, operation === 1 ? 'request' : operation === 2 ? 'reply' : `operation-${operation}`);
    if (senderIp === '0.0.0.0') return; // ARP probe (RFC 5227): no address yet
    ctx.bind(senderIp, senderMac);
    ctx.identity({ mac: senderMac }, 'ip', senderIp);
  },
};
