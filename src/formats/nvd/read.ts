/**
 * NVD readers: whole documents (API 2.0 pages, yearly/modified feed files, bare `cve` objects as
 * stored by mirrors, legacy 1.1 feeds; plain or .gz) and a streaming reader for feed files.
 */
import { InputError } from '../../model/errors.js';
import type { Issue } from '../../model/errors.js';
import type { IntelSource, RecordOutcome } from '../../model/intel.js';
import { decodeInputText, maybeGunzipStream, type GunzipOptions } from '../json/gzip.js';
import { parseJson } from '../json/parse.js';
import { childPointer } from '../json/pointer.js';
import { streamJsonArray } from '../json/stream-array.js';
import { asNumber, asObject, asString } from '../json/values.js';
import { readNvdLegacyItem } from './legacy.js';
import { readNvdCve } from './record.js';

export type NvdDocumentFormat = 'api-2.0' | 'cve-object' | 'legacy-1.1';

/** Envelope fields of an API page or feed file. */
export interface NvdEnvelope {
  format: NvdDocumentFormat;
  resultsPerPage?: number;
  startIndex?: number;
  totalResults?: number;
  timestamp?: string;
  /** Legacy: `CVE_data_numberOfCVEs` (a string in the feed). */
  declaredCount?: number;
}

export interface NvdDocument {
  envelope: NvdEnvelope;
  /** One outcome per input record, in order; skipped ones have `record: undefined`. */
  records: RecordOutcome[];
  /** Problems about the document as a whole. */
  issues: Issue[];
}

export interface NvdReadOptions extends GunzipOptions {
  /** File or feed name, recorded in every record's source. */
  file?: string;
  maxDepth?: number;
}

function sourceFor(format: NvdDocumentFormat, file: string | undefined): IntelSource {
  return { kind: format === 'legacy-1.1' ? 'nvd-feed-1.1' : 'nvd-api', document: file };
}

/** Reads a whole NVD document held in memory. Throws InputError when it is not NVD data at all. */
export function readNvdDocument(input: string | Uint8Array, options: NvdReadOptions = {}): NvdDocument {
  const { file } = options;
  const document = parseJson(decodeInputText(input, options), { file, maxDepth: options.maxDepth });
  const root = asObject(document);
  if (!root) throw new InputError('not an NVD document: the top level is not a JSON object', { code: 'unsupported-document', place: { file } });
  const issues: Issue[] = [];

  if (Array.isArray(root.vulnerabilities)) {
    const source = sourceFor('api-2.0', file);
    const envelope: NvdEnvelope = {
      format: 'api-2.0',
      resultsPerPage: asNumber(root.resultsPerPage),
      startIndex: asNumber(root.startIndex),
      totalResults: asNumber(root.totalResults),
      timestamp: asString(root.timestamp),
    };
    const version = asString(root.version);
    if (version !== undefined && !version.startsWith('2.')) {
      issues.push({ file, pointer: '/version', code: 'unexpected-version', message: `NVD format version ${version}; read as 2.0` });
    }
    const records = root.vulnerabilities.map((item, index) =>
      readNvdCve(asObject(item)?.cve, childPointer('/vulnerabilities', index, 'cve'), source),
    );
    return { envelope, records, issues };
  }
  if (Array.isArray(root.CVE_Items)) {
    const source = sourceFor('legacy-1.1', file);
    const declared = Number(root.CVE_data_numberOfCVEs);
    const records = root.CVE_Items.map((item, index) => readNvdLegacyItem(item, childPointer('/CVE_Items', index), source));
    return { envelope: { format: 'legacy-1.1', declaredCount: Number.isFinite(declared) ? declared : undefined, timestamp: asString(root.CVE_data_timestamp) }, records, issues };
  }
  const wrapped = asObject(root.cve);
  if (wrapped) return { envelope: { format: 'cve-object' }, records: [readNvdCve(wrapped, '/cve', sourceFor('cve-object', file))], issues };
  if (typeof root.id === 'string' && ('sourceIdentifier' in root || 'vulnStatus' in root || 'published' in root)) {
    return { envelope: { format: 'cve-object' }, records: [readNvdCve(root, '', sourceFor('cve-object', file))], issues };
  }
  throw new InputError('not an NVD document: no vulnerabilities[], CVE_Items[] or cve object', {
    code: 'unsupported-document',
    place: { file },
  });
}

export interface NvdStreamOptions extends NvdReadOptions {
  /** Called once the whole input has been read, with the envelope fields seen. */
  onEnvelope?: (envelope: NvdEnvelope) => void;
}

/**
 * Streams the records of a large NVD feed file or API page (plain or gzip) with bounded memory.
 * Detects legacy 1.1 feeds (`CVE_Items`) from the first chunk.
 */
export async function* streamNvdRecords(
  source: AsyncIterable<Uint8Array | string>,
  options: NvdStreamOptions = {},
): AsyncGenerator<RecordOutcome> {
  const { file } = options;
  const plain = maybeGunzipStream(source, options);
  // Peek at the first decompressed chunk to choose the array path.
  const iterator = plain[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new InputError('empty NVD input', { code: 'empty-input', place: { file } });
  const headText = first.value.subarray(0, 64 * 1024).toString('utf8');
  const legacy = /"CVE_Items"\s*:|"CVE_data_type"\s*:/.test(headText);
  const format: NvdDocumentFormat = legacy ? 'legacy-1.1' : 'api-2.0';
  const recordSource = sourceFor(format, file);
  const envelope: NvdEnvelope = { format };
  async function* replay(): AsyncGenerator<Buffer> {
    yield first.value as Buffer;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const elements = streamJsonArray(
    replay(),
    {
      path: [legacy ? 'CVE_Items' : 'vulnerabilities'],
      file,
      maxDepth: options.maxDepth,
      onMember: (name, value) => {
        if (name === 'resultsPerPage' || name === 'startIndex' || name === 'totalResults') envelope[name] = asNumber(value);
        else if (name === 'timestamp' || name === 'CVE_data_timestamp') envelope.timestamp = asString(value);
        else if (name === 'CVE_data_numberOfCVEs') envelope.declaredCount = Number(value);
      },
    },
  );
  for await (const element of elements) {
    yield legacy
      ? readNvdLegacyItem(element.value, element.pointer, recordSource)
      : readNvdCve(asObject(element.value)?.cve, childPointer(element.pointer, 'cve'), recordSource);
  }
  options.onEnvelope?.(envelope);
}

/** Convenience: the records of a parsed document that were not skipped. */
export function keptRecords(outcomes: readonly RecordOutcome[]): Array<Extract<RecordOutcome, { record: object }>> {
  return outcomes.filter((outcome): outcome is Extract<RecordOutcome, { record: object }> => outcome.record !== undefined);
}

