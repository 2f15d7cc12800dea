/** IPv4 (with bounded fragment reassembly) and IPv6 (extension headers skipped) decoding. */
import { copyOf, ipv4String, ipv6At, TextCache } from '../bytes.js';

export interface IpPacket {
  version: 4 | 6;
  src: string;
  dst: string;
  /** Transport protocol number (6 TCP, 17 UDP, ...). */
  protocol: number;
  payload: Uint8Array;
  /** True when the header promised more bytes than were captured. */
  cut: boolean;
}

export type IpResult = IpPacket | { error: string } | { fragment: true };

export interface ReassemblyLimits {
  /** Datagrams being reassembled at once (default 256). */
  maxDatagrams: number;
  /** Seconds after which an incomplete datagram is dropped (default 30). */
  timeoutSeconds: number;
}

interface PendingDatagram {
  parts: { offset: number; data: Uint8Array }[];
  totalLength: number | undefined;
  received: number;
  firstTime: number;
  src: string;
  dst: string;
  protocol: number;
}

/** Reassembles IPv4 fragments with a bounded number of datagrams in progress. */
export class Ipv4Reassembler {
  private readonly pending = new Map<string, PendingDatagram>();
  private readonly limits: ReassemblyLimits;
  dropped = 0;

  constructor(limits: Partial<ReassemblyLimits> = {}) {
    this.limits = { maxDatagrams: limits.maxDatagrams ?? 256, timeoutSeconds: limits.timeoutSeconds ?? 30 };
  }

  /** Adds a fragment; returns the whole datagram's payload when the last missing piece arrives. */
  add(key: string, time: number, src: string, dst: string, protocol: number, offset: number, more: boolean, data: Uint8Array): Uint8Array | { error: string } | undefined {
    if (offset + data.length > 65_535) return { error: `fragment at offset ${offset} runs past 65535 bytes` };
    let datagram = this.pending.get(key);
    if (!datagram) {
      this.expire(time);
      if (this.pending.size >= this.limits.maxDatagrams) {
        const oldest = this.pending.keys().next().value as string;
        this.pending.delete(oldest);
        this.dropped++;
      }
      datagram = { parts: [], totalLength: undefined, received: 0, firstTime: time, src, dst, protocol };
      this.pending.set(key, datagram);
    }
    if (datagram.parts.length >= 128) {
      this.pending.delete(key);
      return { error: 'more than 128 fragments in one datagram' };
    }
    datagram.parts.push({ offset, data: copyOf(data) });
    datagram.received += data.length;
    if (!more) datagram.totalLength = offset + data.length;
    if (datagram.totalLength === undefined || datagram.received < datagram.totalLength) return undefined;
    // Enough bytes arrived; check coverage (overlaps count twice in `received`).
    const whole = new Uint8Array(datagram.totalLength);
    const parts = datagram.parts.sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const part of parts) {
      if (part.offset > covered) return undefined; // still a hole
      const end = Math.min(part.offset + part.data.length, whole.length);
      if (end > part.offset) whole.set(part.data.subarray(0, end - part.offset), part.offset);
      covered = Math.max(covered, end);
    }
    if (covered < whole.length) return undefined;
    this.pending.delete(key);
    return whole;
  }

  private expire(now: number): void {
    for (const [key, datagram] of this.pending) {
      if (now - datagram.firstTime <= this.limits.timeoutSeconds) break; // insertion order ≈ time order
      this.pending.delete(key);
      this.dropped++;
    }
  }
}

export const IP_OK = 0;
export const IP_ERROR = 1;
export const IP_FRAGMENT = 2;

/**
 * Decodes IPv4 headers in place (the hot path: no object, view or string per packet). After
 * `decode` returns IP_OK the fields describe the packet, whose payload is `bytes[start..end)`;
 * IP_ERROR leaves the message in `error`; IP_FRAGMENT means a fragment was kept for reassembly.
 */
export class Ipv4Decoder {
  /** Addresses as signed 32-bit numbers (small integers to V8: no allocation); `>>> 0` gives the unsigned value. */
  src = 0;
  dst = 0;
  /** Capture time of the packet, for fragment reassembly (set by the caller). */
  time = 0;
  protocol = 0;
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  cut = false;
  error = '';

