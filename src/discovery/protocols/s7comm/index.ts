/**
 * S7comm (S7-300/400 and S7-1200/1500 in compatibility mode): setup communication, job functions
 * (read/write/download/upload/PLC control/stop) and userdata SZL reads carrying the module
 * identification (SZL 0x0011/0x0111) and component identification (SZL 0x001C/0x011C).
 */
import { ByteWindow } from '../../bytes.js';
import type { Operation } from '../../types.js';
import type { DissectContext } from '../dissector.js';

const ROSCTR_JOB = 1;
const ROSCTR_ACK = 2;
const ROSCTR_ACK_DATA = 3;
const ROSCTR_USERDATA = 7;

const JOB_FUNCTIONS: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0x00, { name: 'cpu-services' }],
  [0x04, { name: 'read-var', operation: 'read' }],
  [0x05, { name: 'write-var', operation: 'write' }],
  [0x1a, { name: 'request-download', operation: 'program-download' }],
  [0x1b, { name: 'download-block', operation: 'program-download' }],
  [0x1c, { name: 'download-ended', operation: 'program-download' }],
  [0x1d, { name: 'start-upload', operation: 'program-upload' }],
  [0x1e, { name: 'upload', operation: 'program-upload' }],
  [0x1f, { name: 'end-upload', operation: 'program-upload' }],
  [0x28, { name: 'plc-control' }],
  [0x29, { name: 'plc-stop', operation: 'stop' }],
  [0xf0, { name: 'setup-communication' }],
]);

/** PI services named in a PLC-control job. */
const PI_SERVICES: ReadonlyMap<string, { name: string; operation: Operation }> = new Map([
  ['P_PROGRAM', { name: 'plc-start', operation: 'start' }],
  ['_INSE', { name: 'activate-block', operation: 'program-download' }],
  ['_DELE', { name: 'delete-block', operation: 'program-download' }],
  ['_MODU', { name: 'copy-ram-to-rom', operation: 'configuration' }],
  ['_GARB', { name: 'compress-memory', operation: 'configuration' }],
  ['_N_', { name: 'nc-program', operation: 'program-download' }],
]);

const USERDATA_GROUPS: ReadonlyMap<number, string> = new Map([
  [1, 'mode-transition'],
  [2, 'cyclic-data'],
  [3, 'block-functions'],
  [4, 'cpu-functions'],
  [5, 'security'],
  [6, 'pbc-bsend'],
  [7, 'time-functions'],
]);

/** SZL 0x001C component identification indexes → identity field (and device attribute). */
const COMPONENTS: ReadonlyMap<number, { field: string; attribute?: 'hostname' | 'serial' | 'model'; confidence?: number }> = new Map([
  [0x0001, { field: 'plcName', attribute: 'hostname', confidence: 0.6 }],
  [0x0002, { field: 'moduleName' }],
  [0x0003, { field: 'plantDesignation' }],
  [0x0004, { field: 'copyright' }],
  [0x0005, { field: 'serialNumber', attribute: 'serial', confidence: 0.95 }],
  [0x0007, { field: 'moduleTypeName', attribute: 'model', confidence: 0.9 }],
  [0x0008, { field: 'memoryCardSerial' }],
  [0x000a, { field: 'oemId' }],
  [0x000b, { field: 'locationId' }],
]);

/** The parameter and data parts, an SZL answer and one of its records, read in place (dissection is not re-entrant). */
const parametersWindow = new ByteWindow();
const dataWindow = new ByteWindow();
const szlWindow = new ByteWindow();
const recordWindow = new ByteWindow();

export function dissectS7comm(b: ByteWindow, ctx: DissectContext): void {
  const rosctr = b.u8(1, 'S7 ROSCTR');
  const parameterLength = b.u16be(6, 'S7 parameter length');
  const dataLength = b.u16be(8, 'S7 data length');
  const headerLength = rosctr === ROSCTR_ACK || rosctr === ROSCTR_ACK_DATA ? 12 : 10;
  if (headerLength + parameterLength + dataLength > b.length) {
    ctx.problem('bad-s7-length', `S7 parameter (${parameterLength}) and data (${dataLength}) lengths exceed the ${b.length}-byte PDU`);
    return;
  }
  const parameters = parametersWindow.sub(b, headerLength, headerLength + parameterLength);
  const data = dataWindow.sub(b, headerLength + parameterLength, headerLength + parameterLength + dataLength);
  if (rosctr === ROSCTR_JOB || rosctr === ROSCTR_ACK_DATA) {
    if (parameters.length === 0) return;
    const fn = parameters.at(0) as number;
    if (rosctr === ROSCTR_JOB) ctx.serverIs('dst');
    if (fn === 0xf0 && rosctr === ROSCTR_ACK_DATA && parameters.length >= 8) {
      ctx.identity('src', 'pduLength', parameters.u16be(6, 'negotiated PDU length'));
    }
    if (rosctr !== ROSCTR_JOB) return;
    const info = JOB_FUNCTIONS.get(fn);
    if (fn === 0x28) {
      const pi = piService(parameters);
      const service = [...PI_SERVICES.entries()].find(([prefix]) => pi.startsWith(prefix))?.[1];
      ctx.operation(service?.operation ?? 'configuration', service?.name ?? `pi-${pi || 'unknown'}`);
      return;
    }
    ctx.operation(info?.operation, info?.name ?? `function-0x${fn.toString(16).padStart(2, '0')}`);
    return;
  }
  if (rosctr === ROSCTR_USERDATA) userdata(parameters, data, ctx);
}

