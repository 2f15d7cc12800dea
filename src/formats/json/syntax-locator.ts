/**
 * A small, non-recursive JSON grammar checker that finds the first syntax error and its offset.
 * `JSON.parse` does not reliably report positions on Node 20, so `parseJson` runs this only after
 * `JSON.parse` has failed, to tell the user where the problem is.
 */

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the offending character (text length for "unexpected end"). */
  offset: number;
  message: string;
}

type Expectation = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'done';

const OBJECT = 0;
const ARRAY = 1;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function describe(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x20 ? `control character U+${code.toString(16).padStart(4, '0')}` : `'${char}'`;
}

/** Returns the end offset (after the closing quote) or a problem. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!HEX4.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in string' };
        i += 5;
      } else if (next !== undefined && ESCAPABLE.has(next)) {
        i++;
      } else {
        return { offset: i, message: 'invalid escape sequence in string' };
      }
    } else if (code < 0x20) {
      return { offset: i, message: 'unescaped control character in string' };
    }
  }
  return { offset: start, message: 'unterminated string' };
}

export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const stack: number[] = [];
  let expect: Expectation = 'value';
  let i = 0;
  const afterValue = (): Expectation => (stack.length > 0 ? 'comma-or-end' : 'done');

  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      return expect === 'done' ? undefined : { offset: text.length, message: 'unexpected end of input (truncated JSON?)' };
    }
    const char = text[i] as string;
    const top = stack[stack.length - 1];

    if (expect === 'done') return { offset: i, message: `unexpected ${describe(char)} after the end of the JSON value` };
    if (expect === 'colon') {
      if (char !== ':') return { offset: i, message: `expected ':' after property name but found ${describe(char)}` };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'comma-or-end') {
      const closer = top === OBJECT ? '}' : ']';
      if (char === ',') {
        i++;
        expect = top === OBJECT ? 'key' : 'value';
        continue;
      }
      if (char === closer) {
        stack.pop();
        i++;
        expect = afterValue();
        continue;
      }
      return { offset: i, message: `expected ',' or '${closer}' but found ${describe(char)}` };
    }
    if (expect === 'key-or-end' || expect === 'key') {
      if (expect === 'key-or-end' && char === '}') {
        stack.pop();
        i++;
        expect = afterValue();
        continue;
      }
      if (char !== '"') return { offset: i, message: `expected a property name in double quotes but found ${describe(char)}` };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = 'colon';
      continue;
    }
    // expect is 'value' or 'value-or-end'
    if (expect === 'value-or-end' && char === ']') {
      stack.pop();
      i++;
      expect = afterValue();
      continue;
    }
    if (char === '{') {
      stack.push(OBJECT);
      i++;
      expect = 'key-or-end';
    } else if (char === '[') {
      stack.push(ARRAY);
      i++;
      expect = 'value-or-end';
    } else if (char === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = afterValue();
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) return { offset: i, message: 'invalid number' };
      i += match[0].length;
      expect = afterValue();
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
      expect = afterValue();
    } else if (text.startsWith('false', i)) {
      i += 5;
      expect = afterValue();
    } else {
      return { offset: i, message: `unexpected ${describe(char)} where a value was expected` };
    }
  }
}