  decode(b: Uint8Array, start: number, end: number, reassembler: Ipv4Reassembler): number {
    const length = end - start;
    if (length < 20) return this.fail(`IPv4 header needs 20 bytes, ${length} captured`);
    const first = b[start] as number;
    const version = first >> 4;
    const headerLength = (first & 0x0f) * 4;
    if (version !== 4) return this.fail(`IPv4 version field is ${version}`);
    if (headerLength < 20) return this.fail(`IPv4 header length ${headerLength} is below 20`);
    if (headerLength > length) return this.fail(`IPv4 header length ${headerLength} exceeds the ${length} bytes captured`);
    const totalLength = ((b[start + 2] as number) << 8) | (b[start + 3] as number);
    if (totalLength < headerLength) return this.fail(`IPv4 total length ${totalLength} is smaller than its header (${headerLength})`);
    const cut = totalLength > length;
    const payloadEnd = start + (cut ? length : totalLength);
    const src = ((b[start + 12] as number) << 24) | ((b[start + 13] as number) << 16) | ((b[start + 14] as number) << 8) | (b[start + 15] as number);
    const dst = ((b[start + 16] as number) << 24) | ((b[start + 17] as number) << 16) | ((b[start + 18] as number) << 8) | (b[start + 19] as number);
    const protocol = b[start + 9] as number;
    const flagsOffset = ((b[start + 6] as number) << 8) | (b[start + 7] as number);
    const more = (flagsOffset & 0x2000) !== 0;
    const offset = (flagsOffset & 0x1fff) * 8;
    this.src = src;
    this.dst = dst;
    this.protocol = protocol;
    if (!more && offset === 0) {
      this.bytes = b;
      this.start = start + headerLength;
      this.end = payloadEnd;
      this.cut = cut;
      return IP_OK;
    }
    if (cut) return this.fail('IPv4 fragment was cut short by the capture; not reassembled');
    const id = ((b[start + 4] as number) << 8) | (b[start + 5] as number);
    const srcText = ipv4String(src >>> 0);
    const dstText = ipv4String(dst >>> 0);
    const whole = reassembler.add(`${srcText}>${dstText}/${protocol}/${id}`, this.time, srcText, dstText, protocol, offset, more, b.subarray(start + headerLength, payloadEnd));
    if (whole === undefined) return IP_FRAGMENT;
    if (!(whole instanceof Uint8Array)) return this.fail(whole.error);
    this.bytes = whole;
    this.start = 0;
    this.end = whole.length;
    this.cut = false;
    return IP_OK;
  }

  private fail(message: string): number {
    this.error = message;
    return IP_ERROR;
  }
}

export function decodeIpv4(b: Uint8Array, time: number, reassembler: Ipv4Reassembler): IpResult {
  if (b.length < 20) return { error: `IPv4 header needs 20 bytes, ${b.length} captured` };
  const version = (b[0] as number) >> 4;
  const headerLength = ((b[0] as number) & 0x0f) * 4;
  if (version !== 4) return { error: `IPv4 version field is ${version}` };
  if (headerLength < 20) return { error: `IPv4 header length ${headerLength} is below 20` };
  if (headerLength > b.length) return { error: `IPv4 header length ${headerLength} exceeds the ${b.length} bytes captured` };
  const totalLength = ((b[2] as number) << 8) | (b[3] as number);
  if (totalLength < headerLength) return { error: `IPv4 total length ${totalLength} is smaller than its header (${headerLength})` };
  const cut = totalLength > b.length;
  const end = Math.min(totalLength, b.length);
  const src = ipv4String((((b[12] as number) << 24) | ((b[13] as number) << 16) | ((b[14] as number) << 8) | (b[15] as number)) >>> 0);
  const dst = ipv4String((((b[16] as number) << 24) | ((b[17] as number) << 16) | ((b[18] as number) << 8) | (b[19] as number)) >>> 0);
  const protocol = b[9] as number;
  const flagsOffset = ((b[6] as number) << 8) | (b[7] as number);
  const more = (flagsOffset & 0x2000) !== 0;
  const offset = (flagsOffset & 0x1fff) * 8;
  const payload = b.subarray(headerLength, end);
  if (!more && offset === 0) return { version: 4, src, dst, protocol, payload, cut };
  if (cut) return { error: 'IPv4 fragment was cut short by the capture; not reassembled' };
  const id = ((b[4] as number) << 8) | (b[5] as number);
  const whole = reassembler.add(`${src}>${dst}/${protocol}/${id}`, time, src, dst, protocol, offset, more, payload);
  if (whole === undefined) return { fragment: true };
  if (whole instanceof Uint8Array) return { version: 4, src, dst, protocol, payload: whole, cut: false };
  return whole;
}

