/** EtherNet/IP encapsulation + CIP: List Identity, Identity object replies, CIP services seen. */
import { hex, need, text, u16be, u16le, u32le, u8, ipv4String, u32be } from '../../bytes.js';
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

interface EnipConversation {
  /** Last request's (service, class) per sender context, to read Identity object replies. */
  requests: Map<string, { service: number; cipClass: number | undefined }>;
}

export function enipFrameLength(b: Uint8Array): number {
  if (b.length < 24) return 0;
  const command = (b[0] as number) | ((b[1] as number) << 8);
  if (!COMMANDS.has(command)) return -1;
  return 24 + ((b[2] as number) | ((b[3] as number) << 8));
}

export const enip: Dissector = {
  name: 'enip',
  tcpPorts: [ENIP_PORT],
  udpPorts: [ENIP_PORT, 2222],
  frameLength: enipFrameLength,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    if (!looksLikeEncapsulation(pdu)) {
      // UDP 2222 carries implicit (class 0/1) I/O without encapsulation.
      ctx.operation(undefined, 'cip-io');
      return;
    }
    const command = u16le(pdu, 0, 'ENIP command');
    const length = u16le(pdu, 2, 'ENIP length');
    need(pdu, 24, length, 'ENIP data');
    const status = u32le(pdu, 8, 'ENIP status');
    const context = hex(pdu.subarray(12, 20));
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
      const data = pdu.subarray(24, 24 + length);
      cpf(data, 6, ctx, context, isReply);
    }
  },
};

function looksLikeEncapsulation(b: Uint8Array): boolean {
  if (b.length < 24) return false;
  const command = (b[0] as number) | ((b[1] as number) << 8);
  return COMMANDS.has(command) && 24 + ((b[2] as number) | ((b[3] as number) << 8)) === b.length;
}

/** List Identity reply: item count, then item 0x000C (CIP identity). */
function listIdentity(pdu: Uint8Array, ctx: DissectContext): void {
  const count = u16le(pdu, 24, 'item count');
  let o = 26;
  for (let i = 0; i < count; i++) {
    const type = u16le(pdu, o, 'item type');
    const length = u16le(pdu, o + 2, 'item length');
    need(pdu, o + 4, length, 'List Identity item');
    if (type === 0x000c) {
      // Encapsulation version (LE), socket address (16 bytes, big-endian), then the identity.
      ctx.identity('src', 'encapsulationVersion', u16le(pdu, o + 4));
      const family = u16be(pdu, o + 6, 'socket family');
      const address = ipv4String(u32be(pdu, o + 10, 'socket address'));
      if (family === 2 && address !== '0.0.0.0') ctx.identity('src', 'socketAddress', address);
      identityAttributes(pdu.subarray(o + 22, o + 4 + length), ctx, 'src', true);
    }
    o += 4 + length;
  }
}

/**
 * Identity object attributes 1–7 (+ state), shared by List Identity and Get_Attributes_All of
 * class 1: vendor, device type, product code, revision, status, serial, product name (SHORT_STRING).
 */
export function identityAttributes(b: Uint8Array, ctx: DissectContext, side: Side, withState: boolean): void {
  const vendorId = u16le(b, 0, 'vendor id');
  const deviceType = u16le(b, 2, 'device type');
  const productCode = u16le(b, 4, 'product code');
  const major = u8(b, 6, 'revision major');
  const minor = u8(b, 7, 'revision minor');
  const status = u16le(b, 8, 'status');
  const serial = u32le(b, 10, 'serial number');
  const nameLength = u8(b, 14, 'product name length');
  const productName = text(b, 15, nameLength, 'product name');
  const vendor = CIP_VENDORS.get(vendorId);
  ctx.identity(side, 'vendorId', vendorId);
  if (vendor) ctx.identity(side, 'vendor', vendor, 'vendor', 0.95);
  ctx.identity(side, 'deviceType', CIP_DEVICE_TYPES.get(deviceType) ?? `0x${deviceType.toString(16).padStart(4, '0')}`);
  ctx.identity(side, 'productCode', productCode);
  ctx.identity(side, 'revision', `${major}.${String(minor).padStart(3, '0')}`, 'firmware', 0.9);
  ctx.identity(side, 'status', `0x${status.toString(16).padStart(4, '0')}`);
  ctx.identity(side, 'serial', `0x${serial.toString(16).padStart(8, '0')}`, 'serial', 0.95);
  if (productName) ctx.identity(side, 'productName', productName, 'model', 0.9);
  if (withState && b.length > 15 + nameLength) ctx.identity(side, 'state', `0x${u8(b, 15 + nameLength).toString(16).padStart(2, '0')}`);
}

