import { describe, expect, it } from 'vitest';
import { bytes, recordingContext } from '../test-support.js';
import { bacnet } from './bacnet/index.js';
import { cotp, tpktFrameLength } from './cotp/index.js';
import { dnp3, dnp3FrameLength } from './dnp3/index.js';
import { enip, enipFrameLength } from './enip/index.js';
import { iec104, iec104FrameLength } from './iec104/index.js';
import { lldp } from './lldp/index.js';
import { modbus, modbusFrameLength } from './modbus/index.js';
import { opcua, opcuaFrameLength } from './opcua/index.js';
import { profinet } from './profinet/index.js';
import { firmwareVersion } from './s7comm/index.js';
import { DISSECTORS } from './registry.js';

describe('Modbus/TCP', () => {
  it('frames MBAP and records a Read Device Identification request', () => {
    const request = bytes(`
      00 01   # transaction id
      00 00   # protocol id (always 0)
      00 05   # length: unit id + 4 PDU bytes
      01      # unit id
      2B 0E   # FC 43, MEI 14 (read device identification)
      01 00   # basic, object 0`);
    expect(modbusFrameLength(request)).toBe(11);
    const ctx = recordingContext(false);
    modbus.dissect(request, ctx);
    expect(ctx.recorded.operations).toEqual([{ operation: 'read', name: 'read-device-identification' }]);
    expect(ctx.recorded.identities[0]).toMatchObject({ side: 'dst', field: 'unitIds', value: '1' });
  });

  it('reads the identification objects of a response', () => {
    const response = bytes(`
      00 01 00 00 00 1B 01
      2B 0E 01   # FC 43 / MEI 14, read code basic
      81         # conformity level
      00 00      # more follows: no, next object 0
      03         # three objects
      00 07 53 69 65 6D 65 6E 73           # 0 VendorName "Siemens"
      01 04 58 31 32 33                    # 1 ProductCode "X123"
      02 04 56 32 2E 31                    # 2 MajorMinorRevision "V2.1"`);
    const ctx = recordingContext(true);
    modbus.dissect(response, ctx);
    expect(ctx.field('vendorName')).toBe('Siemens');
    expect(ctx.field('productCode')).toBe('X123');
    expect(ctx.recorded.identities.find((i) => i.field === 'revision')).toMatchObject({ value: 'V2.1', attribute: 'firmware' });
  });

  it('rejects a non-zero protocol id and reports an object that runs past the PDU', () => {
    expect(modbusFrameLength(bytes('00 01 00 07 00 05 01 03 00 00'))).toBe(-1);
    const ctx = recordingContext(true);
    expect(() => modbus.dissect(bytes('00 01 00 00 00 0A 01 2B 0E 01 81 00 00 01 00 20 41'), ctx)).toThrow(/object/);
  });

  it('maps Schneider UMAS stop and write functions', () => {
    const ctx = recordingContext(false);
    modbus.dissect(bytes('00 02 00 00 00 04 00 5A 00 41'), ctx);
    modbus.dissect(bytes('00 03 00 00 00 06 01 10 00 00 00 01'), ctx);
    expect(ctx.recorded.operations.map((o) => o.operation)).toEqual(['stop', 'write']);
  });
});

describe('EtherNet/IP', () => {
  it('decodes a List Identity reply (LE identity, BE socket address)', () => {
    const reply = bytes(`
      63 00 33 00 00000000 00000000 0000000000000000 00000000   # header: ListIdentity, length 51
      01 00                     # item count
      0C 00 2D 00               # item type 0x000C, length 45
      01 00                     # encapsulation version
      00 02 AF 12 0A 01 01 A4 0000000000000000   # sockaddr: AF_INET, 44818, 10.1.1.164
      01 00                     # vendor 1 (Rockwell)
      0C 00                     # device type 12 (communications adapter)
      3A 00                     # product code 58
      04 03                     # revision 4.3
      30 00                     # status
      8E 4D 52 00               # serial 0x00524d8e
      0B 31 37 35 36 2D 45 4E 42 54 2F 41   # "1756-ENBT/A"
      03                        # state`);
    expect(enipFrameLength(reply)).toBe(reply.length);
    const ctx = recordingContext(true);
    enip.dissect(reply, ctx);
    expect(ctx.field('vendor')).toBe('Rockwell Automation/Allen-Bradley');
    expect(ctx.field('deviceType')).toBe('Communications Adapter');
    expect(ctx.field('revision')).toBe('4.003');
    expect(ctx.field('serial')).toBe('0x00524d8e');
    expect(ctx.field('productName')).toBe('1756-ENBT/A');
    expect(ctx.field('socketAddress')).toBe('10.1.1.164');
  });

  it('rejects unknown commands for framing and reports a short identity item', () => {
    expect(enipFrameLength(bytes('99 99 00 00 00000000 00000000 0000000000000000 00000000'))).toBe(-1);
    const ctx = recordingContext(true);
    expect(() => enip.dissect(bytes('63 00 08 00 00000000 00000000 0000000000000000 00000000 01 00 0C 00 40 00 01 00'), ctx)).toThrow();
  });
});

