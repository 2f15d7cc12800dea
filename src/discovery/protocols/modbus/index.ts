/** Modbus/TCP (MBAP): unit ids, function codes, Read Device Identification (FC 43 / MEI 14), Schneider UMAS (FC 90). */
import { ByteWindow } from '../../bytes.js';
import type { AttributeName, Operation } from '../../types.js';
import type { DissectContext, Dissector } from '../dissector.js';

interface FunctionInfo {
  name: string;
  operation?: Operation;
}

const FUNCTIONS: ReadonlyMap<number, FunctionInfo> = new Map([
  [1, { name: 'read-coils', operation: 'read' }],
  [2, { name: 'read-discrete-inputs', operation: 'read' }],
  [3, { name: 'read-holding-registers', operation: 'read' }],
  [4, { name: 'read-input-registers', operation: 'read' }],
  [5, { name: 'write-single-coil', operation: 'write' }],
  [6, { name: 'write-single-register', operation: 'write' }],
  [7, { name: 'read-exception-status', operation: 'diagnostics' }],
  [8, { name: 'diagnostics', operation: 'diagnostics' }],
  [11, { name: 'get-comm-event-counter', operation: 'diagnostics' }],
  [12, { name: 'get-comm-event-log', operation: 'diagnostics' }],
  [15, { name: 'write-multiple-coils', operation: 'write' }],
  [16, { name: 'write-multiple-registers', operation: 'write' }],
  [17, { name: 'report-server-id', operation: 'read' }],
  [20, { name: 'read-file-record', operation: 'read' }],
  [21, { name: 'write-file-record', operation: 'write' }],
  [22, { name: 'mask-write-register', operation: 'write' }],
  [23, { name: 'read-write-multiple-registers', operation: 'write' }],
  [24, { name: 'read-fifo-queue', operation: 'read' }],
  [43, { name: 'encapsulated-interface-transport', operation: 'read' }],
  [90, { name: 'umas', operation: undefined }],
]);

/** Schneider UMAS sub-functions (FC 90) that change the controller. */
const UMAS: ReadonlyMap<number, FunctionInfo> = new Map([
  [0x02, { name: 'umas-read-id', operation: 'read' }],
  [0x10, { name: 'umas-take-reservation', operation: 'configuration' }],
  [0x20, { name: 'umas-read-memory-block', operation: 'read' }],
  [0x22, { name: 'umas-read-variables', operation: 'read' }],
  [0x23, { name: 'umas-write-variables', operation: 'write' }],
  [0x30, { name: 'umas-initialize-download', operation: 'program-download' }],
  [0x31, { name: 'umas-download-block', operation: 'program-download' }],
  [0x32, { name: 'umas-end-download', operation: 'program-download' }],
  [0x33, { name: 'umas-initialize-upload', operation: 'program-upload' }],
  [0x34, { name: 'umas-upload-block', operation: 'program-upload' }],
  [0x35, { name: 'umas-end-upload', operation: 'program-upload' }],
  [0x40, { name: 'umas-start-plc', operation: 'start' }],
  [0x41, { name: 'umas-stop-plc', operation: 'stop' }],
]);

/** Read Device Identification object ids (Modbus Application Protocol v1.1b3 §6.21). */
const DEVICE_ID_OBJECTS: ReadonlyMap<number, { field: string; attribute?: AttributeName; confidence?: number }> = new Map([
  [0x00, { field: 'vendorName', attribute: 'vendor', confidence: 0.9 }],
  [0x01, { field: 'productCode', attribute: 'model', confidence: 0.7 }],
  [0x02, { field: 'revision', attribute: 'firmware', confidence: 0.85 }],
  [0x03, { field: 'vendorUrl' }],
  [0x04, { field: 'productName', attribute: 'model', confidence: 0.8 }],
  [0x05, { field: 'modelName', attribute: 'model', confidence: 0.9 }],
  [0x06, { field: 'userApplicationName' }],
]);

export const MODBUS_PORT = 502;

export function modbusFrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 7) return 0;
  if (b[start + 2] !== 0 || b[start + 3] !== 0) return -1; // protocol id is always 0
  const length = ((b[start + 4] as number) << 8) | (b[start + 5] as number);
  if (length < 2 || length > 254) return -1; // unit id + function code at least; 260-byte ADU at most
  return 6 + length;
}

export const modbus: Dissector = {
  name: 'modbus',
  tcpPorts: [MODBUS_PORT],
  frameLength: modbusFrameLength,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    adu(aduWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    adu(aduWindow.of(bytes, start, end), ctx);
  },
};

/** The ADU being dissected, read in place (dissection is not re-entrant). */
const aduWindow = new ByteWindow();

function adu(pdu: ByteWindow, ctx: DissectContext): void {
  const unit = pdu.u8(6, 'MBAP unit id');
  const code = pdu.u8(7, 'Modbus function code');
  const fc = code & 0x7f;
  const isResponse = ctx.fromServer === true;
  const server = isResponse ? 'src' : 'dst';
  ctx.identity(server, 'unitIds', unit);
  if (code & 0x80) {
    const exception = pdu.u8(8, 'Modbus exception code');
    ctx.operation(undefined, `exception-${fc}-${exception}`);
    return;
  }
  const info = FUNCTIONS.get(fc);
  if (fc === 43) {
    const mei = pdu.u8(8, 'MEI type');
    if (mei === 0x0e && isResponse) readDeviceIdentification(pdu, ctx);
    if (!isResponse) ctx.operation('read', mei === 0x0e ? 'read-device-identification' : `mei-${mei}`);
    return;
  }
  if (fc === 90) {
    if (isResponse || pdu.length < 10) return;
    const sub = pdu.u8(9, 'UMAS function');
    const umas = UMAS.get(sub);
    ctx.operation(umas?.operation, umas?.name ?? `umas-0x${sub.toString(16).padStart(2, '0')}`);
    return;
  }
  if (isResponse) return; // operations are counted on requests
  ctx.operation(info?.operation, info?.name ?? `function-${fc}`);
}

/** Response: 2B 0E code conformity moreFollows nextObjectId count {id len value}… */
function readDeviceIdentification(pdu: ByteWindow, ctx: DissectContext): void {
  const conformity = pdu.u8(10, 'conformity level');
  ctx.identity('src', 'conformityLevel', `0x${conformity.toString(16).padStart(2, '0')}`);
  const count = pdu.u8(13, 'object count');
  let o = 14;
  for (let i = 0; i < count; i++) {
    const id = pdu.u8(o, 'object id');
    const length = pdu.u8(o + 1, 'object length');
    const value = pdu.text(o + 2, length, `device identification object 0x${id.toString(16)}`);
    o += 2 + length;
    const known = DEVICE_ID_OBJECTS.get(id);
    if (known) ctx.identity('src', known.field, value, known.attribute, known.confidence);
    else ctx.identity('src', `object0x${id.toString(16).padStart(2, '0')}`, value);
  }
}
