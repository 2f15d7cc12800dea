/**
 * BACnet/IP (BVLC + NPDU + APDU): I-Am (device instance, vendor id), ReadProperty and
 * ReadPropertyMultiple acks for device properties (vendor, model, firmware, application
 * software version, object name, location, description), and the services requested.
 */
import { ByteWindow, ipv4String } from '../../bytes.js';
import { BACNET_VENDORS } from '../../data/bacnet-vendors.js';
import type { AttributeName, Operation } from '../../types.js';
import type { DissectContext, Dissector, HostAddress, Side } from '../dissector.js';
import { applicationValue, objectId, objectInstance, objectType, Tag, unsigned } from './tags.js';

export const BACNET_PORTS = Array.from({ length: 16 }, (_, i) => 47808 + i);
const DEVICE_OBJECT = 8;

/** Device object properties that identify it. */
const DEVICE_PROPERTIES: ReadonlyMap<number, { field: string; attribute?: AttributeName; confidence?: number }> = new Map([
  [77, { field: 'objectName', attribute: 'hostname', confidence: 0.6 }],
  [121, { field: 'vendorName', attribute: 'vendor', confidence: 0.9 }],
  [120, { field: 'vendorId' }],
  [70, { field: 'modelName', attribute: 'model', confidence: 0.9 }],
  [44, { field: 'firmwareRevision', attribute: 'firmware', confidence: 0.9 }],
  [12, { field: 'applicationSoftwareVersion' }],
  [58, { field: 'location' }],
  [28, { field: 'description' }],
  [139, { field: 'protocolRevision' }],
  [112, { field: 'systemStatus' }],
]);

const CONFIRMED: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0, { name: 'acknowledge-alarm' }],
  [5, { name: 'subscribe-cov', operation: 'read' }],
  [6, { name: 'atomic-read-file', operation: 'program-upload' }],
  [7, { name: 'atomic-write-file', operation: 'program-download' }],
  [8, { name: 'add-list-element', operation: 'write' }],
  [9, { name: 'remove-list-element', operation: 'write' }],
  [10, { name: 'create-object', operation: 'configuration' }],
  [11, { name: 'delete-object', operation: 'configuration' }],
  [12, { name: 'read-property', operation: 'read' }],
  [14, { name: 'read-property-multiple', operation: 'read' }],
  [15, { name: 'write-property', operation: 'write' }],
  [16, { name: 'write-property-multiple', operation: 'write' }],
  [17, { name: 'device-communication-control', operation: 'configuration' }],
  [18, { name: 'confirmed-private-transfer' }],
  [20, { name: 'reinitialize-device', operation: 'restart' }],
  [26, { name: 'read-range', operation: 'read' }],
]);

const UNCONFIRMED: ReadonlyMap<number, string> = new Map([
  [0, 'i-am'],
  [1, 'i-have'],
  [2, 'unconfirmed-cov-notification'],
  [3, 'unconfirmed-event-notification'],
  [4, 'unconfirmed-private-transfer'],
  [5, 'unconfirmed-text-message'],
  [6, 'time-synchronization'],
  [7, 'who-has'],
  [8, 'who-is'],
  [9, 'utc-time-synchronization'],
  [10, 'write-group'],
]);

export const bacnet: Dissector = {
  name: 'bacnet',
  udpPorts: BACNET_PORTS,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    bvlc(bvlcWindow.of(pdu, 0, pdu.length), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    bvlc(bvlcWindow.of(bytes, start, end), ctx);
  },
};

/** BVLC header, then the NPDU (read through windows: no view per packet, BACnet is often the bulk of a capture). */
function bvlc(pdu: ByteWindow, ctx: DissectContext): void {
  if (pdu.u8(0, 'BVLC type') !== 0x81) {
    ctx.problem('bad-bvlc', `BVLC type is 0x${(pdu.at(0) as number).toString(16)}, not 0x81`);
    return;
  }
  const fn = pdu.u8(1, 'BVLC function');
  const length = pdu.u16be(2, 'BVLC length');
  if (length < 4) {
    ctx.problem('bad-bvlc-length', `BVLC length ${length} is below the 4-byte header`);
    return;
  }
  if (length > pdu.length) {
    // Decode what is there, as Wireshark does, but say so.
    ctx.problem('bad-bvlc-length', `BVLC length ${length} exceeds the ${pdu.length}-byte payload`);
  }
  let o = 4;
  let source: Side | HostAddress = 'src';
  if (fn === 0x04) {
    // Forwarded-NPDU: the original sender's B/IP address (IP + port) precedes the NPDU.
    source = { ip: ipv4String(pdu.u32be(4, 'IPv4 address')) };
    o = 10;
  } else if (fn !== 0x0a && fn !== 0x0b && fn !== 0x09) return;
  npdu(npduWindow.sub(pdu, o, Math.min(length, pdu.length)), ctx, source);
}

