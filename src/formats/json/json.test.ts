import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, LimitError } from '../../model/errors.js';
import {
  childPointer,
  decodeInputText,
  gunzipBounded,
  gunzipStream,
  jsonPointer,
  maybeGunzipStream,
  parseJson,
  parsePointer,
  resolvePointer,
  streamJsonArray,
  type StreamedElement,
} from './index.js';

function chunked(text: string | Buffer, size: number): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function collect(source: AsyncIterable<StreamedElement>): Promise<StreamedElement[]> {
  const result: StreamedElement[] = [];
  for await (const element of source) result.push(element);
  return result;
}

async function drain(source: AsyncIterable<Buffer>): Promise<number> {
  let total = 0;
  for await (const chunk of source) total += chunk.byteLength;
  return total;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseJson', () => {
  it('parses text and bytes, tolerating a BOM', () => {
    expect(parseJson('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(parseJson(Buffer.from('\uFEFF{"b":"é"}'))).toEqual({ b: 'é' });
  });

  it('reports syntax errors with line and column', () => {
    const error = thrown(() => parseJson('{\n  "a": 1,\n  "b": }\n', { file: 'x.json' })) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('invalid-json');
    expect(error.place).toMatchObject({ file: 'x.json', line: 3, column: 8 });
    expect(error.issues[0]?.line).toBe(3);
  });

  it('reports truncated JSON at the end of input', () => {
    const error = thrown(() => parseJson('{"a": [1, 2')) as InputError;
    expect(error.message).toMatch(/unexpected end of input/);
    expect(error.place).toMatchObject({ line: 1, column: 12 });
  });

  it('reports trailing garbage, bad escapes and control characters', () => {
    expect((thrown(() => parseJson('{"a":1} x')) as InputError).place).toMatchObject({ column: 9 });
    expect((thrown(() => parseJson('["\\x"]')) as InputError).message).toMatch(/escape/);
    expect((thrown(() => parseJson('["a\u0001"]')) as InputError).message).toMatch(/control character/);
  });

  it('rejects nesting 10,000 deep with a LimitError instead of overflowing the stack', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const error = thrown(() => parseJson(deep, { file: 'deep.json' }));
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).place).toMatchObject({ file: 'deep.json', line: 1, column: 257 });
  });

  it('does not count brackets inside strings towards the depth', () => {
    const text = JSON.stringify({ s: '['.repeat(1000) + '\\"{' });
    expect(parseJson(text, { maxDepth: 2 })).toEqual(JSON.parse(text));
  });

  it('enforces a size limit', () => {
    expect(thrown(() => parseJson('[1,2,3]', { maxLength: 3 }))).toBeInstanceOf(LimitError);
  });
});

describe('JSON pointers', () => {
  it('escapes, builds, parses and resolves pointers', () => {
    expect(jsonPointer('a/b', 'c~d', 3)).toBe('/a~1b/c~0d/3');
    expect(childPointer('/vulnerabilities', 12345)).toBe('/vulnerabilities/12345');
    expect(parsePointer('/a~1b/c~0d/3')).toEqual(['a/b', 'c~d', '3']);
    const doc = { 'a/b': { 'c~d': [0, 1, 2, 'x'] } };
    expect(resolvePointer(doc, '/a~1b/c~0d/3')).toBe('x');
    expect(resolvePointer(doc, '/a~1b/missing')).toBeUndefined();
    expect(resolvePointer(doc, '/a~1b/c~0d/01')).toBeUndefined();
    expect(resolvePointer(doc, '')).toBe(doc);
    expect(() => parsePointer('a')).toThrow(/must start/);
  });
});

