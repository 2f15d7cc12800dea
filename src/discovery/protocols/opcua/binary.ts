/** OPC UA binary encoding readers (OPC 10000-6 §5.2) over untrusted bytes. */
import { i32le, need, u16le, u32le, u8 } from '../../bytes.js';

const utf8 = new TextDecoder('utf-8');
/** Arrays longer than this are hostile or irrelevant to identity. */
const MAX_ARRAY = 1024;

export class UaReader {
  constructor(
    readonly b: Uint8Array,
    public o = 0,
  ) {}

  byte(): number {
    return u8(this.b, this.o++, 'Byte');
  }
  uint16(): number {
    const v = u16le(this.b, this.o, 'UInt16');
    this.o += 2;
    return v;
  }
  uint32(): number {
    const v = u32le(this.b, this.o, 'UInt32');
    this.o += 4;
    return v;
  }
  int32(): number {
    const v = i32le(this.b, this.o, 'Int32');
    this.o += 4;
    return v;
  }
  skip(n: number, what: string): void {
    need(this.b, this.o, n, what);
    this.o += n;
  }
  /** String: Int32 length (−1 null) + UTF-8. */
  string(): string | null {
    const length = this.int32();
    if (length < 0) return null;
    need(this.b, this.o, length, 'String');
    // eslint-disable-next-line no-control-regex
    const s = utf8.decode(this.b.subarray(this.o, this.o + length)).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    this.o += length;
    return s;
  }
  byteString(): void {
    const length = this.int32();
    if (length > 0) this.skip(length, 'ByteString');
  }
  arrayLength(): number {
    const n = this.int32();
    if (n > MAX_ARRAY) throw new RangeError(`array of ${n} elements is too long`);
    return Math.max(0, n);
  }
  /** NodeId; returns the numeric id (namespace ignored) or -1 for non-numeric ids. */
  nodeId(): number {
    const encoding = this.byte() & 0x3f;
    switch (encoding) {
      case 0:
        return this.byte();
      case 1:
        this.byte();
        return this.uint16();
      case 2:
        this.uint16();
        return this.uint32();
      case 3:
        this.uint16();
        this.string();
        return -1;
      case 4:
        this.uint16();
        this.skip(16, 'Guid');
        return -1;
      case 5:
        this.uint16();
        this.byteString();
        return -1;
      default:
        throw new RangeError(`unknown NodeId encoding ${encoding}`);
    }
  }
  localizedText(): string | null {
    const mask = this.byte();
    if (mask & 0x01) this.string();
    return mask & 0x02 ? this.string() : null;
  }
  extensionObject(): void {
    this.nodeId();
    const encoding = this.byte();
    if (encoding === 1 || encoding === 2) this.byteString();
  }
  diagnosticInfo(depth = 0): void {
    if (depth > 4) throw new RangeError('DiagnosticInfo nested too deeply');
    const mask = this.byte();
    if (mask & 0x01) this.int32();
    if (mask & 0x02) this.int32();
    if (mask & 0x04) this.int32();
    if (mask & 0x08) this.int32();
    if (mask & 0x10) this.string();
    if (mask & 0x20) this.uint32();
    if (mask & 0x40) this.diagnosticInfo(depth + 1);
  }
  requestHeader(): void {
    this.nodeId(); // authentication token
    this.skip(8, 'Timestamp');
    this.uint32(); // request handle
    this.uint32(); // return diagnostics
    this.string(); // audit entry id
    this.uint32(); // timeout hint
    this.extensionObject();
  }
  responseHeader(): number {
    this.skip(8, 'Timestamp');
    this.uint32(); // request handle
    const serviceResult = this.uint32();
    this.diagnosticInfo();
    const strings = this.arrayLength();
    for (let i = 0; i < strings; i++) this.string();
    this.extensionObject();
    return serviceResult;
  }
}

export interface ApplicationDescription {
  applicationUri: string | null;
  productUri: string | null;
  applicationName: string | null;
  applicationType: number;
}

export function applicationDescription(r: UaReader): ApplicationDescription {
  const applicationUri = r.string();
  const productUri = r.string();
  const applicationName = r.localizedText();
  const applicationType = r.int32();
  r.string(); // gateway server uri
  r.string(); // discovery profile uri
  const urls = r.arrayLength();
  for (let i = 0; i < urls; i++) r.string();
  return { applicationUri, productUri, applicationName, applicationType };
}

export interface EndpointDescription {
  endpointUrl: string | null;
  server: ApplicationDescription;
  securityMode: number;
  securityPolicyUri: string | null;
  userTokenTypes: number[];
}

export function endpointDescription(r: UaReader): EndpointDescription {
  const endpointUrl = r.string();
  const server = applicationDescription(r);
  r.byteString(); // server certificate
  const securityMode = r.int32();
  const securityPolicyUri = r.string();
  const tokens = r.arrayLength();
  const userTokenTypes: number[] = [];
  for (let i = 0; i < tokens; i++) {
    r.string(); // policy id
    userTokenTypes.push(r.int32());
    r.string(); // issued token type
    r.string(); // issuer endpoint url
    r.string(); // security policy uri
  }
  r.string(); // transport profile uri
  r.byte(); // security level
  return { endpointUrl, server, securityMode, securityPolicyUri, userTokenTypes };
}