/** PLC-control parameters: 7 unknown bytes, parameter block length (2), block, name length (1), name. */
function piService(parameters: ByteWindow): string {
  if (parameters.length < 10) return '';
  const blockLength = parameters.u16be(8, 'PI parameter block length');
  const o = 10 + blockLength;
  if (o >= parameters.length) return '';
  const nameLength = parameters.u8(o, 'PI service name length');
  return parameters.text(o + 1, Math.min(nameLength, parameters.length - o - 1), 'PI service name');
}

function userdata(parameters: ByteWindow, data: ByteWindow, ctx: DissectContext): void {
  // Parameter head 00 01 12, length, method, type|group, subfunction, sequence.
  const typeGroup = parameters.u8(5, 'userdata type/group');
  const subfunction = parameters.u8(6, 'userdata subfunction');
  const type = typeGroup >> 4; // 4 request, 8 response, 0 push
  const group = typeGroup & 0x0f;
  const groupName = USERDATA_GROUPS.get(group) ?? `group-${group}`;
  if (type === 4) {
    ctx.serverIs('dst');
    let name = `${groupName}-${subfunction}`;
    let operation: Operation | undefined = 'read';
    if (group === 4 && subfunction === 1 && data.length >= 8) {
      name = `read-szl-0x${data.u16be(4, 'SZL id').toString(16).padStart(4, '0')}`;
    } else if (group === 5) operation = 'configuration'; // password / security
    else if (group === 7 && (subfunction === 2 || subfunction === 4)) operation = 'configuration'; // set clock
    else if (group === 1) operation = 'configuration';
    ctx.operation(operation, name);
    return;
  }
  if (type !== 8 || group !== 4 || subfunction !== 1) return;
  ctx.serverIs('src');
  // Data: return code, transport size, length (2), SZL id, index, record length, record count, records.
  if (data.length < 4 || data.at(0) !== 0xff) return;
  const length = data.u16be(2, 'SZL data length');
  const szl = szlWindow.sub(data, 4, 4 + length);
  if (szl.length < 8) return; // a follow-up fragment of a long SZL answer; headers only in the first
  const szlId = szl.u16be(0, 'SZL id');
  const recordLength = szl.u16be(4, 'SZL record length');
  const count = szl.u16be(6, 'SZL record count');
  const list = szlId & 0x00ff;
  if (recordLength === 0) return;
  for (let i = 0; i < count; i++) {
    const o = 8 + i * recordLength;
    if (o + recordLength > szl.length) break; // the rest continues in the next fragment
    const record = recordWindow.sub(szl, o, o + recordLength);
    if (list === 0x11 && recordLength >= 28) moduleIdentification(record, ctx);
    else if (list === 0x1c && recordLength >= 34) componentIdentification(record, ctx);
  }
}

/** SZL 0x0011 record: index, MlfB order number (20), BGTyp, Ausbg, Ausbe. */
function moduleIdentification(record: ByteWindow, ctx: DissectContext): void {
  const index = record.u16be(0, 'SZL index');
  const orderNumber = record.text(2, 20, 'MlfB');
  const ausbg = record.u16be(24, 'Ausbg');
  const ausbe = record.u16be(26, 'Ausbe');
  if (index === 0x0001) {
    if (orderNumber) ctx.identity('src', 'orderNumber', orderNumber, 'model', 0.85);
    ctx.identity('src', 'vendor', 'Siemens', 'vendor', 0.7);
  } else if (index === 0x0006) {
    if (orderNumber) ctx.identity('src', 'hardwareOrderNumber', orderNumber, 'hardware', 0.9);
    ctx.identity('src', 'hardwareVersion', `${ausbg}.${ausbe}`);
  } else if (index === 0x0007) {
    ctx.identity('src', 'firmwareVersion', firmwareVersion(ausbg, ausbe), 'firmware', 0.95);
  } else if (index === 0x0081) {
    ctx.identity('src', 'firmwareExtension', `${orderNumber ? `${orderNumber} ` : ''}${firmwareVersion(ausbg, ausbe)}`);
  }
}

/** Ausbg = letter + major, Ausbe = minor + patch, e.g. 0x5603 0x0206 → V3.2.6. */
export function firmwareVersion(ausbg: number, ausbe: number): string {
  const letter = ausbg >> 8;
  const prefix = letter >= 0x41 && letter <= 0x5a ? String.fromCharCode(letter) : `${letter}.`;
  return `${prefix}${ausbg & 0xff}.${ausbe >> 8}.${ausbe & 0xff}`;
}

/** SZL 0x001C record: index + 32 characters. */
function componentIdentification(record: ByteWindow, ctx: DissectContext): void {
  const index = record.u16be(0, 'SZL index');
  const component = COMPONENTS.get(index);
  if (!component) return;
  const value = record.text(2, 32, 'SZL component');
  if (!value) return;
  ctx.identity('src', component.field, value, component.attribute, component.confidence);
  if (index === 0x0004 && /siemens/i.test(value)) ctx.identity('src', 'vendor', 'Siemens', 'vendor', 0.8);
}
