/**
 * Reading zip archives (OSV's per-ecosystem `all.zip`) with hard limits: entry count, entry size
 * and total decompressed size are capped before and while inflating, so a zip bomb fails with a
 * LimitError naming the entry instead of exhausting memory. Parsing is yauzl's (sizes validated,
 * unsafe names refused).
 */
import yauzl from 'yauzl';
import { InputError, LimitError } from '../../model/errors.js';

export interface ZipLimits {
  maxEntries?: number;
  maxEntryBytes?: number;
  maxTotalBytes?: number;
  /** Name shown in errors. */
  file?: string;
}

export interface ZipEntry {
  name: string;
  bytes: Buffer;
}

export const DEFAULT_ZIP_LIMITS = { maxEntries: 1_000_000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 * 1024 } as const;

export async function* readZipEntries(buffer: Buffer, limits: ZipLimits = {}): AsyncGenerator<ZipEntry> {
  const maxEntries = limits.maxEntries ?? DEFAULT_ZIP_LIMITS.maxEntries;
  const maxEntryBytes = limits.maxEntryBytes ?? DEFAULT_ZIP_LIMITS.maxEntryBytes;
  const maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_ZIP_LIMITS.maxTotalBytes;
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true });
  } catch (err) {
    throw new InputError(`not a readable zip archive: ${(err as Error).message}`, { code: 'malformed-zip', place: { file: limits.file } });
  }
  let count = 0;
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const place = { file: `${limits.file ?? 'archive'}!${entry.fileName}` };
      if (entry.fileName.endsWith('/')) continue;
      if (++count > maxEntries) throw new LimitError(`more than ${maxEntries} entries`, { place: { file: limits.file } });
      if (entry.uncompressedSize > maxEntryBytes) throw new LimitError(`entry declares ${entry.uncompressedSize} bytes, more than the ${maxEntryBytes} allowed`, { place });
      if (total + entry.uncompressedSize > maxTotalBytes) throw new LimitError(`archive expands past the ${maxTotalBytes}-byte limit`, { place });
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of stream) {
          size += (chunk as Buffer).length;
          // yauzl also checks the declared size; this guards the caps even if a header lies.
          if (size > maxEntryBytes) throw new LimitError(`entry expands past the ${maxEntryBytes}-byte limit`, { place });
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        stream.destroy();
        if (err instanceof LimitError) throw err;
        throw new InputError(`cannot inflate entry: ${(err as Error).message}`, { code: 'malformed-zip', place });
      }
      total += size;
      yield { name: entry.fileName, bytes: Buffer.concat(chunks) };
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof LimitError) throw err;
    throw new InputError(`malformed zip archive: ${(err as Error).message}`, { code: 'malformed-zip', place: { file: limits.file } });
  } finally {
    zip.close();
  }
}
