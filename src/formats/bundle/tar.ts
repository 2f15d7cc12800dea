/**
 * POSIX ustar headers (IEEE Std 1003.1, "pax" interchange format without extended headers).
 * Only what bundles need: regular files with paths up to 255 bytes. Other entry types are decoded
 * so that a reader can name them in an error, never so that they can be extracted.
 */
import { InputError } from '../../model/errors.js';

export const TAR_BLOCK_SIZE = 512;
/** Two zero blocks end an archive. */
export const TAR_END_OF_ARCHIVE = new Uint8Array(2 * TAR_BLOCK_SIZE);
/** Largest size the 11-digit octal field can hold (8 GiB - 1). */
export const TAR_MAX_OCTAL_SIZE = 0o77777777777;

const NAME_BYTES = 100;
const PREFIX_BYTES = 155;

/** Field offsets and widths of the ustar header. */
const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

type FieldName = keyof typeof FIELD;

/** Entry types by typeflag; everything but `file` is refused by the bundle reader. */
export type TarEntryType =
  | 'file'
  | 'hard-link'
  | 'symbolic-link'
  | 'character-device'
  | 'block-device'
  | 'directory'
  | 'fifo'
  | 'contiguous-file'
  | 'pax-header'
  | 'pax-global-header'
  | 'gnu-long-name'
  | 'gnu-long-link'
  | 'other';

const TYPE_BY_FLAG: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '1': 'hard-link',
  '2': 'symbolic-link',
  '3': 'character-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
  '7': 'contiguous-file',
  x: 'pax-header',
  g: 'pax-global-header',
  L: 'gnu-long-name',
  K: 'gnu-long-link',
};

const FLAG_BY_TYPE: Partial<Record<TarEntryType, string>> = {
  file: '0',
  'hard-link': '1',
  'symbolic-link': '2',
  'character-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
};

export interface TarHeader {
  path: string;
  type: TarEntryType;
  /** The raw typeflag character, for messages about unknown types. */
  typeflag: string;
  size: number;
  mode: number;
  /** Modification time in seconds since the epoch. */
  mtime: number;
  linkname: string;
}