describe('S7comm over COTP', () => {
  const szlResponse = bytes(`
    03 00 00 45            # TPKT, length 69
    02 F0 80               # COTP DT, end of TSDU
    32 07 0000 0001 000C 0028   # S7 userdata, param 12, data 40
    000112 08 12 84 01 01 00 00 0000   # userdata response, group 4 (CPU), subfunction 1 (read SZL)
    FF 09 0024             # return code ok, octet string, 36 bytes
    0011 0000 001C 0001    # SZL 0x0011, index 0, 28-byte records, one record
    0001 36455337203331352D3245483134 2D30414230 20 00C0 0004 0001   # index 1: "6ES7 315-2EH14-0AB0 "
  `);

  it('frames TPKT and reads the module order number from SZL 0x0011', () => {
    expect(tpktFrameLength(szlResponse)).toBe(69);
    const ctx = recordingContext(true);
    cotp.dissect(szlResponse, ctx);
    expect(ctx.field('orderNumber')).toBe('6ES7 315-2EH14-0AB0');
    expect(ctx.recorded.server).toContain('src');
  });

  it('decodes firmware versions from Ausbg/Ausbe', () => {
    expect(firmwareVersion(0x5603, 0x0206)).toBe('V3.2.6');
  });

  it('records the rack and slot of a connection request', () => {
    const ctx = recordingContext(false);
    cotp.dissect(bytes('03 00 00 16 11 E0 0000 0001 00 C1 02 0100 C2 02 0102 C0 01 0A'), ctx);
    expect(ctx.field('rackSlot')).toBe('rack 0, slot 2');
  });

  it('reports S7 lengths that exceed the PDU', () => {
    const ctx = recordingContext(false);
    cotp.dissect(bytes('03 00 00 13 02 F0 80 32 01 0000 0001 00FF 0000 04 01'), ctx);
    expect(ctx.recorded.problems[0]?.code).toBe('bad-s7-length');
  });

  it('marks S7comm-plus and reads its function', () => {
    const ctx = recordingContext(false);
    cotp.dissect(bytes('03 00 00 1A 02 F0 80 72 01 000B 31 0000 054C 0000 0001 00000001 00'), ctx);
    expect(ctx.recorded.protocols).toEqual(['s7comm-plus']);
    expect(ctx.recorded.operations).toEqual([{ operation: 'read', name: 'get-multi-variables' }]);
  });
});

describe('BACnet/IP', () => {
  it('decodes the I-Am vector of the standard', () => {
    const ctx = recordingContext();
    bacnet.dissect(bytes('81 0B 0014 01 00 10 00 C4 02 00 00 0A 22 05 C4 91 03 21 05'), ctx);
    expect(ctx.field('deviceInstance')).toBe('10');
    expect(ctx.field('maxApdu')).toBe('1476');
    expect(ctx.field('segmentation')).toBe('none');
    expect(ctx.field('vendorId')).toBe('5');
    expect(ctx.field('vendor')).toBe('Johnson Controls, Inc.');
  });

  it('reads a ReadProperty-ACK for the model name', () => {
    const ctx = recordingContext();
    // complex ack, invoke 1, ReadProperty; device 10; property 70 (model-name); "ABC"
    bacnet.dissect(bytes('81 0A 0018 01 00 30 01 0C 0C 02 00 00 0A 19 46 3E 75 04 00 41 42 43 3F'), ctx);
    expect(ctx.recorded.identities.find((i) => i.field === 'modelName')).toMatchObject({ value: 'ABC', attribute: 'model' });
  });

  it('reports a BVLC length below its header and a wrong NPDU version', () => {
    const ctx = recordingContext();
    bacnet.dissect(bytes('81 0A 0002'), ctx);
    bacnet.dissect(bytes('81 0A 0008 02 00 10 08'), ctx);
    expect(ctx.recorded.problems.map((p) => p.code)).toEqual(['bad-bvlc-length', 'bad-npdu']);
  });
});

describe('DNP3', () => {
  it('decodes the link status vector: destination 1, source 1024, from master', () => {
    const frame = bytes('05 64 05 C9 01 00 00 04 A6 57');
    expect(dnp3FrameLength(frame)).toBe(10);
    const ctx = recordingContext();
    dnp3.dissect(frame, ctx);
    expect(ctx.recorded.identities).toEqual([
      { side: 'src', field: 'masterAddress', value: '1024', attribute: undefined, confidence: undefined },
      { side: 'dst', field: 'outstationAddress', value: '1', attribute: undefined, confidence: undefined },
    ]);
    expect(ctx.recorded.server).toEqual(['dst']);
  });

  it('strips block CRCs and reads the application function of a request', () => {
    // length 8: ctrl+addresses (5) + transport + app control + function (read) + CRCs
    const ctx = recordingContext();
    dnp3.dissect(bytes('05 64 08 C4 0A 00 01 00 0000  C0 C1 01 0000'), ctx);
    expect(ctx.recorded.operations).toEqual([{ operation: 'read', name: 'read' }]);
  });

  it('reports a length that does not fit', () => {
    const ctx = recordingContext();
    dnp3.dissect(bytes('05 64 20 C4 0A 00 01 00 0000'), ctx);
    expect(ctx.recorded.problems[0]?.code).toBe('bad-dnp3-length');
  });
});

