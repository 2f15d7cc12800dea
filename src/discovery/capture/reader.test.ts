import { describe, expect, it } from 'vitest';
import type { Issue } from '../../model/errors.js';
import { bytes, pcap } from '../test-support.js';
import type { CapturedPacket } from '../types.js';
import { CaptureReader } from './reader.js';

function read(input: Uint8Array, chunkSize = input.length || 1) {
  const packets: CapturedPacket[] = [];
  const problems: (Issue & { code: string })[] = [];
  const reader = new CaptureReader((p) => packets.push({ ...p, data: p.data.slice() }), (i) => problems.push(i), { name: 'test.pcap' });
  for (let o = 0; o < input.length; o += chunkSize) reader.push(input.subarray(o, o + chunkSize));
  const state = reader.end();
  return { packets, problems, state };
}

/** pcapng: SHB, IDB (link 1, if_tsresol = 10^-9), IDB (link 113), EPB on iface 1, SPB. */
function pcapng(): Uint8Array {
  const block = (type: number, body: Buffer): Buffer => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const total = padded.length + 12;
    const head = Buffer.alloc(8);
    head.writeUInt32LE(type, 0);
    head.writeUInt32LE(total, 4);
    const tail = Buffer.alloc(4);
    tail.writeUInt32LE(total, 0);
    return Buffer.concat([head, padded, tail]);
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
  shb.writeUInt16LE(1, 4); // major
  shb.writeBigInt64LE(-1n, 8); // section length unknown
  const idb0 = Buffer.alloc(8 + 8 + 4);
  idb0.writeUInt16LE(1, 0); // Ethernet
  idb0.writeUInt32LE(0, 4); // snaplen
  idb0.writeUInt16LE(9, 8); // if_tsresol
  idb0.writeUInt16LE(1, 10);
  idb0.writeUInt8(9, 12); // 10^-9
  // (padding to 4, then opt_endofopt)
  const idb1 = Buffer.alloc(8);
  idb1.writeUInt16LE(113, 0); // Linux cooked
  const epb = Buffer.alloc(20 + 4);
  epb.writeUInt32LE(1, 0); // interface 1 (default µs resolution)
  const micros = 1_700_000_000_250_000n;
  epb.writeUInt32LE(Number(micros >> 32n), 4);
  epb.writeUInt32LE(Number(micros & 0xffffffffn), 8);
  epb.writeUInt32LE(3, 12); // captured
  epb.writeUInt32LE(3, 16); // original
  Buffer.from([0xaa, 0xbb, 0xcc]).copy(epb, 20);
  const epb0 = Buffer.alloc(24);
  const nanos = 1_700_000_001_000_000_000n;
  epb0.writeUInt32LE(0, 0);
  epb0.writeUInt32LE(Number(nanos >> 32n), 4);
  epb0.writeUInt32LE(Number(nanos & 0xffffffffn), 8);
  epb0.writeUInt32LE(2, 12);
  epb0.writeUInt32LE(60, 16); // cut at snaplen: 2 of 60
  Buffer.from([1, 2]).copy(epb0, 20);
  const spb = Buffer.alloc(4 + 4);
  spb.writeUInt32LE(4, 0);
  Buffer.from([9, 8, 7, 6]).copy(spb, 4);
  return Uint8Array.from(Buffer.concat([block(0x0a0d0d0a, shb), block(1, idb0), block(1, idb1), block(6, epb), block(6, epb0), block(3, spb)]));
}

