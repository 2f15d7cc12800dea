/**
 * Readers for inventory files (CSV and JSON). They validate everything and report every problem with
 * its place; the caller imports only when no problem was found, so a bad file changes nothing.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { AssetFacts } from '../../model/asset.js';
import { InputError, LimitError, type Issue } from '../../model/errors.js';
import { cellsToFacts, recordToFacts } from './fields.js';

export type InventoryFormat = 'csv' | 'json';

export interface InventoryRecord {
  facts: AssetFacts;
  /** CSV line (1-based, header is line 1) or JSON array index + 1. */
  line: number;
  /** JSON pointer of the record (JSON input only). */
  pointer?: string;
}

export interface ReadOptions {
  /** Name shown in messages (file name or upload name). */
  file?: string;
  /** Byte cap; larger inputs are refused before parsing. */
  maxBytes?: number;
  /** Most problems listed individually; the rest are counted. */
  maxIssues?: number;
}

export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_ISSUES = 1000;

/** Detects CSV vs JSON by content: JSON starts with `[` or `{` after optional BOM/whitespace. */
export function detectInventoryFormat(bytes: Buffer): InventoryFormat {
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) {
    const b = bytes[i]!;
    if (b === 0xef || b === 0xbb || b === 0xbf || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x5b || b === 0x7b ? 'json' : 'csv';
  }
  return 'csv';
}

export function readInventory(bytes: Buffer, format: InventoryFormat, options: ReadOptions = {}): InventoryRecord[] {
  return format === 'json' ? readInventoryJson(bytes, options) : readInventoryCsv(bytes, options);
}

/** Decodes UTF-8 text, refusing binary data, UTF-16/32 and invalid byte sequences with their line. */
export function decodeText(bytes: Buffer, options: ReadOptions): string {
  const file = options.file;
  const max = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (bytes.length > max) {
    throw new LimitError(`input is ${bytes.length} bytes, more than the ${max} allowed`, { place: { file } });
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError('the file is UTF-16 encoded; save it as UTF-8', { code: 'wrong-encoding', place: { file, line: 1 } });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError('the file contains NUL bytes: it is binary data, not a text file', {
      code: 'binary-content',
      place: { file, line: lineAt(bytes, nul), offset: nul },
      issues: [{ file, line: lineAt(bytes, nul), offset: nul, code: 'binary-content', message: 'NUL byte in text input' }],
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const issues: Issue[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && issues.length < (options.maxIssues ?? DEFAULT_MAX_ISSUES); i++) {
      const col = lines[i]!.indexOf('\uFFFD');
      if (col !== -1) issues.push({ file, line: i + 1, column: col + 1, code: 'wrong-encoding', message: 'invalid UTF-8 byte sequence' });
    }
    throw new InputError(
      `the file is not valid UTF-8 (${issues.length} line(s) affected; is it Latin-1 or Windows-1252? save it as UTF-8)`,
      { code: 'wrong-encoding', place: { file, line: issues[0]?.line }, issues },
    );
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function rejectIfIssues(issues: Issue[], total: number, file: string | undefined, what: string): void {
  if (issues.length === 0) return;
  const more = total > issues.length ? ` (first ${issues.length} listed)` : '';
  throw new InputError(`${file ?? 'input'}: ${total} problem(s) in ${what}${more}; nothing was imported`, {
    issues,
    details: { issues, total },
  });
}

export function readInventoryCsv(bytes: Buffer, options: ReadOptions = {}): InventoryRecord[] {
  const file = options.file;
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const text = decodeText(bytes, options);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as typeof rows;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new InputError(`malformed CSV: ${err.message}`, {
        code: 'malformed-csv',
        place: { file, line },
        issues: [{ file, line, code: 'malformed-csv', message: err.message }],
      });
    }
    throw err;
  }
  if (rows.length === 0) throw new InputError('the file is empty: expected a header row', { code: 'empty', place: { file } });

  const header = rows[0]!.record.map((h) => h.trim());
  const issues: Issue[] = [];
  let total = 0;
  const add = (issue: Issue) => {
    total++;
    if (issues.length < maxIssues) issues.push({ file, ...issue });
  };
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') add({ line: 1, column: i + 1, code: 'empty-header', message: `header cell ${i + 1} is empty` });
    else if (seen.has(h.toLowerCase())) add({ line: 1, column: h, code: 'duplicate-header', message: `column "${h}" appears twice` });
    seen.add(h.toLowerCase());
  });

  const records: InventoryRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r]!;
    const line = info.lines;
    if (record.length !== header.length) {
      add({ line, code: 'column-count', message: `row has ${record.length} cells, the header has ${header.length}` });
      continue;
    }
    const rowIssues: Issue[] = [];
    const facts = cellsToFacts(header, record, { line }, rowIssues);
    rowIssues.forEach(add);
    records.push({ facts, line });
  }
  rejectIfIssues(issues, total, file, 'the CSV');
  return records;
}

export function readInventoryJson(bytes: Buffer, options: ReadOptions = {}): InventoryRecord[] {
  const file = options.file;
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const text = decodeText(bytes, options);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const place = pos ? lineColumn(text, Number(pos[1])) : {};
    throw new InputError(`malformed JSON: ${message}`, {
      code: 'malformed-json',
      place: { file, ...place },
      issues: [{ file, ...place, code: 'malformed-json', message }],
    });
  }
  const items = Array.isArray(doc) ? doc : (doc as { assets?: unknown })?.assets;
  if (!Array.isArray(items)) {
    throw new InputError('expected a JSON array of assets (or an object with an "assets" array)', {
      code: 'wrong-shape',
      place: { file, pointer: '' },
    });
  }
  const base = Array.isArray(doc) ? '' : '/assets';
  const issues: Issue[] = [];
  let total = 0;
  const add = (issue: Issue) => {
    total++;
    if (issues.length < maxIssues) issues.push({ file, ...issue });
  };
  const records: InventoryRecord[] = [];
  items.forEach((item, i) => {
    const pointer = `${base}/${i}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      add({ pointer, code: 'wrong-shape', message: 'each asset must be a JSON object' });
      return;
    }
    const raw: Record<string, string | string[] | number | null> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (k === 'id') continue; // exported ids are informational; identity comes from the identity keys
      if (v === null || typeof v === 'string' || typeof v === 'number') raw[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) raw[k] = v.map(String);
      else if (k === 'custom' && typeof v === 'object') {
        for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) raw[ck] = typeof cv === 'string' ? cv : JSON.stringify(cv);
      } else if ((k === 'site' || k === 'zone') && typeof v === 'object' && v && 'name' in v) {
        raw[k] = String((v as { name: unknown }).name);
      } else add({ pointer: `${pointer}/${k}`, code: 'wrong-type', message: 'expected a string, a number or an array of strings' });
    }
    const rowIssues: Issue[] = [];
    const facts = recordToFacts(raw, { pointerBase: pointer }, rowIssues);
    rowIssues.forEach(add);
    records.push({ facts, line: i + 1, pointer });
  });
  rejectIfIssues(issues, total, file, 'the JSON');
  return records;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}
