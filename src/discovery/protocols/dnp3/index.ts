/**
 * DNP3 (IEEE 1815) over TCP/UDP 20000: link addresses and direction (master/outstation),
 * application function codes, and group 0 device attributes in responses.
 */
import { ByteWindow, text, u8 } from '../../bytes.js';
import type { AttributeName, Operation } from '../../types.js';
import type { DissectContext, Dissector } from '../dissector.js';

export const DNP3_PORT = 20000;

const FUNCTIONS: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0, { name: 'confirm' }],
  [1, { name: 'read', operation: 'read' }],
  [2, { name: 'write', operation: 'write' }],
  [3, { name: 'select', operation: 'write' }],
  [4, { name: 'operate', operation: 'write' }],
  [5, { name: 'direct-operate', operation: 'write' }],
  [6, { name: 'direct-operate-no-ack', operation: 'write' }],
  [7, { name: 'immediate-freeze', operation: 'write' }],
  [8, { name: 'immediate-freeze-no-ack', operation: 'write' }],
  [9, { name: 'freeze-clear', operation: 'write' }],
  [10, { name: 'freeze-clear-no-ack', operation: 'write' }],
  [13, { name: 'cold-restart', operation: 'restart' }],
  [14, { name: 'warm-restart', operation: 'restart' }],
  [15, { name: 'initialize-data', operation: 'configuration' }],
  [16, { name: 'initialize-application', operation: 'configuration' }],
  [17, { name: 'start-application', operation: 'start' }],
  [18, { name: 'stop-application', operation: 'stop' }],
  [19, { name: 'save-configuration', operation: 'configuration' }],
  [20, { name: 'enable-unsolicited', operation: 'configuration' }],
  [21, { name: 'disable-unsolicited', operation: 'configuration' }],
  [22, { name: 'assign-class', operation: 'configuration' }],
  [23, { name: 'delay-measurement' }],
  [24, { name: 'record-current-time', operation: 'configuration' }],
  [25, { name: 'open-file', operation: 'configuration' }],
  [26, { name: 'close-file' }],
  [27, { name: 'delete-file', operation: 'configuration' }],
  [28, { name: 'get-file-info', operation: 'read' }],
  [29, { name: 'authenticate-file' }],
  [30, { name: 'abort-file' }],
  [31, { name: 'activate-config', operation: 'configuration' }],
  [32, { name: 'authenticate-request' }],
  [33, { name: 'authenticate-request-no-ack' }],
  [129, { name: 'response' }],
  [130, { name: 'unsolicited-response' }],
  [131, { name: 'authenticate-response' }],
]);

/** Group 0 (device attributes) variations. */
const ATTRIBUTES: ReadonlyMap<number, { field: string; attribute?: AttributeName; confidence?: number }> = new Map([
  [242, { field: 'softwareVersion', attribute: 'firmware', confidence: 0.85 }],
  [243, { field: 'hardwareVersion', attribute: 'hardware', confidence: 0.8 }],
  [245, { field: 'location' }],
  [246, { field: 'idCode' }],
  [247, { field: 'deviceName', attribute: 'hostname', confidence: 0.6 }],
  [248, { field: 'serialNumber', attribute: 'serial', confidence: 0.9 }],
  [250, { field: 'productName', attribute: 'model', confidence: 0.85 }],
  [252, { field: 'manufacturer', attribute: 'vendor', confidence: 0.85 }],
]);

/** Link frame length: header (10) + user data in 16-byte blocks, each followed by a 2-byte CRC. */
export function dnp3FrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 3) return 0;
  if (b[start] !== 0x05 || b[start + 1] !== 0x64) return -1;
  const length = b[start + 2] as number;
  if (length < 5) return -1;
  const data = length - 5;
  return 10 + data + 2 * Math.ceil(data / 16);
}

export const dnp3: Dissector = {
  name: 'dnp3',
  tcpPorts: [DNP3_PORT],
  udpPorts: [DNP3_PORT],
  frameLength: dnp3FrameLength,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    linkFrame(frameWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    linkFrame(frameWindow.of(bytes, start, end), ctx);
  },
};

/** The link frame being dissected, read in place (dissection is not re-entrant). */
const frameWindow = new ByteWindow();

function linkFrame(pdu: ByteWindow, ctx: DissectContext): void {
  const expected = dnp3FrameLength(pdu.b, pdu.base, pdu.base + pdu.length);
  if (expected <= 0) {
    ctx.problem('bad-dnp3-frame', 'DNP3 link frame does not start with 05 64 and a length of at least 5');
    return;
  }
  if (expected > pdu.length) {
    ctx.problem('bad-dnp3-length', `DNP3 link length needs ${expected} bytes, ${pdu.length} present`);
    return;
  }
  const control = pdu.u8(3, 'link control');
  const destination = pdu.u16le(4, 'destination address');
  const source = pdu.u16le(6, 'source address');
  const fromMaster = (control & 0x80) !== 0;
  ctx.serverIs(fromMaster ? 'dst' : 'src');
  ctx.identity('src', fromMaster ? 'masterAddress' : 'outstationAddress', source);
  if (destination < 0xfff0) ctx.identity('dst', fromMaster ? 'outstationAddress' : 'masterAddress', destination);
  const length = (pdu.at(2) as number) - 5;
  if (length < 2) return;
  // The transport and application headers lie in the first 16-byte block (frame offsets 10…):
  // read in place, the user data is copied out of its CRC blocks only for group 0 attributes.
  const transport = pdu.at(10) as number;
  if (!(transport & 0x40)) return; // not the first fragment: no application header here
  const fn = length >= 3 ? (pdu.at(12) as number) : u8(userData(pdu, length), 2, 'application function');
  const info = FUNCTIONS.get(fn);
  if (fn >= 129) {
    // Group 0 with qualifier 0 first (user data offsets 5 and 7), or there is nothing to read.
    if (fn !== 131 && length >= 8 && pdu.at(15) === 0 && pdu.at(17) === 0) groupZero(userData(pdu, length), 5, ctx);
    return;
  }
  ctx.operation(info?.operation, info?.name ?? `function-${fn}`);
}

/** Reused for the user data of every frame (at most 250 bytes; dissection is not re-entrant). */
const scratch = new Uint8Array(256);

/** User data without the per-block CRCs: a view valid until the next frame is dissected. */
function userData(frame: ByteWindow, length: number): Uint8Array {
  const out = scratch.subarray(0, length);
  let o = 10;
  for (let copied = 0; copied < length; ) {
    const block = Math.min(16, length - copied);
    // Byte by byte: cheaper than a view and a set() for 16 bytes (bytes past the frame read as 0, as before).
    for (let k = 0; k < block; k++) out[copied + k] = frame.at(o + k) ?? 0;
    copied += block;
    o += block + 2;
  }
  return out;
}

/** Response objects: group 0 attributes (qualifier 0x00, one index, data type, length, value). */
function groupZero(data: Uint8Array, o: number, ctx: DissectContext): void {
  while (o + 3 <= data.length) {
    const group = u8(data, o, 'object group');
    const variation = u8(data, o + 1, 'object variation');
    const qualifier = u8(data, o + 2, 'object qualifier');
    if (group !== 0 || qualifier !== 0x00) return;
    const length = u8(data, o + 6, 'attribute length');
    const attribute = ATTRIBUTES.get(variation);
    if (u8(data, o + 5, 'attribute data type') === 1) {
      const value = text(data, o + 7, length, `group 0 variation ${variation}`);
      if (attribute && value) ctx.identity('src', attribute.field, value, attribute.attribute, attribute.confidence);
    }
    o += 7 + length;
  }
}
