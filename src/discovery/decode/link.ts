/** Link-layer decoding: Ethernet (802.1Q/QinQ, 802.3 LLC/SNAP), Linux SLL/SLL2, BSD null/loop, raw IP. */

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

/** 48-bit MAC at `o` as a number (the caller has checked the bounds). */
function mac(b: Uint8Array, o: number): number {
  return (b[o] as number) * 0x10000000000 + (b[o + 1] as number) * 0x100000000 + ((((b[o + 2] as number) << 24) | ((b[o + 3] as number) << 16) | ((b[o + 4] as number) << 8) | (b[o + 5] as number)) >>> 0);
}

/**
 * Decodes link headers in place: after `decode` returns undefined, the fields describe the frame
 * and its payload is `bytes[start..end)`; otherwise it returns the error. One decoder is reused
 * for every frame, so the hot path allocates nothing here.
 */
export class LinkDecoder {
  /** MACs as numbers, -1 when the link header has none (always numbers: no allocation per frame). */
  srcMac = -1;
  dstMac = -1;
  etherType = 0;
  /** VLAN ids, outermost first, when the frame was tagged (a new array per tagged frame). */
  vlans: number[] | undefined;
  start = 0;
  end = 0;

  decode(linkType: number, b: Uint8Array, start: number, end: number): string | undefined {
    this.vlans = undefined;
    switch (linkType) {
      case 1:
        return this.ethernet(b, start, end);
      case 113:
        return this.sll(b, start, end);
      case 276:
        return this.sll2(b, start, end);
      case 0:
      case 108:
        return this.loopback(b, start, end, linkType === 108);
      case 12:
      case 14:
      case 101:
        return this.rawIp(b, start, end);
      case 228:
        return this.set(-1, -1, ETHERTYPE_IPV4, start, end);
      case 229:
        return this.set(-1, -1, ETHERTYPE_IPV6, start, end);
      default:
        return `link type ${linkType} is not decoded`;
    }
  }

  private set(srcMac: number, dstMac: number, etherType: number, start: number, end: number): undefined {
    this.srcMac = srcMac;
    this.dstMac = dstMac;
    this.etherType = etherType;
    this.start = start;
    this.end = end;
    return undefined;
  }

  private ethernet(b: Uint8Array, start: number, end: number): string | undefined {
    const length = end - start;
    if (length < 14) return `Ethernet header needs 14 bytes, ${length} captured`;
    const dstMac = mac(b, start);
    const srcMac = mac(b, start + 6);
    let o = start + 12;
    let type = ((b[o] as number) << 8) | (b[o + 1] as number);
    // 802.1Q, 802.1ad (QinQ) and the old 0x9100 tag, nested.
    if (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
      const vlans: number[] = [];
      while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
        if (end < o + 6) return 'VLAN tag is truncated';
        vlans.push((((b[o + 2] as number) << 8) | (b[o + 3] as number)) & 0x0fff);
        o += 4;
        type = ((b[o] as number) << 8) | (b[o + 1] as number);
      }
      this.vlans = vlans;
    }
    o += 2;
    if (type <= 1500) return this.llc(srcMac, dstMac, b, o, Math.min(end, o + type));
    return this.set(srcMac, dstMac, type, o, end);
  }

  private llc(srcMac: number, dstMac: number, b: Uint8Array, start: number, end: number): undefined {
    if (end - start >= 8 && b[start] === 0xaa && b[start + 1] === 0xaa && b[start + 2] === 0x03) {
      const oui = ((b[start + 3] as number) << 16) | ((b[start + 4] as number) << 8) | (b[start + 5] as number);
      const pid = ((b[start + 6] as number) << 8) | (b[start + 7] as number);
      if (oui === 0x00000c && pid === 0x2000) return this.set(srcMac, dstMac, ETHERTYPE_CDP, start + 8, end);
      if (oui === 0) return this.set(srcMac, dstMac, pid, start + 8, end); // RFC 1042 encapsulation
    }
    return this.set(srcMac, dstMac, ETHERTYPE_LLC, start, end);
  }

  private sll(b: Uint8Array, start: number, end: number): string | undefined {
    if (end - start < 16) return `Linux cooked (SLL) header needs 16 bytes, ${end - start} captured`;
    const hardware = ((b[start + 2] as number) << 8) | (b[start + 3] as number);
    const addressLength = ((b[start + 4] as number) << 8) | (b[start + 5] as number);
    const srcMac = hardware === 1 && addressLength === 6 ? mac(b, start + 6) : -1;
    return this.set(srcMac, -1, ((b[start + 14] as number) << 8) | (b[start + 15] as number), start + 16, end);
  }

  private sll2(b: Uint8Array, start: number, end: number): string | undefined {
    if (end - start < 20) return `Linux cooked (SLL2) header needs 20 bytes, ${end - start} captured`;
    const hardware = ((b[start + 8] as number) << 8) | (b[start + 9] as number);
    const addressLength = b[start + 11] as number;
    const srcMac = hardware === 1 && addressLength === 6 ? mac(b, start + 12) : -1;
    return this.set(srcMac, -1, ((b[start] as number) << 8) | (b[start + 1] as number), start + 20, end);
  }

  private loopback(b: Uint8Array, start: number, end: number, networkOrder: boolean): string | undefined {
    if (end - start < 4) return 'loopback header is truncated';
    const b0 = b[start] as number;
    const b1 = b[start + 1] as number;
    const b2 = b[start + 2] as number;
    const b3 = b[start + 3] as number;
    // DLT_NULL stores the address family in the capturing host's byte order: guess it.
    const le = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    const be = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    const family = networkOrder ? be : (le & 0xffff0000) === 0 ? le : be;
    if (family === 2) return this.set(-1, -1, ETHERTYPE_IPV4, start + 4, end);
    if (family === 24 || family === 28 || family === 30 || family === 10) return this.set(-1, -1, ETHERTYPE_IPV6, start + 4, end);
    return `loopback address family ${family} is not decoded`;
  }

  private rawIp(b: Uint8Array, start: number, end: number): string | undefined {
    const version = (start < end ? (b[start] as number) : 0) >> 4;
    if (version === 4) return this.set(-1, -1, ETHERTYPE_IPV4, start, end);
    if (version === 6) return this.set(-1, -1, ETHERTYPE_IPV6, start, end);
    return `raw IP packet has version ${version}`;
  }
}

const shared = new LinkDecoder();

/** Decodes one frame's link header (a convenience over `LinkDecoder`, which the hot path uses). */
export function decodeLink(linkType: number, data: Uint8Array): LinkResult {
  const error = shared.decode(linkType, data, 0, data.length);
  if (error !== undefined) return { error };
  return {
    srcMac: shared.srcMac >= 0 ? shared.srcMac : undefined,
    dstMac: shared.dstMac >= 0 ? shared.dstMac : undefined,
    etherType: shared.etherType,
    vlans: shared.vlans,
    payload: data.subarray(shared.start, shared.end),
  };
}