describe('bounded gunzip', () => {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KB

  it('round-trips normal data and decodes text', () => {
    expect(gunzipBounded(gzipSync('hello')).toString()).toBe('hello');
    expect(decodeInputText(gzipSync('{"x":1}'))).toBe('{"x":1}');
  });

  it('stops a gzip bomb at the output cap (whole buffer)', () => {
    const error = thrown(() => gunzipBounded(bomb, { maxOutputBytes: 1024 * 1024, file: 'bomb.gz' }));
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).message).toMatch(/gzip bomb/);
  });

  it('stops a gzip bomb at the output cap (stream)', async () => {
    await expect(drain(gunzipStream(chunked(bomb, 4096), { maxOutputBytes: 1024 * 1024 }))).rejects.toBeInstanceOf(LimitError);
  });

  it('reports a truncated .gz clearly (whole buffer and stream)', async () => {
    const truncated = gzipSync(Buffer.from('x'.repeat(10_000) + Math.random())).subarray(0, 20);
    const error = thrown(() => gunzipBounded(truncated)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('truncated-gzip');
    await expect(drain(gunzipStream(chunked(truncated, 7)))).rejects.toMatchObject({ code: 'truncated-gzip' });
  });

  it('reports corrupt gzip data', () => {
    const corrupt = Buffer.from(gzipSync('hello world'));
    corrupt.fill(0xff, 10, 16);
    expect(thrown(() => gunzipBounded(corrupt))).toBeInstanceOf(InputError);
  });

  it('passes plain input through maybeGunzipStream and decompresses gzip input', async () => {
    expect(await drain(maybeGunzipStream(chunked('plain text', 3)))).toBe(10);
    expect(await drain(maybeGunzipStream(chunked(gzipSync('compressed!'), 5)))).toBe(11);
  });
});

describe('streamJsonArray', () => {
  const document = JSON.stringify(
    {
      resultsPerPage: 3,
      format: 'NVD_CVE',
      vulnerabilities: [{ cve: { id: 'A', note: 'has ] and } and \\" inside' } }, { cve: { id: 'B', nested: [[1], { x: [] }] } }, { cve: { id: 'C' } }],
      timestamp: '2024-01-01T00:00:00',
    },
    null,
    2,
  );

  it('yields each element with its pointer and line, whatever the chunk size', async () => {
    for (const size of [1, 7, 64, 100_000]) {
      const members: Record<string, unknown> = {};
      const elements = await collect(
        streamJsonArray(chunked(document, size), { path: ['vulnerabilities'], onMember: (name, value) => (members[name] = value) }),
      );
      expect(elements.map((element) => (element.value as { cve: { id: string } }).cve.id)).toEqual(['A', 'B', 'C']);
      expect(elements.map((element) => element.pointer)).toEqual(['/vulnerabilities/0', '/vulnerabilities/1', '/vulnerabilities/2']);
      expect(elements[0]?.line).toBe(5); // line 4 is `"vulnerabilities": [`
      expect(members).toEqual({ resultsPerPage: 3, format: 'NVD_CVE', timestamp: '2024-01-01T00:00:00' });
    }
  });

  it('streams a root array and scalar elements', async () => {
    const elements = await collect(streamJsonArray(chunked('[1, "two", null, {"a":[3]}, true]', 2), { path: [] }));
    expect(elements.map((element) => element.value)).toEqual([1, 'two', null, { a: [3] }, true]);
    expect(elements[3]?.pointer).toBe('/3');
  });

  it('handles many elements with bounded chunks', async () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ index, text: 'x'.repeat(index % 50) }));
    const elements = await collect(streamJsonArray(chunked(JSON.stringify({ items }), 4096), { path: ['items'] }));
    expect(elements).toHaveLength(20_000);
    expect(elements[19_999]).toMatchObject({ pointer: '/items/19999', value: { index: 19_999 } });
  });

  it('fails clearly on truncated input', async () => {
    const truncated = document.slice(0, document.indexOf('"B"'));
    await expect(collect(streamJsonArray(chunked(truncated, 16), { path: ['vulnerabilities'] }))).rejects.toMatchObject({ code: 'truncated-json' });
  });

  it('names the element with a syntax error by pointer and line', async () => {
    const broken = '{"items": [\n{"a": 1},\n{"a": 2,, "b": 3}\n]}';
    const error = (await collect(streamJsonArray(chunked(broken, 5), { path: ['items'] })).catch((caught: unknown) => caught)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.place).toMatchObject({ pointer: '/items/1', line: 3 });
  });

  it('caps nesting depth and element size', async () => {
    const deep = `{"items": [${'['.repeat(10_000)}${']'.repeat(10_000)}]}`;
    await expect(collect(streamJsonArray(chunked(deep, 1000), { path: ['items'] }))).rejects.toBeInstanceOf(LimitError);
    const big = JSON.stringify({ items: ['x'.repeat(5000)] });
    await expect(collect(streamJsonArray(chunked(big, 100), { path: ['items'], maxElementBytes: 1000 }))).rejects.toBeInstanceOf(LimitError);
  });

  it('reports a missing array', async () => {
    await expect(collect(streamJsonArray(chunked('{"other": []}', 4), { path: ['items'] }))).rejects.toMatchObject({ code: 'missing-array' });
  });
});