/** Common Packet Format after interface handle (4) and timeout (2). */
function cpf(data: Uint8Array, o: number, ctx: DissectContext, context: string, isReply: boolean): void {
  const count = u16le(data, o, 'CPF item count');
  o += 2;
  for (let i = 0; i < count && i < 8; i++) {
    const type = u16le(data, o, 'CPF item type');
    const length = u16le(data, o + 2, 'CPF item length');
    const body = data.subarray(o + 4, o + 4 + length);
    need(data, o + 4, length, 'CPF item');
    if (type === 0x00b2) cipMessage(body, ctx, context, isReply, 0);
    else if (type === 0x00b1 && length > 2) cipMessage(body.subarray(2), ctx, context, isReply, 0);
    o += 4 + length;
  }
}

function cipMessage(m: Uint8Array, ctx: DissectContext, context: string, isReply: boolean, depth: number): void {
  if (m.length < 2 || depth > 4) return;
  const state = ctx.conversation<EnipConversation>(newEnipConversation);
  const serviceByte = u8(m, 0, 'CIP service');
  const service = serviceByte & 0x7f;
  if (serviceByte & 0x80) {
    // Reply: service, reserved, general status, additional status size (words), data.
    const general = u8(m, 2, 'CIP general status');
    const extra = u8(m, 3, 'CIP additional status size') * 2;
    const request = state.requests.get(context);
    if (general === 0 && service === 0x01 && request?.cipClass === IDENTITY_CLASS) {
      identityAttributes(m.subarray(4 + extra), ctx, 'src', false);
    }
    if (service === 0x0a && general <= 0x1e) {
      packedMessages(m.subarray(4 + extra), ctx, context, true, depth + 1);
    }
    return;
  }
  const pathWords = u8(m, 1, 'CIP path size');
  need(m, 2, pathWords * 2, 'CIP path');
  const cipClass = pathClass(m.subarray(2, 2 + pathWords * 2));
  const body = m.subarray(2 + pathWords * 2);
  let info = SERVICES.get(service);
  if (cipClass !== CONNECTION_MANAGER && LOGIX_FRAGMENTED.has(service)) info = LOGIX_FRAGMENTED.get(service);
  const name = info?.name ?? `service-0x${service.toString(16).padStart(2, '0')}`;
  ctx.identity('dst', 'cipServices', name);
  ctx.operation(info?.operation, cipClass !== undefined ? `${name}@class-0x${cipClass.toString(16)}` : name);
  if (!isReply) state.requests.set(context, { service, cipClass });
  if (state.requests.size > 64) state.requests.clear();
  if (service === 0x52 && cipClass === CONNECTION_MANAGER && body.length > 4) {
    // Unconnected Send: priority/tick, timeout ticks, embedded message size, embedded request.
    const size = u16le(body, 2, 'embedded message size');
    cipMessage(body.subarray(4, 4 + size), ctx, context, isReply, depth + 1);
  } else if (service === 0x0a) {
    packedMessages(body, ctx, context, isReply, depth + 1);
  }
}

function newEnipConversation(): EnipConversation {
  return { requests: new Map() };
}

/** Multiple Service Packet: count, offsets (from the count), services, each dissected as a CIP message. */
function packedMessages(b: Uint8Array, ctx: DissectContext, context: string, isReply: boolean, depth: number): void {
  const count = u16le(b, 0, 'service count');
  for (let i = 0; i < count && i < 64; i++) {
    const start = u16le(b, 2 + 2 * i, 'service offset');
    const end = i + 1 < count ? u16le(b, 4 + 2 * i, 'service offset') : b.length;
    if (start >= end || end > b.length) return;
    cipMessage(b.subarray(start, end), ctx, context, isReply, depth);
  }
}

/** Class id from an EPATH's logical class segment (8-bit `20 cc` or 16-bit `21 00 cccc`). */
function pathClass(path: Uint8Array): number | undefined {
  let o = 0;
  while (o + 1 < path.length) {
    const segment = path[o] as number;
    if (segment === 0x20) return path[o + 1];
    if (segment === 0x21 && o + 3 < path.length) return (path[o + 2] as number) | ((path[o + 3] as number) << 8);
    if (segment === 0x91) {
      // ANSI extended symbol: a tag name, i.e. Logix data-table access.
      return undefined;
    }
    o += 2;
  }
  return undefined;
}
