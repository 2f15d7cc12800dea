/** CVE 5 entry points: one file (plain or gzip) and a cvelistV5 / vulnrichment style directory walk. */
import { opendir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError, InputError } from '../../model/errors.js';
import type { RecordOutcome } from '../../model/intel.js';
import { decodeInputText, type GunzipOptions } from '../json/gzip.js';
import { parseJson } from '../json/parse.js';
import { readCve5Object } from './record.js';

export interface Cve5ReadOptions extends GunzipOptions {
  file?: string;
  maxDepth?: number;
}

/** Reads one CVE 5 record file. Throws InputError/LimitError for unreadable JSON. */
export function readCve5Record(input: string | Uint8Array, options: Cve5ReadOptions = {}): RecordOutcome {
  const document = parseJson(decodeInputText(input, options), { file: options.file, maxDepth: options.maxDepth });
  return readCve5Object(document, { file: options.file });
}

export interface Cve5WalkEntry {
  path: string;
  /** Present when the file was read; may still be a skipped record. */
  outcome?: RecordOutcome;
  /** Present when the file could not be read or parsed. */
  error?: BulwarkError;
}

export interface Cve5WalkOptions {
  /** Stop descending below this many directory levels (cvelistV5 needs 3: cves/<year>/<Nxxx>). */
  maxDirectoryDepth?: number;
  /** Largest file read, in bytes (default 16 MiB; the largest CVE records are a few MB). */
  maxFileBytes?: number;
}

/**
 * Walks a directory tree such as cvelistV5 `cves/` or vulnrichment, yielding every `CVE-*.json`
 * in a stable (sorted) order. Symbolic links are not followed. One bad file never stops the walk.
 */
export async function* walkCve5Directory(root: string, options: Cve5WalkOptions = {}): AsyncGenerator<Cve5WalkEntry> {
  const maxDepth = options.maxDirectoryDepth ?? 6;
  const maxFileBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  async function* walk(directory: string, depth: number): AsyncGenerator<Cve5WalkEntry> {
    const entries: Array<{ name: string; isDirectory: boolean; isFile: boolean }> = [];
    for await (const entry of await opendir(directory)) entries.push({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory && depth < maxDepth && !entry.name.startsWith('.')) yield* walk(path, depth + 1);
      else if (entry.isFile && /^CVE-\d{4}-\d+\.json(\.gz)?$/i.test(entry.name)) yield readOne(path);
    }
  }
  async function readOne(path: string): Promise<Cve5WalkEntry> {
    try {
      const bytes = await readFile(path);
      if (bytes.byteLength > maxFileBytes) {
        return { path, error: new InputError(`file larger than ${maxFileBytes} bytes; skipped`, { code: 'file-too-large', place: { file: path } }) };
      }
      return { path, outcome: readCve5Record(bytes, { file: path }) };
    } catch (error) {
      if (error instanceof BulwarkError) return { path, error };
      return { path, error: new InputError(`cannot read file: ${error instanceof Error ? error.message : String(error)}`, { place: { file: path }, cause: error }) };
    }
  }
  yield* walk(root, 0);
}
