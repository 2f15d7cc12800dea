/**
 * S7comm-plus (S7-1200/1500, TIA Portal): detection, protocol version, opcode and function. V3
 * frames carry a 32-byte integrity digest before the data. Identity is rarely visible: only the
 * session setup (CreateObject) may carry an order number and firmware string, which we look for.
 */
import type { ByteWindow } from '../../bytes.js';
import type { Operation } from '../../types.js';
import type { DissectContext } from '../dissector.js';

const OPCODES: ReadonlyMap<number, string> = new Map([
  [0x31, 'request'],
  [0x32, 'response'],
  [0x33, 'notification'],
  [0x02, 'response2'],
]);

const FUNCTIONS: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0x04b1, { name: 'error' }],
  [0x04bb, { name: 'explore', operation: 'read' }],
  [0x04ca, { name: 'create-object' }],
  [0x04d4, { name: 'delete-object', operation: 'configuration' }],
  [0x04f2, { name: 'set-variable', operation: 'write' }],
  [0x04fc, { name: 'get-variable', operation: 'read' }],
  [0x0506, { name: 'add-link' }],
  [0x051a, { name: 'remove-link' }],
  [0x0524, { name: 'get-link', operation: 'read' }],
  [0x0542, { name: 'set-multi-variables', operation: 'write' }],
  [0x054c, { name: 'get-multi-variables', operation: 'read' }],
  [0x0556, { name: 'begin-sequence' }],
  [0x0560, { name: 'end-sequence' }],
  [0x056b, { name: 'invoke' }],
  [0x057c, { name: 'set-var-substreamed', operation: 'write' }],
  [0x0586, { name: 'get-var-substreamed', operation: 'read' }],
  [0x0590, { name: 'get-variables-address', operation: 'read' }],
  [0x059a, { name: 'abort' }],
]);

/** e.g. `1;6ES7 511-1AK00-0AB0 ;V2.0` in a CreateObject response. */
const ORDER_AND_FIRMWARE = /(6E[SPS]\d ?\d{3}-[0-9A-Z]{5}-[0-9A-Z]{4})\s*;\s*V(\d+(?:\.\d+){1,3})/;
const latin1 = new TextDecoder('latin1');

export function dissectS7commPlus(b: ByteWindow, ctx: DissectContext): void {
  const version = b.u8(1, 'S7comm-plus version');
  const length = b.u16be(2, 'S7comm-plus data length');
  ctx.identity(ctx.fromServer === false ? 'dst' : 'src', 'protocolVersion', `0x${version.toString(16).padStart(2, '0')}`);
  if (length === 0) return; // frame trailer `72 vv 00 00`
  let o = 4;
  if (version === 0x03 || (version === 0x02 && length > 33 && b.at(4) === 0x20)) {
    const digestLength = b.u8(4, 'integrity digest length');
    o = 5 + digestLength;
  }
  const opcode = b.u8(o, 'S7comm-plus opcode');
  const opcodeName = OPCODES.get(opcode);
  if (!opcodeName) return;
  if (opcode === 0x33) return; // notifications are server pushes
  const fn = b.u16be(o + 3, 'S7comm-plus function');
  const info = FUNCTIONS.get(fn);
  if (opcode === 0x31) {
    ctx.serverIs('dst');
    ctx.operation(info?.operation, info?.name ?? `function-0x${fn.toString(16).padStart(4, '0')}`);
  } else if (opcode === 0x32 && fn === 0x04ca) {
    ctx.serverIs('src');
    const match = ORDER_AND_FIRMWARE.exec(latin1.decode(b.view(o)));
    if (match) {
      ctx.identity('src', 'orderNumber', match[1] as string, 'model', 0.85);
      ctx.identity('src', 'firmwareVersion', `V${match[2] as string}`, 'firmware', 0.85);
      ctx.identity('src', 'vendor', 'Siemens', 'vendor', 0.8);
    }
  }
}
