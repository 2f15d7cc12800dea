import { compareDigits, compareStrings, defineScheme, fail, ok } from './scheme.js';

/** vers `intdot`: dot-separated non-negative integers; missing segments count as zero. */
export const intdotScheme = defineScheme<string[]>({
  name: 'intdot',
  parse: (version) => (/^\d+(?:\.\d+)*$/.test(version) ? ok(version.split('.')) : fail('not dot-separated integers')),
  compare: (a, b) => {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const r = compareDigits(a[i] ?? '0', b[i] ?? '0');
      if (r !== 0) return r;
    }
    return 0;
  },
});

/** vers `lexicographic`: plain code-point order of the strings. */
export const lexicographicScheme = defineScheme<string>({
  name: 'lexicographic',
  parse: (version) => ok(version),
  compare: (a, b) => compareStrings(a, b),
});
