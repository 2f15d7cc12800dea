/** EtherNet/IP encapsulation + CIP: List Identity, Identity object replies, CIP services seen. */
import { ByteWindow, ipv4String, Truncated } from '../../bytes.js';
import { CIP_DEVICE_TYPES } from '../../data/cip-device-types.js';
import { CIP_VENDORS } from '../../data/cip-vendors.js';
import type { Operation } from '../../types.js';
import type { DissectContext, Dissector, Side } from '../dissector.js';

export const ENIP_PORT = 44818;
const COMMANDS: ReadonlyMap<number, string> = new Map([
  [0x0000, 'nop'],
  [0x0004, 'list-services'],
  [0x0063, 'list-identity'],
  [0x0064, 'list-interfaces'],
  [0x0065, 'register-session'],
  [0x0066, 'unregister-session'],
  [0x006f, 'send-rr-data'],
  [0x0070, 'send-unit-data'],
  [0x0072, 'indicate-status'],
  [0x0073, 'cancel'],
]);

/** CIP services (CIP Vol. 1 App. A) and the class-specific ones most seen on the wire. */
const SERVICES: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0x01, { name: 'get-attributes-all', operation: 'read' }],
  [0x02, { name: 'set-attributes-all', operation: 'write' }],
  [0x03, { name: 'get-attribute-list', operation: 'read' }],
  [0x04, { name: 'set-attribute-list', operation: 'write' }],
  [0x05, { name: 'reset', operation: 'restart' }],
  [0x06, { name: 'start', operation: 'start' }],
  [0x07, { name: 'stop', operation: 'stop' }],
  [0x08, { name: 'create', operation: 'configuration' }],
  [0x09, { name: 'delete', operation: 'configuration' }],
  [0x0a, { name: 'multiple-service-packet' }],
  [0x0e, { name: 'get-attribute-single', operation: 'read' }],
  [0x10, { name: 'set-attribute-single', operation: 'write' }],
  [0x4b, { name: 'execute-pccc' }],
  [0x4c, { name: 'read-tag', operation: 'read' }],
  [0x4d, { name: 'write-tag', operation: 'write' }],
  [0x4e, { name: 'forward-close' }],
  [0x52, { name: 'unconnected-send' }],
  [0x54, { name: 'forward-open' }],
  [0x5b, { name: 'large-forward-open' }],
]);
/** Logix symbol/template classes reuse 0x52/0x53 for fragmented tag access. */
const LOGIX_FRAGMENTED: ReadonlyMap<number, { name: string; operation: Operation }> = new Map([
  [0x52, { name: 'read-tag-fragmented', operation: 'read' }],
  [0x53, { name: 'write-tag-fragmented', operation: 'write' }],
]);
const CONNECTION_MANAGER = 0x06;
const IDENTITY_CLASS = 0x01;

/**
 * Last request's (service, class) per sender context, to read Identity object replies. The 8-byte
 * context is kept as two numbers in parallel arrays (at most 65 entries, then cleared, as a map
 * would be): no key string or record per request.
 */
class EnipConversation {
  readonly contextHigh: number[] = [];
  readonly contextLow: number[] = [];
  readonly service: number[] = [];
  readonly cipClass: (number | undefined)[] = [];

  /** Index of the request with this context, -1 if none. */
  find(high: number, low: number): number {
    for (let i = 0; i < this.contextLow.length; i++) if (this.contextLow[i] === low && this.contextHigh[i] === high) return i;
    return -1;
  }

  set(high: number, low: number, service: number, cipClass: number | undefined): void {
    let i = this.find(high, low);
    if (i < 0) {
      i = this.contextLow.length;
      this.contextHigh.push(high);
      this.contextLow.push(low);
    }
    this.service[i] = service;
    this.cipClass[i] = cipClass;
    if (this.contextLow.length > 64) {
      this.contextHigh.length = 0;
      this.contextLow.length = 0;
      this.service.length = 0;
      this.cipClass.length = 0;
    }
  }
}

