import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyseCapture, analyseCaptureBytes } from './index.js';
import { DiscoverySession } from './session.js';
import { bytes, ethernet, ipv4Frame, pcap, tcpFrame, udpFrame } from './test-support.js';

const PLC = '10.0.0.10';
const HMI = '10.0.0.20';
const SYN = 0x02;
const SYN_ACK = 0x12;

/** Modbus read holding registers request and its response. */
const readRequest = bytes('0001 0000 0006 01 03 0000 000A');
const readResponse = bytes('0001 0000 0007 01 03 04 0001 0002');
const deviceIdResponse = bytes('0002 0000 0013 01 2B 0E 01 81 00 00 02 00 04 41 43 4D 45 05 03 58 2D 31');

function modbusSession(): Uint8Array[] {
  return [
    tcpFrame({ src: HMI, dst: PLC, sport: 40000, dport: 502, seq: 100, payload: new Uint8Array(0), flags: SYN, srcMac: '0000bc000020', dstMac: '001b1b000010' }),
    tcpFrame({ src: PLC, dst: HMI, sport: 502, dport: 40000, seq: 900, payload: new Uint8Array(0), flags: SYN_ACK, srcMac: '001b1b000010', dstMac: '0000bc000020' }),
    tcpFrame({ src: HMI, dst: PLC, sport: 40000, dport: 502, seq: 101, payload: readRequest, srcMac: '0000bc000020', dstMac: '001b1b000010' }),
    // The response arrives in two segments, the second one first (out of order).
    tcpFrame({ src: PLC, dst: HMI, sport: 502, dport: 40000, seq: 901 + 5, payload: readResponse.subarray(5), srcMac: '001b1b000010', dstMac: '0000bc000020' }),
    tcpFrame({ src: PLC, dst: HMI, sport: 502, dport: 40000, seq: 901, payload: readResponse.subarray(0, 5), srcMac: '001b1b000010', dstMac: '0000bc000020' }),
    tcpFrame({ src: PLC, dst: HMI, sport: 502, dport: 40000, seq: 901 + readResponse.length, payload: deviceIdResponse, srcMac: '001b1b000010', dstMac: '0000bc000020' }),
  ];
}

