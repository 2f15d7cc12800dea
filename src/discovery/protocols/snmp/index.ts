/** SNMP v1/v2c (UDP 161/162): sysDescr, sysName, sysObjectID, sysLocation from responses; v3 detected only. */
import { text } from '../../bytes.js';
import type { AttributeName, Operation } from '../../types.js';
import { berInteger, berOid, readTlv } from '../ber.js';
import type { DissectContext, Dissector } from '../dissector.js';
import { describeSystem } from '../system-description.js';

const PDUS: ReadonlyMap<number, { name: string; operation?: Operation }> = new Map([
  [0xa0, { name: 'get-request', operation: 'read' }],
  [0xa1, { name: 'get-next-request', operation: 'read' }],
  [0xa2, { name: 'response' }],
  [0xa3, { name: 'set-request', operation: 'configuration' }],
  [0xa4, { name: 'trap' }],
  [0xa5, { name: 'get-bulk-request', operation: 'read' }],
  [0xa6, { name: 'inform-request' }],
  [0xa7, { name: 'trap-v2' }],
]);

const SYSTEM: ReadonlyMap<string, { field: string; attribute?: AttributeName; confidence?: number }> = new Map([
  ['1.3.6.1.2.1.1.1.0', { field: 'sysDescr' }],
  ['1.3.6.1.2.1.1.2.0', { field: 'sysObjectID' }],
  ['1.3.6.1.2.1.1.4.0', { field: 'sysContact' }],
  ['1.3.6.1.2.1.1.5.0', { field: 'sysName', attribute: 'hostname', confidence: 0.75 }],
  ['1.3.6.1.2.1.1.6.0', { field: 'sysLocation' }],
]);

export const snmp: Dissector = {
  name: 'snmp',
  udpPorts: [161, 162],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const message = readTlv(pdu, 0);
    if (message.tag !== 0x30) return;
    const version = readTlv(pdu, message.start);
    const versionNumber = berInteger(pdu, version);
    const agent = ctx.fromServer === false ? 'dst' : 'src';
    ctx.identity(agent, 'version', ['v1', 'v2c', 'v2u', 'v3'][versionNumber] ?? String(versionNumber));
    if (versionNumber === 3) return; // v3 PDUs are usually encrypted
    const community = readTlv(pdu, version.end); // never recorded: it is a credential
    const body = readTlv(pdu, community.end);
    const info = PDUS.get(body.tag);
    if (!info) return;
    if (body.tag === 0xa4 || body.tag === 0xa7) ctx.serverIs('dst');
    else if (body.tag !== 0xa2) ctx.serverIs('dst');
    ctx.operation(info.operation, info.name);
    if (body.tag !== 0xa2) return;
    // request id, error status, error index, varbind list
    let o = readTlv(pdu, body.start).end;
    o = readTlv(pdu, o).end;
    o = readTlv(pdu, o).end;
    const list = readTlv(pdu, o);
    for (let v = list.start, guard = 0; v < list.end && guard < 256; guard++) {
      const bind = readTlv(pdu, v);
      const oid = readTlv(pdu, bind.start);
      const value = readTlv(pdu, oid.end);
      const known = SYSTEM.get(berOid(pdu, oid));
      if (known) {
        const shown = value.tag === 0x06 ? berOid(pdu, value) : text(pdu, value.start, value.end - value.start, known.field);
        ctx.identity('src', known.field, shown, known.attribute, known.confidence);
        if (known.field === 'sysDescr') {
          const described = describeSystem(shown);
          if (described.vendor) ctx.identity('src', 'vendor', described.vendor, 'vendor', 0.6);
          if (described.model) ctx.identity('src', 'model', described.model, 'model', 0.6);
          if (described.firmware) ctx.identity('src', 'firmware', described.firmware, 'firmware', 0.6);
        }
      }
      v = bind.end;
    }
  },
};