/** Sender context of the encapsulation PDU being dissected (dissection is not re-entrant). */
let contextHigh = 0;
let contextLow = 0;

export function enipFrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 24) return 0;
  const command = (b[start] as number) | ((b[start + 1] as number) << 8);
  if (!COMMANDS.has(command)) return -1;
  return 24 + ((b[start + 2] as number) | ((b[start + 3] as number) << 8));
}

export const enip: Dissector = {
  name: 'enip',
  tcpPorts: [ENIP_PORT],
  udpPorts: [ENIP_PORT, 2222],
  frameLength: enipFrameLength,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    encapsulation(pduWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    encapsulation(pduWindow.of(bytes, start, end), ctx);
  },
};

/** The encapsulation PDU and an identity object in it, read in place (dissection is not re-entrant). */
const pduWindow = new ByteWindow();
const identityWindow = new ByteWindow();

function encapsulation(pdu: ByteWindow, ctx: DissectContext): void {
  if (!encapsulationAt(pdu.b, pdu.base, pdu.base + pdu.length)) {
    // UDP 2222 carries implicit (class 0/1) I/O without encapsulation.
    ctx.operation(undefined, 'cip-io');
    return;
  }
  const command = pdu.u16le(0, 'ENIP command');
  const length = pdu.u16le(2, 'ENIP length');
  pdu.need(24, length, 'ENIP data');
  const status = pdu.u32le(8, 'ENIP status');
  contextHigh = pdu.u32le(12, 'ENIP sender context');
  contextLow = pdu.u32le(16, 'ENIP sender context');
  const name = COMMANDS.get(command) as string;
  const isReply = ctx.fromServer === true || (command === 0x0063 && length > 0);
  if (!isReply) ctx.operation(command === 0x0063 || command === 0x0004 || command === 0x0064 ? 'read' : undefined, name);
  if (status !== 0) return;
  if (command === 0x0063 && length > 0) {
    listIdentity(pdu, ctx);
    ctx.serverIs('src');
    return;
  }
  if ((command === 0x006f || command === 0x0070) && length >= 16) {
    cpf(pdu.b, pdu.base + 24, length, 6, ctx, isReply);
  }
}

/** Whether `b[start..end)` is one whole encapsulation PDU. */
function encapsulationAt(b: Uint8Array, start: number, end: number): boolean {
  if (end - start < 24) return false;
  const command = (b[start] as number) | ((b[start + 1] as number) << 8);
  return COMMANDS.has(command) && 24 + ((b[start + 2] as number) | ((b[start + 3] as number) << 8)) === end - start;
}

/** List Identity reply: item count, then item 0x000C (CIP identity). */
function listIdentity(pdu: ByteWindow, ctx: DissectContext): void {
  const count = pdu.u16le(24, 'item count');
  let o = 26;
  for (let i = 0; i < count; i++) {
    const type = pdu.u16le(o, 'item type');
    const length = pdu.u16le(o + 2, 'item length');
    pdu.need(o + 4, length, 'List Identity item');
    if (type === 0x000c) {
      // Encapsulation version (LE), socket address (16 bytes, big-endian), then the identity.
      ctx.identity('src', 'encapsulationVersion', pdu.u16le(o + 4));
      const family = pdu.u16be(o + 6, 'socket family');
      const address = ipv4String(pdu.u32be(o + 10, 'socket address'));
      if (family === 2 && address !== '0.0.0.0') ctx.identity('src', 'socketAddress', address);
      identityAttributes(identityWindow.sub(pdu, o + 22, o + 4 + length), ctx, 'src', true);
    }
    o += 4 + length;
  }
}

/**
 * Identity object attributes 1–7 (+ state), shared by List Identity and Get_Attributes_All of
 * class 1: vendor, device type, product code, revision, status, serial, product name (SHORT_STRING).
 */
