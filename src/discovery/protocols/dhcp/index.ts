/** DHCP (UDP 67/68): client MAC, host name (option 12 / FQDN 81), vendor class (60), assigned address. */
import { ipv4At, macAt, text, u8 } from '../../bytes.js';
import type { DissectContext, Dissector } from '../dissector.js';

const MESSAGE_TYPES = ['', 'discover', 'offer', 'request', 'decline', 'ack', 'nak', 'release', 'inform'];

export const dhcp: Dissector = {
  name: 'dhcp',
  udpPorts: [67, 68],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const op = u8(pdu, 0, 'BOOTP op');
    if (pdu[1] !== 1 || pdu[2] !== 6) return; // Ethernet hardware addresses only
    const clientMac = macAt(pdu, 28);
    const client = { mac: clientMac };
    const clientIp = ipv4At(pdu, 12);
    const yourIp = ipv4At(pdu, 16);
    if (u8(pdu, 236, 'magic cookie') !== 0x63 || pdu[237] !== 0x82 || pdu[238] !== 0x53 || pdu[239] !== 0x63) {
      ctx.problem('bad-dhcp-cookie', 'BOOTP message without the DHCP magic cookie');
      return;
    }
    let messageType = 0;
    let o = 240;
    for (let guard = 0; o < pdu.length && guard < 256; guard++) {
      const code = pdu[o] as number;
      if (code === 0) {
        o++;
        continue;
      }
      if (code === 255) break;
      const length = u8(pdu, o + 1, 'DHCP option length');
      const v = o + 2;
      if (v + length > pdu.length) {
        ctx.problem('bad-dhcp-option', `DHCP option ${code} length ${length} runs past the message`);
        return;
      }
      if (code === 53 && length >= 1) messageType = pdu[v] as number;
      else if (code === 12 && op === 1) ctx.identity(client, 'hostName', text(pdu, v, length, 'host name'), 'hostname', 0.7);
      else if (code === 60 && op === 1) ctx.identity(client, 'vendorClass', text(pdu, v, length, 'vendor class'));
      else if (code === 81 && op === 1 && length > 3) ctx.identity(client, 'fqdn', text(pdu, v + 3, length - 3, 'client FQDN'));
      else if (code === 54 && length === 4 && op === 2) ctx.identity('src', 'dhcpServer', ipv4At(pdu, v));
      o = v + length;
    }
    ctx.operation(undefined, MESSAGE_TYPES[messageType] ?? `message-${messageType}`);
    if (op === 1) ctx.serverIs('dst');
    else ctx.serverIs('src');
    if (clientIp !== '0.0.0.0') ctx.bind(clientIp, clientMac);
    if (op === 2 && messageType === 5 && yourIp !== '0.0.0.0') ctx.bind(yourIp, clientMac);
  },
};