/** Reused for every PDU (dissection is not re-entrant): the NPDU and APDU as windows, and tag records. */
const bvlcWindow = new ByteWindow();
const npduWindow = new ByteWindow();
const apduWindow = new ByteWindow();
const T1 = new Tag();
const T2 = new Tag();
const T3 = new Tag();
const T4 = new Tag();
const T5 = new Tag();

function npdu(b: ByteWindow, ctx: DissectContext, source: Side | HostAddress): void {
  if (b.u8(0, 'NPDU version') !== 1) {
    ctx.problem('bad-npdu', `NPDU version is ${b.at(0)}, not 1`);
    return;
  }
  const control = b.u8(1, 'NPDU control');
  let o = 2;
  if (control & 0x20) o += 3 + b.u8(o + 2, 'DLEN');
  let remote: string | undefined;
  if (control & 0x08) {
    const net = b.u16be(o, 'SNET');
    const addressLength = b.u8(o + 2, 'SLEN');
    const address = Array.from(b.view(o + 3, o + 3 + addressLength), (x) => x.toString(16).padStart(2, '0')).join('');
    remote = `${net}:${address}`;
    o += 3 + addressLength;
  }
  if (control & 0x20) o += 1; // hop count
  if (control & 0x80) {
    ctx.operation(undefined, `network-message-0x${b.u8(o, 'network message type').toString(16)}`);
    return;
  }
  apdu(apduWindow.sub(b, o), ctx, source, remote);
}

function apdu(b: ByteWindow, ctx: DissectContext, source: Side | HostAddress, remote: string | undefined): void {
  const first = b.u8(0, 'APDU type');
  const type = first >> 4;
  if (type === 0) {
    const segmented = (first & 0x08) !== 0;
    const service = b.u8(segmented ? 5 : 3, 'confirmed service choice');
    ctx.serverIs('dst');
    const info = CONFIRMED.get(service);
    ctx.operation(info?.operation, info?.name ?? `confirmed-service-${service}`);
    return;
  }
  if (type === 1) {
    const service = b.u8(1, 'unconfirmed service choice');
    ctx.operation(service === 10 ? 'write' : undefined, UNCONFIRMED.get(service) ?? `unconfirmed-service-${service}`);
    if (service === 0) iAm(b, 2, sinkFor(ctx, source, remote));
    return;
  }
  if (type === 2) {
    ctx.serverIs('src');
    return;
  }
  if (type === 3) {
    const segmented = (first & 0x08) !== 0;
    if (segmented) return; // later segments cannot be decoded alone; the first rarely holds identity
    const service = b.u8(2, 'complex ack service choice');
    ctx.serverIs('src');
    if (service === 12) readPropertyAck(b, 3, sinkFor(ctx, source, remote));
    else if (service === 14) readPropertyMultipleAck(b, 3, sinkFor(ctx, source, remote));
  }
}

/** Who the identity fields of an APDU belong to (one reused record: no closure or object per APDU). */
interface IdentitySink {
  ctx: DissectContext;
  source: Side | HostAddress;
  /** SNET:SADR of a device behind a BACnet router. */
  remote: string | undefined;
}

const sink: IdentitySink = { ctx: undefined as unknown as DissectContext, source: 'src', remote: undefined };

function sinkFor(ctx: DissectContext, source: Side | HostAddress, remote: string | undefined): IdentitySink {
  sink.ctx = ctx;
  sink.source = source;
  sink.remote = remote;
  return sink;
}

