/**
 * ISO-on-TCP (TPKT, RFC 1006) + COTP (ISO 8073) on TCP 102. Reassembles COTP data units up to
 * the end-of-TSDU mark and hands the payload to S7comm (0x32), S7comm-plus (0x72) or marks MMS.
 */
import { ByteWindow } from '../../bytes.js';
import type { DissectContext, Dissector } from '../dissector.js';
import { dissectS7commPlus } from '../s7comm-plus/index.js';
import { dissectS7comm } from '../s7comm/index.js';

export const ISO_TSAP_PORT = 102;
const MAX_TSDU = 64 * 1024;

/**
 * Partial TSDU per direction (from server, from client, direction unknown): fixed slots rather
 * than maps, which would be emptied and refilled for every fragmented data unit. The data units
 * are copied one after another into a buffer that grows, so that the whole TSDU is one range.
 */
class CotpConversation {
  readonly partial: (Uint8Array | undefined)[] = [undefined, undefined, undefined];
  readonly partialBytes: number[] = [0, 0, 0];
}

/** Appends a data unit to the direction's partial TSDU; returns the buffer (the TSDU so far is its first `partialBytes`). */
function append(state: CotpConversation, direction: number, data: ByteWindow): Uint8Array {
  const used = state.partialBytes[direction] as number;
  const total = used + data.length;
  let buffer = state.partial[direction];
  if (buffer === undefined || buffer.length < total) {
    const grown = new Uint8Array(Math.max(total, 2 * (buffer?.length ?? 0), 512));
    if (buffer !== undefined) grown.set(buffer.subarray(0, used));
    state.partial[direction] = buffer = grown;
  }
  data.copyTo(buffer, used);
  state.partialBytes[direction] = total;
  return buffer;
}

function directionSlot(fromServer: boolean | undefined): number {
  return fromServer === true ? 0 : fromServer === false ? 1 : 2;
}

export function tpktFrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 4) return 0;
  if (b[start] !== 3 || b[start + 1] !== 0) return -1;
  const length = ((b[start + 2] as number) << 8) | (b[start + 3] as number);
  return length < 7 ? -1 : length;
}

export const cotp: Dissector = {
  name: 's7comm',
  tcpPorts: [ISO_TSAP_PORT],
  frameLength: tpktFrameLength,
  looksLike(payload: Uint8Array): boolean {
    // TPKT v3 + a COTP connection request (0xE0) or data (0xF0) header.
    return payload.length >= 7 && payload[0] === 3 && payload[1] === 0 && (payload[5] === 0xe0 || payload[5] === 0xf0);
  },
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    tpkt(tpktWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    tpkt(tpktWindow.of(bytes, start, end), ctx);
  },
};

/** The TPKT being dissected and the TSDU it carries, read in place (dissection is not re-entrant). */
const tpktWindow = new ByteWindow();
const tsduWindow = new ByteWindow();

function tpkt(pdu: ByteWindow, ctx: DissectContext): void {
  const lengthIndicator = pdu.u8(4, 'COTP length indicator');
  const type = pdu.u8(5, 'COTP PDU type') & 0xf0;
  const headerEnd = 5 + lengthIndicator;
  pdu.u8(headerEnd - 1, 'COTP header');
  if (type === 0xe0 || type === 0xd0) {
    connection(pdu, 6, headerEnd, ctx, type === 0xe0);
    return;
  }
  if (type !== 0xf0) return;
  const endOfTsdu = (pdu.u8(6, 'COTP TPDU number') & 0x80) !== 0;
  const data = tsduWindow.sub(pdu, headerEnd);
  const direction = directionSlot(ctx.fromServer);
  const state = ctx.conversation<CotpConversation>(newCotpConversation);
  if (!endOfTsdu) {
    const bytes = (state.partialBytes[direction] as number) + data.length;
    if (bytes > MAX_TSDU) {
      ctx.problem('cotp-too-long', `COTP data unit exceeds ${MAX_TSDU} bytes without an end mark`);
      state.partial[direction] = undefined;
      state.partialBytes[direction] = 0;
      return;
    }
    append(state, direction, data);
    return;
  }
  if (state.partial[direction] !== undefined) {
    // The last data unit of a fragmented TSDU: the whole TSDU is the buffer's first bytes.
    const buffer = append(state, direction, data);
    data.of(buffer, 0, state.partialBytes[direction]);
    state.partial[direction] = undefined;
    state.partialBytes[direction] = 0;
  }
  payload(data, ctx);
}

function newCotpConversation(): CotpConversation {
  return new CotpConversation();
}

function payload(tsdu: ByteWindow, ctx: DissectContext): void {
  if (tsdu.length === 0) return;
  const first = tsdu.at(0) as number;
  if (first === 0x32) dissectS7comm(tsdu, ctx);
  else if (first === 0x72) {
    ctx.protocol('s7comm-plus');
    dissectS7commPlus(tsdu, ctx);
  } else if (first === 0x0d || first === 0x0e || first === 0x01) {
    // ISO session SPDU (connect, accept, give-tokens + data): IEC 61850 MMS / ICCP.
    ctx.protocol('mms');
  }
}

/** Connection request / confirm: TSAP parameters tell the S7 connection type, rack and slot. */
function connection(pdu: ByteWindow, o: number, end: number, ctx: DissectContext, request: boolean): void {
  o += 5; // destination reference (2), source reference (2), class/options (1)
  while (o + 2 <= end) {
    const code = pdu.u8(o, 'COTP parameter code');
    const length = pdu.u8(o + 1, 'COTP parameter length');
    if (o + 2 + length > end) {
      ctx.problem('bad-cotp-parameter', `COTP parameter 0x${code.toString(16)} runs past the header`);
      return;
    }
    // The value `[o + 2, o + 2 + length)` lies within the header, which lies within the PDU.
    if (code === 0xc2 && request) {
      // Called TSAP (the server's); for S7: connection type, then rack (3 bits) and slot (5 bits).
      ctx.identity('dst', 'calledTsap', pdu.hex(o + 2, o + 2 + length));
      if (length === 2) {
        const rackSlot = pdu.at(o + 3) as number;
        ctx.identity('dst', 'rackSlot', `rack ${rackSlot >> 5}, slot ${rackSlot & 0x1f}`);
      }
    } else if (code === 0xc1 && request) {
      ctx.identity('src', 'callingTsap', pdu.hex(o + 2, o + 2 + length));
    }
    o += 2 + length;
  }
  ctx.operation(undefined, request ? 'cotp-connect' : 'cotp-connect-confirm');
}