const IPV6_EXTENSION_HEADERS = new Set([0, 43, 60, 135, 139, 140]);

/** IPv6 address text by its 16 bytes: hosts repeat, so each is formatted once (and is then the same string object). */
const ipv6Texts = new TextCache((bytes) => ipv6At(bytes, 0));

/**
 * Decodes IPv6 headers in place, like `Ipv4Decoder`: after `decode` returns IP_OK the fields
 * describe the packet, whose payload is `bytes[start..end)`; IP_ERROR leaves the message in
 * `error`; IP_FRAGMENT means a fragment (IPv6 fragments are rare in OT; not reassembled).
 */
export class Ipv6Decoder {
  src = '';
  dst = '';
  protocol = 0;
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  cut = false;
  error = '';

  decode(b: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length < 40) return this.fail(`IPv6 header needs 40 bytes, ${length} captured`);
    if ((b[start] as number) >> 4 !== 6) return this.fail(`IPv6 version field is ${(b[start] as number) >> 4}`);
    const payloadLength = ((b[start + 4] as number) << 8) | (b[start + 5] as number);
    let next = b[start + 6] as number;
    const src = ipv6Texts.get(b, start + 8, start + 24);
    const dst = ipv6Texts.get(b, start + 24, start + 40);
    const cut = 40 + payloadLength > length;
    const last = start + Math.min(length, 40 + payloadLength);
    let o = start + 40;
    for (let hops = 0; IPV6_EXTENSION_HEADERS.has(next) || next === 44; hops++) {
      if (hops > 8 || o + 8 > last) return this.fail('IPv6 extension headers are truncated or too many');
      if (next === 44) {
        const offset = ((((b[o + 2] as number) << 8) | (b[o + 3] as number)) & 0xfff8) >> 0;
        const more = ((b[o + 3] as number) & 1) === 1;
        if (offset !== 0 || more) return IP_FRAGMENT;
        next = b[o] as number;
        o += 8;
        continue;
      }
      const headerLength = ((b[o + 1] as number) + 1) * 8;
      next = b[o] as number;
      o += headerLength;
    }
    if (o > last) return this.fail('IPv6 extension header runs past the packet');
    this.src = src;
    this.dst = dst;
    this.protocol = next;
    this.bytes = b;
    this.start = o;
    this.end = last;
    this.cut = cut;
    return IP_OK;
  }

  private fail(message: string): number {
    this.error = message;
    return IP_ERROR;
  }
}

const sharedIpv6 = new Ipv6Decoder();

export function decodeIpv6(b: Uint8Array): IpResult {
  const status = sharedIpv6.decode(b, 0, b.length);
  if (status === IP_ERROR) return { error: sharedIpv6.error };
  if (status === IP_FRAGMENT) return { fragment: true };
  const ip = sharedIpv6;
  return { version: 6, src: ip.src, dst: ip.dst, protocol: ip.protocol, payload: b.subarray(ip.start, ip.end), cut: ip.cut };
}

/** Addresses that never name a single host: unspecified, broadcast, multicast. */
export function isGroupAddress(ip: string): boolean {
  if (ip === '0.0.0.0' || ip === '255.255.255.255' || ip === '::') return true;
  const colon = ip.indexOf(':');
  if (colon >= 0) return ip.startsWith('ff');
  const firstOctet = Number(ip.slice(0, ip.indexOf('.')));
  return firstOctet >= 224;
}
