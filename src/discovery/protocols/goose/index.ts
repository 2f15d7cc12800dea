/** IEC 61850 GOOSE (EtherType 0x88B8): publisher's control block reference and GOOSE id. */
import { text, u16be } from '../../bytes.js';
import { readTlv } from '../ber.js';
import type { DissectContext, Dissector } from '../dissector.js';

export const goose: Dissector = {
  name: 'goose',
  etherTypes: [0x88b8],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const appId = u16be(pdu, 0, 'GOOSE APPID');
    const length = u16be(pdu, 2, 'GOOSE length');
    if (length < 8 || length > pdu.length) {
      ctx.problem('bad-goose-length', `GOOSE length ${length} does not fit the ${pdu.length}-byte frame`);
      return;
    }
    ctx.identity('src', 'appId', `0x${appId.toString(16).padStart(4, '0')}`);
    const goosePdU = readTlv(pdu, 8);
    if (goosePdU.tag !== 0x61) return;
    for (let o = goosePdU.start, guard = 0; o < goosePdU.end && guard < 16; guard++) {
      const field = readTlv(pdu, o);
      if (field.tag === 0x80) ctx.identity('src', 'gocbRef', text(pdu, field.start, field.end - field.start, 'gocbRef'));
      else if (field.tag === 0x83) ctx.identity('src', 'goID', text(pdu, field.start, field.end - field.start, 'goID'));
      else if (field.tag > 0x83) break;
      o = field.end;
    }
    ctx.operation(undefined, 'publish');
  },
};