function identityAttributes(b: ByteWindow, ctx: DissectContext, side: Side, withState: boolean): void {
  const vendorId = b.u16le(0, 'vendor id');
  const deviceType = b.u16le(2, 'device type');
  const productCode = b.u16le(4, 'product code');
  const major = b.u8(6, 'revision major');
  const minor = b.u8(7, 'revision minor');
  const status = b.u16le(8, 'status');
  const serial = b.u32le(10, 'serial number');
  const nameLength = b.u8(14, 'product name length');
  const productName = b.text(15, nameLength, 'product name');
  const vendor = CIP_VENDORS.get(vendorId);
  ctx.identity(side, 'vendorId', vendorId);
  if (vendor) ctx.identity(side, 'vendor', vendor, 'vendor', 0.95);
  ctx.identity(side, 'deviceType', CIP_DEVICE_TYPES.get(deviceType) ?? `0x${deviceType.toString(16).padStart(4, '0')}`);
  ctx.identity(side, 'productCode', productCode);
  ctx.identity(side, 'revision', `${major}.${String(minor).padStart(3, '0')}`, 'firmware', 0.9);
  ctx.identity(side, 'status', `0x${status.toString(16).padStart(4, '0')}`);
  ctx.identity(side, 'serial', `0x${serial.toString(16).padStart(8, '0')}`, 'serial', 0.95);
  if (productName) ctx.identity(side, 'productName', productName, 'model', 0.9);
  if (withState && b.length > 15 + nameLength) ctx.identity(side, 'state', `0x${b.u8(15 + nameLength).toString(16).padStart(2, '0')}`);
}

/*
 * The CPF items and CIP messages inside an encapsulation PDU are read as windows
 * `b[base .. base + length)` rather than views: a multiple-service packet would otherwise make
 * three views per embedded service. Offsets and bounds errors are relative to the window, exactly
 * as they were on the views.
 */

function wneed(length: number, o: number, n: number, what: string): void {
  if (o < 0 || n < 0 || o + n > length) throw new Truncated(what, o + n, length);
}

function wu8(b: Uint8Array, base: number, length: number, o: number, what: string): number {
  wneed(length, o, 1, what);
  return b[base + o] as number;
}

function wu16le(b: Uint8Array, base: number, length: number, o: number, what: string): number {
  wneed(length, o, 2, what);
  return (b[base + o] as number) | ((b[base + o + 1] as number) << 8);
}

/** Common Packet Format after interface handle (4) and timeout (2), in `b[base .. base + length)`. */
function cpf(b: Uint8Array, base: number, length: number, o: number, ctx: DissectContext, isReply: boolean): void {
  const count = wu16le(b, base, length, o, 'CPF item count');
  o += 2;
  for (let i = 0; i < count && i < 8; i++) {
    const type = wu16le(b, base, length, o, 'CPF item type');
    const itemLength = wu16le(b, base, length, o + 2, 'CPF item length');
    wneed(length, o + 4, itemLength, 'CPF item');
    if (type === 0x00b2) cipMessage(b, base + o + 4, itemLength, ctx, isReply, 0);
    else if (type === 0x00b1 && itemLength > 2) cipMessage(b, base + o + 6, itemLength - 2, ctx, isReply, 0);
    o += 4 + itemLength;
  }
}

