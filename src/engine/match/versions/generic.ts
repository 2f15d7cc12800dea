import { compareDigits, compareStrings, defineScheme, fail, isAsciiLetter, isDigit, lookup, ok, type Ordering, type ParseResult } from './scheme.js';

/**
 * Dotted versions with no ecosystem of their own: NVD `versionEndExcluding` values, vendor product
 * versions, vers `generic`. NVD publishes no comparison algorithm, so this is a platform heuristic in
 * the spirit of libversion:
 * - segments split on `. - _ + ~` and at digit/letter changes; numbers compare numerically;
 * - a missing segment counts as zero, so `2.4` = `2.4.0` < `2.4.0.1`;
 * - pre-release words (`dev`, `alpha`/`a`, `beta`/`b`, `pre`, `rc`, other words) sort below zero,
 *   post-release words (`post`, `patch`/`p`, `pl`, `sp`, `update`, `hotfix`, `build`, `r`, `rev`) above
 *   zero but below any positive number; letters glued to a number (`1.0.2k`) are a post-release suffix;
 * - a leading `v` before a digit is ignored.
 * Blanks and other punctuation are refused (`V2.9 SP1`): such versions need the firmware scheme.
 */
export const genericScheme = defineScheme<GenericToken[]>({
  name: 'generic',
  heuristic: true,
  parse: parseGenericVersion,
  compare: (a, b) => compareTokenLists(a, b),
});

/** Rank classes, from lowest to highest. `zero` is also what a missing segment counts as. */
const Rank = { PreRelease: 0, Zero: 1, PostRelease: 2, NonZero: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

export interface GenericToken {
  rank: Rank;
  /** Digits for numbers, the lower-case word otherwise. */
  text: string;
  /** Order among words of the same rank (known keywords first). */
  order: number;
}

const PRE_WORDS: Record<string, number> = {
  dev: 0, snapshot: 0, alpha: 1, a: 1, beta: 2, b: 2, m: 3, milestone: 3, pre: 4, preview: 4, c: 5, cr: 5, rc: 5,
};
const POST_WORDS = new Set(['post', 'patch', 'p', 'pl', 'sp', 'update', 'u', 'hotfix', 'hf', 'build', 'r', 'rev', 'errata', 'fix']);
const UNKNOWN_WORD_ORDER = 10;
const ALLOWED = /^[a-z0-9._+~-]+$/;

export function parseGenericVersion(input: string): ParseResult<GenericToken[]> {
  let text = input.trim().toLowerCase();
  if (text.length > 1 && text[0] === 'v' && isDigit(text.charCodeAt(1))) text = text.slice(1);
  if (!ALLOWED.test(text)) return fail('only letters, digits and . - _ + ~ are supported');
  if (!/[0-9]/.test(text)) return fail('no digit in version');
  const tokens: GenericToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const start = i;
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      const digits = text.slice(start, i).replace(/^0+(?=\d)/, '');
      tokens.push({ rank: digits === '0' ? Rank.Zero : Rank.NonZero, text: digits, order: 0 });
    } else if (isAsciiLetter(c)) {
      const start = i;
      while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      const gluedToNumber = start > 0 && isDigit(text.charCodeAt(start - 1));
      const followedByDigit = i < text.length && isDigit(text.charCodeAt(i));
      // `1.0.2k`, `1.0.2za`: letters glued to a number and not a known pre-release word are a suffix.
      const letterSuffix = gluedToNumber && !followedByDigit && (word.length === 1 || lookup(PRE_WORDS, word) === undefined);
      tokens.push(classifyWord(word, letterSuffix));
    } else {
      i++;
    }
  }
  return ok(tokens);
}

function classifyWord(word: string, letterSuffix: boolean): GenericToken {
  if (letterSuffix || POST_WORDS.has(word)) return { rank: Rank.PostRelease, text: word, order: 0 };
  return { rank: Rank.PreRelease, text: word, order: lookup(PRE_WORDS, word) ?? UNKNOWN_WORD_ORDER };
}

const PADDING: GenericToken = { rank: Rank.Zero, text: '0', order: 0 };

export function compareTokenLists(a: readonly GenericToken[], b: readonly GenericToken[]): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = compareTokens(a[i] ?? PADDING, b[i] ?? PADDING);
    if (r !== 0) return r;
  }
  return 0;
}

function compareTokens(a: GenericToken, b: GenericToken): Ordering {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank === Rank.NonZero) return compareDigits(a.text, b.text);
  if (a.rank === Rank.Zero) return 0;
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  // Known synonyms (`a`/`alpha`) share an order and compare equal; unknown words compare lexically.
  return a.order === UNKNOWN_WORD_ORDER || a.rank === Rank.PostRelease ? compareStrings(a.text, b.text) : 0;
}