describe('CaptureReader: pcap', () => {
  const frames = [bytes('01 02 03'), bytes('04 05 06 07')];

  it('reads little-endian microsecond pcap with frame numbers and times', () => {
    const { packets, problems, state } = read(pcap(frames));
    expect(problems).toEqual([]);
    expect(state.format).toBe('pcap');
    expect(packets.map((p) => [p.frame, Array.from(p.data)])).toEqual([
      [1, [1, 2, 3]],
      [2, [4, 5, 6, 7]],
    ]);
    expect(packets[0]?.time).toBeCloseTo(1_700_000_000.5, 6);
  });

  it('reads big-endian and nanosecond pcap the same way', () => {
    const { packets } = read(pcap(frames, 1, { bigEndian: true, nanoseconds: true }));
    expect(packets).toHaveLength(2);
    expect(packets[1]?.time).toBeCloseTo(1_700_000_001.5, 6);
    expect(Array.from(packets[1]?.data ?? [])).toEqual([4, 5, 6, 7]);
  });

  it('gives the same packets whatever the chunking (one byte at a time)', () => {
    const whole = read(pcap(frames));
    const bytewise = read(pcap(frames), 1);
    expect(bytewise.packets.map((p) => Array.from(p.data))).toEqual(whole.packets.map((p) => Array.from(p.data)));
  });

  it('reports a truncated last record with its frame number and keeps the earlier frames', () => {
    const file = pcap(frames);
    const { packets, problems, state } = read(file.subarray(0, file.length - 2));
    expect(packets).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'truncated-capture', frame: 2, file: 'test.pcap' });
    expect(state.complete).toBe(false);
  });

  it('skips a record with a bogus length and resynchronises on the next plausible one', () => {
    const file = Buffer.from(pcap([bytes('01 02 03'), bytes('04 05 06 07'), bytes('08 09')]));
    file.writeUInt32LE(0x7fffffff, 24 + 16 + 3 + 8); // frame 2 captured length
    const { packets, problems } = read(Uint8Array.from(file));
    expect(problems[0]).toMatchObject({ code: 'bogus-record-length', frame: 2 });
    expect(packets.map((p) => Array.from(p.data))).toContainEqual([8, 9]);
  });

  it('rejects unknown formats and empty input with a problem, not an exception', () => {
    expect(read(bytes('de ad be ef 00 00 00 00')).problems[0]?.code).toBe('unknown-format');
    expect(read(new Uint8Array(0)).problems[0]?.code).toBe('empty-capture');
  });

  it('never throws on random bytes after a valid header', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let round = 0; round < 50; round++) {
      const noise = Uint8Array.from({ length: 200 + round * 13 }, random);
      const file = new Uint8Array([...pcap([]), ...noise]);
      expect(() => read(file, 17)).not.toThrow();
    }
  });
});

describe('CaptureReader: pcapng', () => {
  it('reads several interfaces, EPB and SPB, with if_tsresol', () => {
    const { packets, problems, state } = read(pcapng(), 5);
    expect(state.format).toBe('pcapng');
    expect([...state.linkTypes]).toEqual([1, 113]);
    expect(packets.map((p) => [p.frame, p.linkType, Array.from(p.data)])).toEqual([
      [1, 113, [0xaa, 0xbb, 0xcc]],
      [2, 1, [1, 2]],
      [3, 1, [9, 8, 7, 6]],
    ]);
    expect(packets[0]?.time).toBeCloseTo(1_700_000_000.25, 5);
    expect(packets[1]?.time).toBeCloseTo(1_700_000_001, 5); // nanosecond interface
    expect(packets[1]?.originalLength).toBe(60); // snaplen-cut frame keeps its original length
    expect(problems).toEqual([]);
  });

  it('reports a bogus block length with the frame number and continues at the next valid block', () => {
    const file = Buffer.from(pcapng());
    // Corrupt the first EPB's total length (SHB 28 + IDB 32 + IDB 20 = offset 80).
    file.writeUInt32LE(0xfffffff0, 84);
    const { packets, problems } = read(Uint8Array.from(file));
    expect(problems[0]).toMatchObject({ code: 'bogus-block-length', frame: 1 });
    expect(packets.length).toBeGreaterThanOrEqual(1);
    expect(Array.from(packets.at(-1)?.data ?? [])).toEqual([9, 8, 7, 6]);
  });

  it('reports a truncated pcapng file', () => {
    const file = pcapng();
    const { problems, state } = read(file.subarray(0, file.length - 5));
    expect(problems.some((p) => p.code === 'truncated-capture')).toBe(true);
    expect(state.complete).toBe(false);
  });
});