describe('analyseCapture', () => {
  it('builds devices, roles and flows from a Modbus conversation, reassembling out-of-order segments', async () => {
    const result = await analyseCapture(Readable.from([Buffer.from(pcap(modbusSession()))]), { name: 'modbus.pcap' });
    expect(result.problems).toEqual([]);
    expect(result.captures[0]).toMatchObject({ name: 'modbus.pcap', format: 'pcap', frames: 6, complete: true, linkTypes: ['ethernet'] });
    const plc = result.devices.find((d) => d.ips.includes(PLC));
    expect(plc).toMatchObject({ vendor: 'ACME', model: 'X-1', kind: 'plc', macs: ['00:1b:1b:00:00:10'], macVendor: 'Siemens AG', protocols: ['modbus'], roles: ['modbus-server'] });
    expect(plc?.identity.modbus?.unitIds).toBe('1');
    expect(plc?.evidence.find((e) => e.attribute === 'vendor')).toMatchObject({ capture: 'modbus.pcap', frame: 6, protocol: 'modbus', field: 'vendorName' });
    const hmi = result.devices.find((d) => d.ips.includes(HMI));
    expect(hmi).toMatchObject({ kind: 'hmi', roles: ['modbus-client'] });
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]).toMatchObject({ client: HMI, server: PLC, protocol: 'modbus', port: 502, packets: 6, operations: ['read'] });
    expect(result.flows[0]?.functions).toContain('read-holding-registers');
  });

  it('does not merge hosts behind a router MAC, but keeps the router as one network device', () => {
    const routerMac = '00000c0000ff';
    const frames = [1, 2, 3, 4].map((n) => udpFrame({ src: `172.16.0.${n}`, dst: '10.0.0.5', sport: 5000, dport: 161, payload: bytes('30 00'), srcMac: routerMac, dstMac: '001b1b000005' }));
    // The router's own address, stated by ARP.
    frames.push(ethernet('ffffffffffff', routerMac, 0x0806, bytes('0001 0800 06 04 0002 00000c0000ff 0a000001 001b1b000005 0a000005')));
    const result = analyseCaptureBytes(pcap(frames), { name: 'routed.pcap' });
    const router = result.devices.find((d) => d.macs.includes('00:00:0c:00:00:ff'));
    expect(router?.ips).toEqual(['10.0.0.1']);
    expect(router?.kind).toBe('network');
    for (const n of [1, 2, 3, 4]) {
      const host = result.devices.find((d) => d.ips.includes(`172.16.0.${n}`));
      expect(host?.macs).toEqual([]);
    }
  });

  it('reports malformed headers with the frame number and keeps going', () => {
    const badIp = Buffer.from(ipv4Frame('1.1.1.1', '2.2.2.2', 6, new Uint8Array(20)));
    badIp[14] = 0x4f; // IHL 60 bytes > captured
    const badTcp = Buffer.from(tcpFrame({ src: HMI, dst: PLC, sport: 1, dport: 502, seq: 1, payload: new Uint8Array(0) }));
    badTcp[14 + 20 + 12] = 0xf0; // data offset 60
    const badUdp = Buffer.from(udpFrame({ src: HMI, dst: PLC, sport: 1, dport: 47808, payload: bytes('81 0a 00 04') }));
    badUdp.writeUInt16BE(400, 14 + 20 + 4); // UDP length past the packet
    const shortEthernet = bytes('ffff');
    // Device identification object claims 32 bytes, 1 present.
    const badModbus = tcpFrame({ src: PLC, dst: HMI, sport: 502, dport: 40001, seq: 1, payload: bytes('0001 0000 000B 01 2B 0E 01 81 00 00 01 00 20 41') });
    const result = analyseCaptureBytes(pcap([Uint8Array.from(badIp), Uint8Array.from(badTcp), Uint8Array.from(badUdp), shortEthernet, badModbus, ...modbusSession()]));
    const byFrame = new Map(result.problems.map((p) => [p.frame, p.code]));
    expect(byFrame.get(1)).toBe('bad-ip-header');
    expect(byFrame.get(2)).toBe('bad-tcp-header');
    expect(byFrame.get(3)).toBe('bad-udp-header');
    expect(byFrame.get(4)).toBe('bad-link-header');
    expect(byFrame.get(5)).toBe('truncated-pdu');
    // The good conversation after the bad frames is still fully analysed.
    expect(result.devices.find((d) => d.ips.includes(PLC))?.vendor).toBe('ACME');
  });

  it('survives random frames and random files without throwing', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 400; i++) {
      const noise = Uint8Array.from({ length: 20 + (i % 120) }, random);
      // Valid Ethernet + IPv4 + TCP/UDP headers around random payloads reach every dissector.
      const port = [502, 44818, 102, 47808, 20000, 2404, 4840, 161, 137, 5353, 67, 80][i % 12] as number;
      frames.push(i % 2 ? tcpFrame({ src: HMI, dst: PLC, sport: 40000 + i, dport: port, seq: i, payload: noise }) : udpFrame({ src: HMI, dst: PLC, sport: 40000, dport: port, payload: noise }));
      frames.push(ethernet('010ecf000000', '001b1b000001', [0x8892, 0x88cc, 0x0806, 0x88b8][i % 4] as number, noise));
      frames.push(noise);
    }
    expect(() => analyseCaptureBytes(pcap(frames))).not.toThrow();
    expect(() => analyseCaptureBytes(Uint8Array.from({ length: 5000 }, random))).not.toThrow();
  });

  it('refuses text streams with a typed error', async () => {
    await expect(analyseCapture(Readable.from(['not bytes']))).rejects.toMatchObject({ code: 'invalid-capture-stream' });
  });

  it('decodes raw-IP and Linux cooked captures', () => {
    const frame = tcpFrame({ src: HMI, dst: PLC, sport: 40000, dport: 502, seq: 1, payload: readRequest });
    const ip = frame.subarray(14);
    const sll = new Uint8Array([0, 0, 0, 1, 0, 6, 0, 0, 0xbc, 0, 0, 0x20, 0, 0, 0x08, 0x00, ...ip]);
    for (const [linkType, data] of [
      [101, ip],
      [113, sll],
    ] as const) {
      const result = analyseCaptureBytes(pcap([data], linkType));
      expect(result.flows[0]).toMatchObject({ client: HMI, server: PLC, protocol: 'modbus' });
    }
  });

  it('flushes closed TCP connections into flows once idle, keeping only the open ones tracked', () => {
    // An HMI that opens a new Modbus connection per poll, one frame a second: each connection
    // closes (FIN both ways) and is followed by its last ACK; one RST-closed connection; one left open.
    const FIN_ACK = 0x11;
    const ACK = 0x10;
    const RST = 0x04;
    const frames: Uint8Array[] = [];
    const poll = (port: number, close: 'fin' | 'rst' | 'open') => {
      const hmi = { src: HMI, dst: PLC, sport: port, dport: 502, srcMac: '0000bc000020', dstMac: '001b1b000010' };
      const plc = { src: PLC, dst: HMI, sport: 502, dport: port, srcMac: '001b1b000010', dstMac: '0000bc000020' };
      frames.push(tcpFrame({ ...hmi, seq: 100, payload: new Uint8Array(0), flags: SYN }));
      frames.push(tcpFrame({ ...plc, seq: 900, payload: new Uint8Array(0), flags: SYN_ACK }));
      frames.push(tcpFrame({ ...hmi, seq: 101, payload: readRequest }));
      frames.push(tcpFrame({ ...plc, seq: 901, payload: readResponse }));
      if (close === 'fin') {
        frames.push(tcpFrame({ ...hmi, seq: 101 + readRequest.length, payload: new Uint8Array(0), flags: FIN_ACK }));
        frames.push(tcpFrame({ ...plc, seq: 901 + readResponse.length, payload: new Uint8Array(0), flags: FIN_ACK }));
        frames.push(tcpFrame({ ...hmi, seq: 102 + readRequest.length, payload: new Uint8Array(0), flags: ACK }));
      } else if (close === 'rst') frames.push(tcpFrame({ ...plc, seq: 901 + readResponse.length, payload: new Uint8Array(0), flags: RST }));
    };
    for (let i = 0; i < 30; i++) poll(41000 + i, i === 10 ? 'rst' : 'fin');
    poll(42000, 'open');
    const session = new DiscoverySession();
    session.addCaptureBytes(pcap(frames), { name: 'polls.pcap' });
    // 31 connections were seen; those closed more than 5 s (of capture time) before the last new
    // one are flushed already: the last poll's 7 frames take 7 s, so only the previous poll's and
    // the open one are still tracked.
    expect(session.trackedConversations).toBeLessThanOrEqual(2);
    const result = session.result();
    expect(session.trackedConversations).toBe(0);
    expect(result.problems).toEqual([]);
    // Nothing is lost by flushing early: one flow with every packet, the read operation, the roles.
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]).toMatchObject({ client: HMI, server: PLC, protocol: 'modbus', port: 502, packets: frames.length, operations: ['read'] });
    expect(result.flows[0]?.first).toBe(new Date(1_700_000_000_500).toISOString());
    expect(result.flows[0]?.last).toBe(new Date((1_700_000_000 + frames.length - 1) * 1000 + 500).toISOString());
    expect(result.devices.find((d) => d.ips.includes(PLC))?.roles).toEqual(['modbus-server']);
    expect(result.devices.find((d) => d.ips.includes(HMI))?.roles).toEqual(['modbus-client']);
  });

  it('keeps a closed connection that is opened again on the same ports, and one whose last packets come late', () => {
    const FIN_ACK = 0x11;
    const hmi = { src: HMI, dst: PLC, sport: 43000, dport: 502 };
    const plc = { src: PLC, dst: HMI, sport: 502, dport: 43000 };
    const frames = [
      tcpFrame({ ...hmi, seq: 100, payload: new Uint8Array(0), flags: SYN }),
      tcpFrame({ ...plc, seq: 900, payload: new Uint8Array(0), flags: SYN_ACK }),
      tcpFrame({ ...hmi, seq: 101, payload: new Uint8Array(0), flags: FIN_ACK }),
      tcpFrame({ ...plc, seq: 901, payload: new Uint8Array(0), flags: FIN_ACK }),
      // Opened again on the same ports 1 s later, and used for 10 s while other conversations start.
      tcpFrame({ ...hmi, seq: 5000, payload: new Uint8Array(0), flags: SYN }),
      tcpFrame({ ...plc, seq: 7000, payload: new Uint8Array(0), flags: SYN_ACK }),
      ...Array.from({ length: 10 }, (_, i) => udpFrame({ src: HMI, dst: '10.0.0.99', sport: 5000 + i, dport: 161, payload: bytes('30 00') })),
      tcpFrame({ ...hmi, seq: 5001, payload: readRequest }),
      tcpFrame({ ...plc, seq: 7001, payload: readResponse }),
    ];
    const session = new DiscoverySession();
    session.addCaptureBytes(pcap(frames), { name: 'reopened.pcap' });
    const result = session.result();
    const modbus = result.flows.filter((f) => f.protocol === 'modbus');
    expect(modbus).toHaveLength(1);
    expect(modbus[0]).toMatchObject({ client: HMI, server: PLC, packets: 8, operations: ['read'] });
  });
});
