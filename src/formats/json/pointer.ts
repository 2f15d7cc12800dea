/** RFC 6901 JSON pointers. */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from tokens: `jsonPointer('vulnerabilities', 12)` → `/vulnerabilities/12`. */
export function jsonPointer(...tokens: Array<string | number>): string {
  return tokens.map((token) => `/${escapePointerToken(token)}`).join('');
}

/** Appends tokens to an existing pointer. */
export function childPointer(base: string, ...tokens: Array<string | number>): string {
  return base + jsonPointer(...tokens);
}

/** Splits a pointer into unescaped tokens. Throws on a pointer that does not start with `/` (except `''`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with '/'`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Resolves a pointer against a parsed document; `undefined` when any step is missing. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