export interface TarHeaderInput {
  path: string;
  size: number;
  /** Seconds since the epoch; defaults to 0 so that archives are reproducible. */
  mtime?: number;
  mode?: number;
  /** Only tests need anything but `file`: they build hostile archives with it. */
  type?: TarEntryType;
  linkname?: string;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function field(block: Uint8Array, name: FieldName): Uint8Array {
  const [start, width] = FIELD[name];
  return block.subarray(start, start + width);
}

function writeBytes(block: Uint8Array, name: FieldName, bytes: Uint8Array): void {
  const [start, width] = FIELD[name];
  if (bytes.byteLength > width) throw new RangeError(`tar field ${name} is ${width} bytes; got ${bytes.byteLength}`);
  block.set(bytes, start);
}

function writeOctal(block: Uint8Array, name: FieldName, value: number): void {
  const width = FIELD[name][1];
  // Digits, zero-padded, then a NUL terminator: the form every tar reader accepts.
  const digits = value.toString(8).padStart(width - 1, '0');
  if (digits.length > width - 1) throw new RangeError(`tar field ${name} cannot hold ${value}`);
  writeBytes(block, name, utf8.encode(`${digits}\0`));
}

function headerChecksum(block: Uint8Array): number {
  let sum = 0;
  const [start, width] = FIELD.checksum;
  for (let i = 0; i < TAR_BLOCK_SIZE; i += 1) sum += i >= start && i < start + width ? 0x20 : (block[i] as number);
  return sum;
}

/** Splits a path over the ustar `prefix` and `name` fields at a slash; undefined when it cannot fit. */
export function splitUstarPath(path: string): { prefix: Uint8Array; name: Uint8Array } | undefined {
  const bytes = utf8.encode(path);
  if (bytes.byteLength <= NAME_BYTES) return { prefix: new Uint8Array(0), name: bytes };
  for (let cut = Math.min(PREFIX_BYTES, bytes.byteLength - 2); cut > 0; cut -= 1) {
    if (bytes[cut] !== 0x2f) continue;
    const name = bytes.subarray(cut + 1);
    if (name.byteLength > NAME_BYTES) return undefined;
    return { prefix: bytes.subarray(0, cut), name };
  }
  return undefined;
}

/** Encodes one 512-byte ustar header. Throws InputError when the path or size cannot be represented. */
export function encodeTarHeader(input: TarHeaderInput): Uint8Array {
  const split = splitUstarPath(input.path);
  if (!split) {
    throw new InputError(`path is too long for a ustar header (at most 255 bytes, split at a slash): ${input.path}`, {
      code: 'bundle-path-too-long',
      place: { file: input.path },
    });
  }
  if (!Number.isSafeInteger(input.size) || input.size < 0 || input.size > TAR_MAX_OCTAL_SIZE) {
    throw new InputError(`file size ${input.size} cannot be stored in a ustar header`, { code: 'bundle-file-too-large', place: { file: input.path } });
  }
  const type = input.type ?? 'file';
  const flag = FLAG_BY_TYPE[type];
  if (flag === undefined) throw new RangeError(`cannot write tar entries of type ${type}`);
  const block = new Uint8Array(TAR_BLOCK_SIZE);
  writeBytes(block, 'name', split.name);
  writeBytes(block, 'prefix', split.prefix);
  writeOctal(block, 'mode', input.mode ?? 0o644);
  writeOctal(block, 'uid', 0);
  writeOctal(block, 'gid', 0);
  writeOctal(block, 'size', type === 'file' ? input.size : 0);
  writeOctal(block, 'mtime', Math.max(0, Math.floor(input.mtime ?? 0)));
  writeBytes(block, 'typeflag', utf8.encode(flag));
  writeBytes(block, 'linkname', utf8.encode(input.linkname ?? ''));
  writeBytes(block, 'magic', utf8.encode('ustar\0'));
  writeBytes(block, 'version', utf8.encode('00'));
  writeOctal(block, 'devmajor', 0);
  writeOctal(block, 'devminor', 0);
  // The checksum field is six octal digits, a NUL and a space.
  const checksum = headerChecksum(block).toString(8).padStart(6, '0');
  writeBytes(block, 'checksum', utf8.encode(`${checksum}\0 `));
  return block;
}

/** Zero bytes that pad a body of `size` bytes to a whole block. */
export function tarPadding(size: number): Uint8Array {
  const remainder = size % TAR_BLOCK_SIZE;
  return new Uint8Array(remainder === 0 ? 0 : TAR_BLOCK_SIZE - remainder);
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

function headerError(message: string, offset: number, code = 'bundle-invalid-tar'): InputError {
  return new InputError(`invalid tar header: ${message}`, { code, place: { offset }, issues: [{ message, offset, code }] });
}

function decodeString(block: Uint8Array, name: FieldName, offset: number): string {
  const raw = field(block, name);
  const end = raw.indexOf(0);
  try {
    return strictUtf8.decode(end === -1 ? raw : raw.subarray(0, end));
  } catch {
    throw headerError(`field ${name} is not valid UTF-8`, offset);
  }
}

/** Parses an octal numeric field, or the GNU base-256 form used for sizes of 8 GiB and more. */
function decodeNumber(block: Uint8Array, name: FieldName, offset: number): number {
  const raw = field(block, name);
  if (((raw[0] as number) & 0x80) !== 0) {
    let value = (raw[0] as number) & 0x7f;
    for (let i = 1; i < raw.byteLength; i += 1) value = value * 256 + (raw[i] as number);
    if (!Number.isSafeInteger(value)) throw headerError(`field ${name} is too large`, offset);
    return value;
  }
  const text = Buffer.from(raw).toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw headerError(`field ${name} is not an octal number: ${JSON.stringify(text)}`, offset);
  return parseInt(text, 8);
}

/** Decodes and checks one header block found at `offset` of the tar stream. */
export function decodeTarHeader(block: Uint8Array, offset: number): TarHeader {
  if (block.byteLength !== TAR_BLOCK_SIZE) throw headerError(`a header is ${TAR_BLOCK_SIZE} bytes, got ${block.byteLength}`, offset);
  const magic = Buffer.from(field(block, 'magic')).toString('latin1');
  const version = Buffer.from(field(block, 'version')).toString('latin1');
  // POSIX ustar, or the GNU variant of the same layout ("ustar  \0").
  if (!(magic === 'ustar\0' && version === '00') && !(magic === 'ustar ' && version === ' \0')) {
    throw headerError('no ustar magic number (not a tar archive, or not a POSIX one)', offset, 'bundle-not-tar');
  }
  const stored = decodeNumber(block, 'checksum', offset);
  if (stored !== headerChecksum(block)) throw headerError('header checksum does not match (corrupt archive)', offset, 'bundle-bad-checksum');
  const name = decodeString(block, 'name', offset);
  const prefix = magic === 'ustar\0' ? decodeString(block, 'prefix', offset) : '';
  const typeflag = String.fromCharCode(block[FIELD.typeflag[0]] as number);
  return {
    path: prefix === '' ? name : `${prefix}/${name}`,
    type: TYPE_BY_FLAG[typeflag] ?? 'other',
    typeflag,
    size: decodeNumber(block, 'size', offset),
    mode: decodeNumber(block, 'mode', offset),
    mtime: decodeNumber(block, 'mtime', offset),
    linkname: decodeString(block, 'linkname', offset),
  };
}
