/** Link-layer decoding: Ethernet (802.1Q/QinQ, 802.3 LLC/SNAP), Linux SLL/SLL2, BSD null/loop, raw IP. */
import { macAt } from '../bytes.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
/** Pseudo EtherType for Cisco CDP, which travels in 802.3 LLC/SNAP (OUI 00:00:0c, PID 0x2000). */
export const ETHERTYPE_CDP = 0x12000;
/** Pseudo EtherType for other 802.3 LLC frames (STP and friends), which are not dissected. */
export const ETHERTYPE_LLC = 0x10000;

export interface LinkFrame {
  srcMac: number | undefined;
  dstMac: number | undefined;
  etherType: number;
  vlans: number[] | undefined;
  payload: Uint8Array;
}

export type LinkResult = LinkFrame | { error: string };

export function decodeLink(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case 1:
      return decodeEthernet(data);
    case 113:
      return decodeSll(data);
    case 276:
      return decodeSll2(data);
    case 0:
    case 108:
      return decodeLoopback(data, linkType === 108);
    case 12:
    case 14:
    case 101:
      return rawIp(data);
    case 228:
      return frame(undefined, undefined, ETHERTYPE_IPV4, data);
    case 229:
      return frame(undefined, undefined, ETHERTYPE_IPV6, data);
    default:
      return { error: `link type ${linkType} is not decoded` };
  }
}

function frame(srcMac: number | undefined, dstMac: number | undefined, etherType: number, payload: Uint8Array, vlans?: number[]): LinkFrame {
  return { srcMac, dstMac, etherType, vlans, payload };
}

function decodeEthernet(b: Uint8Array): LinkResult {
  if (b.length < 14) return { error: `Ethernet header needs 14 bytes, ${b.length} captured` };
  const dstMac = macAt(b, 0);
  const srcMac = macAt(b, 6);
  let o = 12;
  let type = ((b[o] as number) << 8) | (b[o + 1] as number);
  let vlans: number[] | undefined;
  // 802.1Q, 802.1ad (QinQ) and the old 0x9100 tag, nested.
  while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
    if (b.length < o + 6) return { error: 'VLAN tag is truncated' };
    (vlans ??= []).push((((b[o + 2] as number) << 8) | (b[o + 3] as number)) & 0x0fff);
    o += 4;
    type = ((b[o] as number) << 8) | (b[o + 1] as number);
  }
  o += 2;
  if (type <= 1500) return decodeLlc(srcMac, dstMac, b.subarray(o, Math.min(b.length, o + type)), vlans);
  return frame(srcMac, dstMac, type, b.subarray(o), vlans);
}

function decodeLlc(srcMac: number, dstMac: number, llc: Uint8Array, vlans: number[] | undefined): LinkResult {
  if (llc.length >= 8 && llc[0] === 0xaa && llc[1] === 0xaa && llc[2] === 0x03) {
    const oui = ((llc[3] as number) << 16) | ((llc[4] as number) << 8) | (llc[5] as number);
    const pid = ((llc[6] as number) << 8) | (llc[7] as number);
    if (oui === 0x00000c && pid === 0x2000) return frame(srcMac, dstMac, ETHERTYPE_CDP, llc.subarray(8), vlans);
    if (oui === 0) return frame(srcMac, dstMac, pid, llc.subarray(8), vlans); // RFC 1042 encapsulation
  }
  return frame(srcMac, dstMac, ETHERTYPE_LLC, llc, vlans);
}

function decodeSll(b: Uint8Array): LinkResult {
  if (b.length < 16) return { error: `Linux cooked (SLL) header needs 16 bytes, ${b.length} captured` };
  const hardware = ((b[2] as number) << 8) | (b[3] as number);
  const addressLength = ((b[4] as number) << 8) | (b[5] as number);
  const srcMac = hardware === 1 && addressLength === 6 ? macAt(b, 6) : undefined;
  return frame(srcMac, undefined, ((b[14] as number) << 8) | (b[15] as number), b.subarray(16));
}

function decodeSll2(b: Uint8Array): LinkResult {
  if (b.length < 20) return { error: `Linux cooked (SLL2) header needs 20 bytes, ${b.length} captured` };
  const hardware = ((b[8] as number) << 8) | (b[9] as number);
  const addressLength = b[11] as number;
  const srcMac = hardware === 1 && addressLength === 6 ? macAt(b, 12) : undefined;
  return frame(srcMac, undefined, ((b[0] as number) << 8) | (b[1] as number), b.subarray(20));
}

function decodeLoopback(b: Uint8Array, networkOrder: boolean): LinkResult {
  if (b.length < 4) return { error: 'loopback header is truncated' };
  // DLT_NULL stores the address family in the capturing host's byte order: guess it.
  const le = (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24);
  const be = ((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number);
  const family = networkOrder ? be : (le & 0xffff0000) === 0 ? le : be;
  if (family === 2) return frame(undefined, undefined, ETHERTYPE_IPV4, b.subarray(4));
  if (family === 24 || family === 28 || family === 30 || family === 10) return frame(undefined, undefined, ETHERTYPE_IPV6, b.subarray(4));
  return { error: `loopback address family ${family} is not decoded` };
}

function rawIp(b: Uint8Array): LinkResult {
  const version = (b[0] ?? 0) >> 4;
  if (version === 4) return frame(undefined, undefined, ETHERTYPE_IPV4, b);
  if (version === 6) return frame(undefined, undefined, ETHERTYPE_IPV6, b);
  return { error: `raw IP packet has version ${version}` };
}
