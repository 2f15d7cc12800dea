/** Host names announced on the LAN: NetBIOS Name Service (UDP 137) registrations and mDNS (UDP 5353) answers. */
import { ipv4At, u16be, u8 } from '../../bytes.js';
import type { DissectContext, Dissector } from '../dissector.js';
import { readName } from './dns.js';

/** NetBIOS first-level encoding: 32 letters, two per byte (RFC 1001 §14.1), 16th byte = suffix. */
export function decodeNetbiosName(encoded: string): Readonly<{ name: string; suffix: number }> | undefined {
  let decoded = decodedNames.get(encoded);
  if (decoded === undefined) {
    decoded = decodeName(encoded) ?? null;
    if (decodedNames.size >= 256) decodedNames.clear();
    decodedNames.set(encoded, decoded);
  }
  return decoded ?? undefined;
}

/** Hosts register and refresh the same names over and over: remember the last few answers (shared, read-only). */
const decodedNames = new Map<string, Readonly<{ name: string; suffix: number }> | null>();

function decodeName(encoded: string): { name: string; suffix: number } | undefined {
  if (encoded.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 2) bytes.push(((encoded.charCodeAt(i) - 65) << 4) | (encoded.charCodeAt(i + 1) - 65));
  if (bytes.some((b) => b < 0 || b > 255)) return undefined;
  const suffix = bytes[15] as number;
  return { name: String.fromCharCode(...bytes.slice(0, 15)).trim(), suffix };
}

function opcodeName(opcode: number): string {
  return opcode === 0 ? 'query' : opcode === 5 ? 'registration' : opcode === 8 ? 'refresh' : `opcode-${opcode}`;
}

export const nbns: Dissector = {
  name: 'nbns',
  udpPorts: [137],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const flags = u16be(pdu, 2, 'NBNS flags');
    const opcode = (flags >> 11) & 0x0f;
    const questions = u16be(pdu, 4, 'question count');
    const answers = u16be(pdu, 6, 'answer count');
    const additional = u16be(pdu, 10, 'additional count');
    ctx.operation(undefined, opcodeName(opcode));
    if (opcode !== 5 && opcode !== 8) return;
    // Registration: question (name), then an additional record whose RDATA is NB flags + address.
    let o = 12;
    if (questions < 1 || additional + answers < 1) return;
    const question = readName(pdu, o);
    o = question.end + 4;
    const record = readName(pdu, o);
    o = record.end + 8; // type, class, TTL
    const rdLength = u16be(pdu, o, 'RDATA length');
    if (rdLength < 6) return;
    const nbFlags = u16be(pdu, o + 2, 'NB flags');
    const address = ipv4At(pdu, o + 4);
    const decoded = decodeNetbiosName(question.name.split('.')[0] ?? '');
    if (!decoded || !decoded.name) return;
    const side = { ip: address };
    if (nbFlags & 0x8000) ctx.identity(side, 'group', decoded.name);
    else if (decoded.suffix === 0x00 || decoded.suffix === 0x20) ctx.identity(side, 'netbiosName', decoded.name, 'hostname', 0.7);
  },
  dissectAt(bytes: Uint8Array, start: number, end: number, ctx: DissectContext): void {
    // Queries, most of the traffic, need only the 12-byte header (read whole): no view for them.
    const opcode = end - start >= 12 ? ((bytes[start + 2] as number) >> 3) & 0x0f : -1;
    if (opcode >= 0 && opcode !== 5 && opcode !== 8) ctx.operation(undefined, opcodeName(opcode));
    else nbns.dissect(bytes.subarray(start, end), ctx);
  },
};

export const mdns: Dissector = {
  name: 'mdns',
  udpPorts: [5353],
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const flags = u16be(pdu, 2, 'DNS flags');
    if (!(flags & 0x8000)) return; // queries name nothing
    const questions = u16be(pdu, 4, 'question count');
    const records = u16be(pdu, 6, 'answer count') + u16be(pdu, 8, 'authority count') + u16be(pdu, 10, 'additional count');
    let o = 12;
    for (let i = 0; i < questions; i++) o = readName(pdu, o).end + 4;
    for (let i = 0; i < records && i < 64; i++) {
      const owner = readName(pdu, o);
      const type = u16be(pdu, owner.end, 'record type');
      const length = u16be(pdu, owner.end + 8, 'RDATA length');
      const data = owner.end + 10;
      u8(pdu, data + length - 1, 'RDATA');
      if (type === 1 && length === 4 && !/\._(tcp|udp)\b/i.test(owner.name)) {
        const host = owner.name.replace(/\.local$/i, '');
        ctx.identity({ ip: ipv4At(pdu, data) }, 'mdnsName', host, 'hostname', 0.65);
      } else if (type === 16) {
        const txt = txtStrings(pdu, data, data + length);
        const model = txt.find((s) => /^(md|model|usb_MDL|ty)=/i.test(s));
        if (model) ctx.identity('src', 'txtModel', model.replace(/^[^=]*=/, ''), 'model', 0.5);
      }
      o = data + length;
    }
  },
};

function txtStrings(b: Uint8Array, o: number, end: number): string[] {
  const out: string[] = [];
  while (o < end) {
    const length = b[o] as number;
    out.push(String.fromCharCode(...b.subarray(o + 1, Math.min(end, o + 1 + length))));
    o += 1 + length;
  }
  return out;
}