describe('IEC 60870-5-104', () => {
  it('frames STARTDT and a general interrogation with common address 1', () => {
    expect(iec104FrameLength(bytes('68 04 07 00 00 00'))).toBe(6);
    const ctx = recordingContext(false);
    iec104.dissect(bytes('68 04 07 00 00 00'), ctx);
    iec104.dissect(bytes('68 0E 00 00 00 00 64 01 06 00 01 00 00 00 00 14'), ctx);
    expect(ctx.recorded.operations).toEqual([
      { operation: undefined, name: 'startdt-act' },
      { operation: 'read', name: 'C_IC_NA_1' },
    ]);
    expect(ctx.field('commonAddress')).toBe('1');
    expect(iec104FrameLength(bytes('68 FF'))).toBe(-1);
  });
});

describe('OPC UA', () => {
  it('frames a Hello and reads its endpoint URL', () => {
    const url = Buffer.from('opc.tcp://plc:4840');
    const body = Buffer.alloc(20 + 4 + url.length);
    body.writeInt32LE(url.length, 20);
    url.copy(body, 24);
    const hello = Buffer.concat([Buffer.from('HELF'), Buffer.alloc(4), body]);
    hello.writeUInt32LE(hello.length, 4);
    expect(opcuaFrameLength(hello)).toBe(hello.length);
    const ctx = recordingContext(false);
    opcua.dissect(hello, ctx);
    expect(ctx.field('endpointUrl')).toBe('opc.tcp://plc:4840');
  });

  it('reports a string length past the message instead of reading beyond it', () => {
    const hello = Buffer.concat([Buffer.from('HELF'), Buffer.from([32, 0, 0, 0]), Buffer.alloc(20), Buffer.from([0xff, 0, 0, 0x7f])]);
    expect(() => opcua.dissect(hello, recordingContext(false))).toThrow(/String/);
  });
});

describe('PROFINET DCP and LLDP', () => {
  it('reads an Identify response: name of station, vendor/device id, role, IP', () => {
    const frame = bytes(`
      FEFF 05 01 00000001 0000 0032   # Identify response, 50 bytes of blocks
      0202 000A 0000 706C632D31 00 00 00    # NameOfStation "plc-1" (+block info, padded)
      0203 0006 0000 002A 0101              # DeviceID: vendor 0x002A (Siemens), device 0x0101
      0204 0004 0000 02 00                  # role: IO-Controller
      0102 000E 0000 C0A80002 FFFFFF00 C0A80001   # IP 192.168.0.2/24 gw .1`);
    const ctx = recordingContext();
    profinet.dissect(frame, ctx);
    expect(ctx.field('nameOfStation')).toBe('plc-1');
    expect(ctx.field('vendor')).toBe('Siemens');
    expect(ctx.field('deviceId')).toBe('0x0101');
    expect(ctx.field('role')).toBe('IO-Controller');
    expect(ctx.recorded.binds).toEqual([{ ip: '192.168.0.2', mac: undefined }]);
  });

  it('reads the LLDP chassis MAC vector and system name, and reports a TLV past the frame', () => {
    const ctx = recordingContext();
    lldp.dissect(bytes('02 07 04 001B1B000001  0A 03 73 77 31  0000'), ctx);
    expect(ctx.field('chassisMac')).toBe('00:1b:1b:00:00:01');
    expect(ctx.field('systemName')).toBe('sw1');
    lldp.dissect(bytes('0A 30 41'), ctx);
    expect(ctx.recorded.problems[0]?.code).toBe('bad-lldp-tlv');
  });
});

describe('every dissector against hostile bytes', () => {
  it('either returns or throws a typed bounds error, never anything else', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (const dissector of DISSECTORS) {
      for (let round = 0; round < 300; round++) {
        const b = Uint8Array.from({ length: round % 80 }, random);
        for (const fromServer of [true, false, undefined]) {
          try {
            if (dissector.frameLength) dissector.frameLength(b);
            dissector.dissect(b, recordingContext(fromServer));
          } catch (error) {
            expect((error as Error).name, `${dissector.name}: ${(error as Error).message}`).toMatch(/^(Truncated|RangeError)$/);
          }
        }
      }
    }
  });
});