function identity(sink: IdentitySink, field: string, value: string | number, attribute?: AttributeName, confidence?: number): void {
  // A device behind a BACnet router (SNET set) is not the IP host: keep its identity apart.
  if (sink.remote) sink.ctx.identity(sink.source, `remote[${sink.remote}].${field}`, value);
  else sink.ctx.identity(sink.source, field, value, attribute, confidence);
}

const SEGMENTATION = ['both', 'transmit', 'receive', 'none'];

/** I-Am: object id (device), max APDU, segmentation, vendor id — all application-tagged. */
function iAm(b: ByteWindow, o: number, sink: IdentitySink): void {
  const idTag = T1.read(b, o);
  const device = objectId(b, idTag);
  const apduTag = T2.read(b, idTag.end);
  const segmentationTag = T3.read(b, apduTag.end);
  const vendorTag = T4.read(b, segmentationTag.end);
  if (objectType(device) !== DEVICE_OBJECT) return;
  identity(sink, 'deviceInstance', objectInstance(device));
  identity(sink, 'maxApdu', unsigned(b, apduTag));
  identity(sink, 'segmentation', SEGMENTATION[unsigned(b, segmentationTag)] ?? String(unsigned(b, segmentationTag)));
  vendor(unsigned(b, vendorTag), sink);
}

function vendor(id: number, sink: IdentitySink): void {
  identity(sink, 'vendorId', id);
  const name = BACNET_VENDORS.get(id);
  if (name) identity(sink, 'vendor', name, 'vendor', 0.85);
}

function property(objectType: number, propertyId: number, value: string, sink: IdentitySink): void {
  if (objectType !== DEVICE_OBJECT) return;
  const known = DEVICE_PROPERTIES.get(propertyId);
  if (!known || value === '') return;
  if (propertyId === 120) {
    vendor(Number(value), sink);
    return;
  }
  identity(sink, known.field, value, known.attribute, known.confidence);
}

/** ReadProperty-ACK: [0] object id, [1] property id, [2] index?, [3] { value } */
function readPropertyAck(b: ByteWindow, o: number, sink: IdentitySink): void {
  const objectTag = T1.read(b, o);
  const object = objectId(b, objectTag);
  let tag = T2.read(b, objectTag.end);
  const propertyId = unsigned(b, tag);
  tag = T2.read(b, tag.end);
  if (tag.context && tag.number === 2) tag = T2.read(b, tag.end);
  if (!tag.opening) return;
  const valueTag = T3.read(b, tag.end);
  const value = applicationValue(b, valueTag);
  if (value !== undefined) property(objectType(object), propertyId, value, sink);
}

/** ReadPropertyMultiple-ACK: { [0] object id, [1] ( [2] property, [3] index?, [4] {value} | [5] {error} )* }* */
function readPropertyMultipleAck(b: ByteWindow, o: number, sink: IdentitySink): void {
  let guard = 0;
  while (o < b.length && guard++ < 1000) {
    const objectTag = T1.read(b, o);
    if (!objectTag.context || objectTag.number !== 0) return;
    const object = objectId(b, objectTag);
    const open = T2.read(b, objectTag.end);
    if (!open.opening) return;
    o = open.end;
    let propertyId = -1;
    while (o < b.length && guard++ < 1000) {
      const tag = T3.read(b, o);
      if (tag.closing && tag.number === 1) {
        o = tag.end;
        break;
      }
      if (tag.context && tag.number === 2) propertyId = unsigned(b, tag);
      if (tag.opening && (tag.number === 4 || tag.number === 5)) {
        const valueTag = T4.read(b, tag.end);
        const value = tag.number === 4 ? applicationValue(b, valueTag) : undefined;
        if (value !== undefined) property(objectType(object), propertyId, value, sink);
        o = skipToClosing(b, tag.end, tag.number);
        continue;
      }
      o = tag.end;
    }
  }
}

/** Skips nested tags up to and including the closing tag `number`. */
function skipToClosing(b: ByteWindow, o: number, number: number): number {
  let depth = 0;
  for (let guard = 0; o < b.length && guard < 10_000; guard++) {
    const tag = T5.read(b, o);
    o = tag.end;
    if (tag.opening) depth++;
    else if (tag.closing) {
      if (depth === 0 && tag.number === number) return o;
      depth--;
    }
  }
  return o;
}
