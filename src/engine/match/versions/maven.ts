import { compareDigits, compareStrings, defineScheme, fail, isDigit, lookup, ok, sign, type Ordering } from './scheme.js';

/**
 * Maven artifacts, ordered as org.apache.maven.artifact.versioning.ComparableVersion (Maven 3.x,
 * including MNG-6964): items split on `.` and `-` and at digit/letter transitions; trailing null items
 * (`0`, `""`, `final`, `ga`, `release`) dropped; qualifiers ordered
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, then unknown
 * qualifiers alphabetically; numbers sort after qualifiers (`1.0-xyz` < `1.0-1`).
 * Maven orders any string; we refuse blanks, ranges and digit-less words (see parse).
 */
export const mavenScheme = defineScheme<MavenList>({
  name: 'maven',
  parse: (version) => {
    // Maven itself orders any string; refusing blanks and digit-less input catches `LATEST`,
    // `RELEASE`, ranges such as `[1.0,2.0)` and garbage before they are ordered by accident.
    if (/\s/.test(version)) return fail('blank inside version');
    if (!/\d/.test(version)) return fail('no digit in version');
    if (/[[\](),]/.test(version)) return fail('a version range, not a version');
    if (!/^[A-Za-z0-9._+~-]+$/.test(version)) return fail('only letters, digits and . - _ + ~ are expected');
    return ok(parseMavenVersion(version));
  },
  compare: (a, b) => compareItems(a, b),
});

type MavenItem = MavenInt | MavenString | MavenList;
interface MavenInt {
  kind: 'int';
  digits: string;
}
interface MavenString {
  kind: 'string';
  value: string;
}
export interface MavenList {
  kind: 'list';
  items: MavenItem[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function intItem(digits: string): MavenInt {
  return { kind: 'int', digits: digits.replace(/^0+(?=\d)/, '') };
}

function stringItem(raw: string, followedByDigit: boolean): MavenString {
  let value = raw;
  if (followedByDigit && raw.length === 1) {
    if (raw === 'a') value = 'alpha';
    else if (raw === 'b') value = 'beta';
    else if (raw === 'm') value = 'milestone';
  }
  return { kind: 'string', value: lookup(ALIASES, value) ?? value };
}

function parseItem(text: string, isNumber: boolean, followedByDigit: boolean): MavenItem {
  return isNumber ? intItem(text) : stringItem(text, followedByDigit);
}

export function parseMavenVersion(version: string): MavenList {
  const text = version.toLowerCase();
  const root: MavenList = { kind: 'list', items: [] };
  let list = root;
  const stack: MavenList[] = [root];
  let isNumber = false;
  let start = 0;
  const pushSublist = (): void => {
    const sub: MavenList = { kind: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      list.items.push(i === start ? intItem('0') : parseItem(text.slice(start, i), isNumber, false));
      start = i + 1;
      if (c === 45) pushSublist();
    } else if (isDigit(c)) {
      if (!isNumber && i > start) {
        list.items.push(stringItem(text.slice(start, i), true));
        start = i;
        pushSublist();
      }
      isNumber = true;
    } else {
      if (isNumber && i > start) {
        list.items.push(intItem(text.slice(start, i)));
        start = i;
        pushSublist();
      }
      isNumber = false;
    }
  }
  if (text.length > start) {
    // A trailing `.X` qualifier counts as `-X` (Maven: 1.0.0.X1 < 1.0.0-X2).
    if (!isNumber && list.items.length > 0) pushSublist();
    list.items.push(parseItem(text.slice(start), isNumber, false));
  }
  for (let k = stack.length - 1; k >= 0; k--) normalize(stack[k]!);
  return root;
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'int') return item.digits === '0';
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

// Drops trailing null items, looking through nested lists but stopping at the first non-null scalar.
function normalize(list: MavenList): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i]!;
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function comparableQualifier(value: string): string {
  const index = QUALIFIERS.indexOf(value);
  return index >= 0 ? String(index) : `${QUALIFIERS.length}-${value}`;
}

/** Compares two items; `undefined` stands for the padding Maven compares a shorter list with. */
function compareItems(a: MavenItem | undefined, b: MavenItem | undefined): Ordering {
  if (a === undefined) return b === undefined ? 0 : sign(-compareItems(b, undefined));
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.digits === '0' ? 0 : 1;
      return b.kind === 'int' ? compareDigits(a.digits, b.digits) : 1;
    case 'string':
      if (b === undefined) return compareStrings(comparableQualifier(a.value), RELEASE_INDEX);
      if (b.kind === 'int' || b.kind === 'list') return -1;
      return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
    case 'list': {
      if (b === undefined) {
        for (const item of a.items) {
          const r = compareItems(item, undefined);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.kind === 'int') return -1;
      if (b.kind === 'string') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const r = compareItems(a.items[i], b.items[i]);
        if (r !== 0) return sign(r);
      }
      return 0;
    }
  }
}

/** The canonical form Maven prints for a version, handy in tests and explanations. */
export function mavenCanonical(list: MavenList): string {
  let out = '';
  list.items.forEach((item, i) => {
    if (i > 0) out += item.kind === 'list' ? '-' : '.';
    out += item.kind === 'int' ? item.digits : item.kind === 'string' ? item.value : mavenCanonical(item);
  });
  return out;
}
