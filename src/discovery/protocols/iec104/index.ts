/**
 * IEC 60870-5-104 (TCP 2404): APCI formats, ASDU type ids, causes of transmission, common
 * addresses and commands. The protocol has no vendor fields: stations are identified by IP and
 * common address, and characterised by the type ids they use.
 */
import { ByteWindow } from '../../bytes.js';
import type { Operation } from '../../types.js';
import type { DissectContext, Dissector } from '../dissector.js';

export const IEC104_PORT = 2404;

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'M_SP_NA_1'], [3, 'M_DP_NA_1'], [5, 'M_ST_NA_1'], [7, 'M_BO_NA_1'], [9, 'M_ME_NA_1'], [11, 'M_ME_NB_1'],
  [13, 'M_ME_NC_1'], [15, 'M_IT_NA_1'], [21, 'M_ME_ND_1'], [30, 'M_SP_TB_1'], [31, 'M_DP_TB_1'], [32, 'M_ST_TB_1'],
  [33, 'M_BO_TB_1'], [34, 'M_ME_TD_1'], [35, 'M_ME_TE_1'], [36, 'M_ME_TF_1'], [37, 'M_IT_TB_1'], [38, 'M_EP_TD_1'],
  [45, 'C_SC_NA_1'], [46, 'C_DC_NA_1'], [47, 'C_RC_NA_1'], [48, 'C_SE_NA_1'], [49, 'C_SE_NB_1'], [50, 'C_SE_NC_1'],
  [51, 'C_BO_NA_1'], [58, 'C_SC_TA_1'], [59, 'C_DC_TA_1'], [60, 'C_RC_TA_1'], [61, 'C_SE_TA_1'], [62, 'C_SE_TB_1'],
  [63, 'C_SE_TC_1'], [64, 'C_BO_TA_1'], [70, 'M_EI_NA_1'], [100, 'C_IC_NA_1'], [101, 'C_CI_NA_1'], [102, 'C_RD_NA_1'],
  [103, 'C_CS_NA_1'], [104, 'C_TS_NA_1'], [105, 'C_RP_NA_1'], [106, 'C_CD_NA_1'], [107, 'C_TS_TA_1'], [110, 'P_ME_NA_1'],
  [111, 'P_ME_NB_1'], [112, 'P_ME_NC_1'], [113, 'P_AC_NA_1'], [120, 'F_FR_NA_1'], [121, 'F_SR_NA_1'], [122, 'F_SC_NA_1'],
  [123, 'F_LS_NA_1'], [124, 'F_AF_NA_1'], [125, 'F_SG_NA_1'], [126, 'F_DR_TA_1'], [127, 'F_SC_NB_1'],
]);

const U_FORMAT: ReadonlyMap<number, string> = new Map([
  [0x07, 'startdt-act'],
  [0x0b, 'startdt-con'],
  [0x13, 'stopdt-act'],
  [0x23, 'stopdt-con'],
  [0x43, 'testfr-act'],
  [0x83, 'testfr-con'],
]);

export function typeOperation(typeId: number): Operation | undefined {
  if (typeId >= 45 && typeId <= 64) return 'write';
  if (typeId >= 100 && typeId <= 102) return 'read';
  if (typeId === 103) return 'configuration';
  if (typeId === 105) return 'restart';
  if (typeId >= 110 && typeId <= 113) return 'configuration';
  if (typeId >= 120 && typeId <= 127) return 'configuration';
  return undefined;
}

export function iec104FrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 2) return 0;
  if (b[start] !== 0x68) return -1;
  const length = b[start + 1] as number;
  if (length < 4 || length > 253) return -1;
  return 2 + length;
}

export const iec104: Dissector = {
  name: 'iec104',
  tcpPorts: [IEC104_PORT],
  frameLength: iec104FrameLength,
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    apdu(apduWindow.of(pdu), ctx);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    apdu(apduWindow.of(bytes, start, end), ctx);
  },
};

/** The APDU being dissected, read in place (dissection is not re-entrant). */
const apduWindow = new ByteWindow();

function apdu(pdu: ByteWindow, ctx: DissectContext): void {
  const control = pdu.u8(2, 'APCI control');
  pdu.u8(5, 'APCI control');
  if ((control & 0x03) === 0x03) {
    ctx.operation(undefined, U_FORMAT.get(control) ?? `u-format-0x${control.toString(16)}`);
    return;
  }
  if ((control & 0x01) === 0x01) return; // S-format: acknowledgement only
  const typeId = pdu.u8(6, 'ASDU type id');
  const cause = pdu.u8(8, 'cause of transmission') & 0x3f;
  const commonAddress = pdu.u16le(10, 'common address');
  const station = ctx.fromServer === false ? 'dst' : 'src';
  const name = TYPE_NAMES.get(typeId) ?? `type-${typeId}`;
  ctx.identity(station, 'commonAddress', commonAddress);
  ctx.identity(station, 'typeIds', name);
  // Commands travel in control direction with cause 6 (activation) or 8 (deactivation).
  if (ctx.fromServer !== true && (cause === 6 || cause === 8)) ctx.operation(typeOperation(typeId), name);
}