/** One CIP message, `b[base .. base + length)`. */
function cipMessage(b: Uint8Array, base: number, length: number, ctx: DissectContext, isReply: boolean, depth: number): void {
  if (length < 2 || depth > 4) return;
  const state = ctx.conversation<EnipConversation>(newEnipConversation);
  const serviceByte = wu8(b, base, length, 0, 'CIP service');
  const service = serviceByte & 0x7f;
  if (serviceByte & 0x80) {
    // Reply: service, reserved, general status, additional status size (words), data.
    const general = wu8(b, base, length, 2, 'CIP general status');
    const extra = wu8(b, base, length, 3, 'CIP additional status size') * 2;
    const dataStart = Math.min(4 + extra, length);
    const request = state.find(contextHigh, contextLow);
    if (general === 0 && service === 0x01 && request >= 0 && state.cipClass[request] === IDENTITY_CLASS) {
      identityAttributes(identityWindow.of(b, base + dataStart, base + length), ctx, 'src', false);
    }
    if (service === 0x0a && general <= 0x1e) {
      packedMessages(b, base + dataStart, length - dataStart, ctx, true, depth + 1);
    }
    return;
  }
  const pathWords = wu8(b, base, length, 1, 'CIP path size');
  wneed(length, 2, pathWords * 2, 'CIP path');
  const cipClass = pathClass(b, base + 2, base + 2 + pathWords * 2);
  const bodyBase = base + 2 + pathWords * 2;
  const bodyLength = length - 2 - pathWords * 2;
  const named = serviceNames(service, cipClass);
  ctx.identity('dst', 'cipServices', named.name);
  ctx.operation(named.operation, named.function);
  if (!isReply) state.set(contextHigh, contextLow, service, cipClass);
  if (service === 0x52 && cipClass === CONNECTION_MANAGER && bodyLength > 4) {
    // Unconnected Send: priority/tick, timeout ticks, embedded message size, embedded request.
    const size = wu16le(b, bodyBase, bodyLength, 2, 'embedded message size');
    cipMessage(b, bodyBase + 4, Math.min(size, bodyLength - 4), ctx, isReply, depth + 1);
  } else if (service === 0x0a) {
    packedMessages(b, bodyBase, bodyLength, ctx, isReply, depth + 1);
  }
}

function newEnipConversation(): EnipConversation {
  return new EnipConversation();
}

interface ServiceNames {
  name: string;
  operation: Operation | undefined;
  /** The function name of the request: the service at its class. */
  function: string;
}

/** Names per (service, class), made once: requests repeat the same few. */
const serviceNameCache = new Map<number, ServiceNames>();

function serviceNames(service: number, cipClass: number | undefined): ServiceNames {
  const key = service * 0x20000 + (cipClass ?? 0x10000);
  let named = serviceNameCache.get(key);
  if (!named) {
    let info = SERVICES.get(service);
    if (cipClass !== CONNECTION_MANAGER && LOGIX_FRAGMENTED.has(service)) info = LOGIX_FRAGMENTED.get(service);
    const name = info?.name ?? `service-0x${service.toString(16).padStart(2, '0')}`;
    named = { name, operation: info?.operation, function: cipClass !== undefined ? `${name}@class-0x${cipClass.toString(16)}` : name };
    if (serviceNameCache.size >= 4096) serviceNameCache.clear();
    serviceNameCache.set(key, named);
  }
  return named;
}

/** Multiple Service Packet in `b[base .. base + length)`: count, offsets (from the count), services, each dissected as a CIP message. */
function packedMessages(b: Uint8Array, base: number, length: number, ctx: DissectContext, isReply: boolean, depth: number): void {
  const count = wu16le(b, base, length, 0, 'service count');
  for (let i = 0; i < count && i < 64; i++) {
    const start = wu16le(b, base, length, 2 + 2 * i, 'service offset');
    const end = i + 1 < count ? wu16le(b, base, length, 4 + 2 * i, 'service offset') : length;
    if (start >= end || end > length) return;
    cipMessage(b, base + start, end - start, ctx, isReply, depth);
  }
}

/** Class id from an EPATH's logical class segment (8-bit `20 cc` or 16-bit `21 00 cccc`) in `b[start..end)`. */
function pathClass(b: Uint8Array, start: number, end: number): number | undefined {
  let o = start;
  while (o + 1 < end) {
    const segment = b[o] as number;
    if (segment === 0x20) return b[o + 1];
    if (segment === 0x21 && o + 3 < end) return (b[o + 2] as number) | ((b[o + 3] as number) << 8);
    if (segment === 0x91) {
      // ANSI extended symbol: a tag name, i.e. Logix data-table access.
      return undefined;
    }
    o += 2;
  }
  return undefined;
}
