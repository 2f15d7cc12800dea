/**
 * Accuracy harness: synthetic targets with an expected answer, matched through the same path the
 * store uses (an in-memory key index from specMatchKeys/targetMatchKeys, then matchTarget), and
 * precision / recall counted per matcher bucket.
 *
 * The expected answers come from an oracle that is deliberately independent of the engine: it
 * reads only plain dotted numeric versions (optionally prefixed `V`/`R`/`FW`) and compares them
 * segment by segment as integers. Test points the oracle cannot read are skipped and counted, never
 * guessed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { matchTarget, specMatchKeys, targetMatchKeys, type MatchableSpec } from '../../src/engine/match/index.js';
import type { Finding, MatchTarget } from '../../src/model/finding.js';
import { fixturesDir } from '../support/fixtures.js';

// ---------------------------------------------------------------------------------------------
// Oracle versions
// ---------------------------------------------------------------------------------------------

export interface OracleVersion {
  prefix: string;
  segments: number[];
  /** Digits per segment as written (to print a generated version in the same style). */
  widths: number[];
}

/** `V3.1.4`, `R10.04`, `2.07.2`, `FW26` → segments; anything else → undefined. */
export function readOracleVersion(text: string): OracleVersion | undefined {
  const m = /^\s*(v|r|fw|sv)?\s?(\d{1,9}(?:\.\d{1,9}){0,5})\s*$/i.exec(text);
  if (!m) return undefined;
  const parts = (m[2] as string).split('.');
  return { prefix: m[1] ?? '', segments: parts.map(Number), widths: parts.map((p) => p.length) };
}

export function oracleCompare(a: OracleVersion, b: OracleVersion): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i] ?? 0;
    const y = b.segments[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function formatOracleVersion(v: OracleVersion, prefix = v.prefix): string {
  return prefix + v.segments.map((s, i) => String(s).padStart(v.widths[i] ?? 1, '0')).join('.');
}

/** The next version above (last segment + 1). */
export function above(v: OracleVersion): OracleVersion {
  const segments = [...v.segments];
  segments[segments.length - 1] = (segments[segments.length - 1] ?? 0) + 1;
  return { ...v, segments };
}

/** A version just below, or undefined for 0. */
export function below(v: OracleVersion): OracleVersion | undefined {
  const segments = [...v.segments];
  for (let i = segments.length - 1; i >= 0; i--) {
    if ((segments[i] ?? 0) > 0) {
      segments[i] = (segments[i] ?? 0) - 1;
      for (let j = i + 1; j < segments.length; j++) segments[j] = 9;
      return { ...v, segments };
    }
  }
  return undefined;
}

export type OracleOp = '<' | '<=' | '>' | '>=' | '=';
export type OracleRange =
  | { kind: 'all' }
  | { kind: 'constraints'; constraints: Array<{ op: OracleOp; version: OracleVersion }> }
  /** An exact version that is not plain numeric (`12.2(55)SE`, `R210.X`): equal by text only. */
  | { kind: 'literal'; value: string };

/**
 * Reads a CSAF range the simple way: `vers:<scheme>/` prefix, `(remarks)`, then one constraint or a
 * lower+upper pair of plain numeric versions. Everything else → undefined (the point is skipped).
 */
export function readOracleRange(text: string | undefined, exact?: string): OracleRange | undefined {
  if (text === undefined && exact !== undefined && !/[<>*|]|vers:|all versions/i.test(exact) && !readOracleVersion(exact.replace(/\([^()]*\)/g, ''))) {
    return /^[A-Za-z0-9][A-Za-z0-9.()_-]*$/.test(exact.trim()) ? { kind: 'literal', value: exact.trim() } : undefined;
  }
  const raw = (text ?? exact ?? '').replace(/\([^()]*\)/g, ' ').trim();
  if (text === undefined && exact === undefined) return { kind: 'all' };
  if (/^(vers:[a-z]+\/\*|all versions|\*|-)$/i.test(raw)) return { kind: 'all' };
  const body = raw.replace(/^vers:[a-z]+\//i, '');
  const parts = body.split('|').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 2) return undefined;
  const constraints: Array<{ op: OracleOp; version: OracleVersion }> = [];
  for (const part of parts) {
    const m = /^(<=|>=|<|>|=)?\s*(.*)$/.exec(part);
    const version = m ? readOracleVersion(m[2] as string) : undefined;
    if (!m || !version) return undefined;
    const op = (m[1] ?? '=') as OracleOp;
    if (text === undefined && op !== '=') return undefined;
    constraints.push({ op, version });
  }
  if (constraints.length === 2) {
    const [lo, hi] = constraints as [(typeof constraints)[0], (typeof constraints)[0]];
    if (!(lo.op === '>=' || lo.op === '>') || !(hi.op === '<' || hi.op === '<=') || oracleCompare(lo.version, hi.version) >= 0) return undefined;
  }
  return { kind: 'constraints', constraints };
}

export function oracleContains(range: OracleRange, text: string | undefined): boolean {
  if (range.kind === 'all') return true;
  if (text === undefined) return false;
  if (range.kind === 'literal') return text === range.value;
  const v = readOracleVersion(text);
  if (!v) return false;
  return range.constraints.every(({ op, version }) => {
    const c = oracleCompare(v, version);
    return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
  });
}

/**
 * Test versions around every bound: on it, just above, just below, alternately in the bound's own
 * spelling (`V3.1.4`) and without its prefix (`3.1.4`).
 */
export function versionsAround(range: OracleRange): string[] {
  if (range.kind === 'all') return ['1.0'];
  if (range.kind === 'literal') return [range.value, `${range.value}1`];
  const out: string[] = [];
  for (const { version } of range.constraints) {
    const b = below(version);
    const list = [version, above(version), ...(b ? [b] : [])];
    list.forEach((v, i) => out.push(formatOracleVersion(v, (out.length + i) % 2 === 1 ? '' : v.prefix)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Index and counting
// ---------------------------------------------------------------------------------------------

/** An in-memory (key → specs) index, the same contract the store implements in SQL. */
export class KeyIndex {
  private readonly byKey = new Map<string, MatchableSpec[]>();

  constructor(specs: readonly MatchableSpec[]) {
    for (const spec of specs) {
      for (const key of specMatchKeys(spec)) {
        const list = this.byKey.get(key);
        if (list) list.push(spec);
        else this.byKey.set(key, [spec]);
      }
    }
  }

  candidates(target: MatchTarget): MatchableSpec[] {
    const seen = new Set<MatchableSpec>();
    for (const key of targetMatchKeys(target)) for (const spec of this.byKey.get(key) ?? []) seen.add(spec);
    return [...seen];
  }

  match(target: MatchTarget): Finding[] {
    const findings = matchTarget(target, this.candidates(target));
    activeGolden?.add(target, findings);
    return findings;
  }
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  cannotDecide: number;
  skipped: number;
  /** A few examples of errors, for the report. */
  errors: string[];
}

export class Scoreboard {
  readonly buckets = new Map<string, Counts>();

  bucket(name: string): Counts {
    let c = this.buckets.get(name);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0, tn: 0, cannotDecide: 0, skipped: 0, errors: [] };
      this.buckets.set(name, c);
    }
    return c;
  }

  record(bucket: string, expected: boolean, finding: Finding | undefined, label: string): void {
    const c = this.bucket(bucket);
    const predicted = finding?.status === 'affected';
    if (finding?.status === 'cannot_decide') c.cannotDecide++;
    if (expected && predicted) c.tp++;
    else if (!expected && !predicted) c.tn++;
    else if (predicted) {
      c.fp++;
      if (c.errors.length < (process.env.ACCURACY_VERBOSE ? 400 : 8)) c.errors.push(`FP ${label}: ${finding?.reason ?? ''}`);
    } else {
      c.fn++;
      if (c.errors.length < (process.env.ACCURACY_VERBOSE ? 400 : 8)) c.errors.push(`FN ${label}${finding ? ` (got ${finding.status}: ${finding.reason})` : ''}`);
    }
  }

  skip(bucket: string, n = 1): void {
    this.bucket(bucket).skipped += n;
  }

  static precision(c: Counts): number {
    return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  }

  static recall(c: Counts): number {
    return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  }

  print(title: string): void {
    const rows: Record<string, Record<string, string | number>> = {};
    for (const [name, c] of [...this.buckets].sort(([a], [b]) => a.localeCompare(b))) {
      rows[name] = {
        precision: Scoreboard.precision(c).toFixed(4),
        recall: Scoreboard.recall(c).toFixed(4),
        tp: c.tp,
        fp: c.fp,
        fn: c.fn,
        tn: c.tn,
        'cannot decide': c.cannotDecide,
        skipped: c.skipped,
      };
    }
    console.log(`\n${title}`);
    console.table(rows);
    for (const [name, c] of this.buckets) for (const e of c.errors) console.log(`  [${name}] ${e}`);
  }
}

/** JSON files under a directory, recursively, sorted. */
export function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...jsonFiles(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

// ---------------------------------------------------------------------------------------------
// Look-alikes
// ---------------------------------------------------------------------------------------------

export function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

const GENERIC_WORDS = /^(family|series|software|firmware|hardware|products?|variants?|\W+)$/i;

/**
 * Another model of the same vendor: a model token that occurs once in the name gets another first
 * digit (`1518` → `2518`), or, for names without model tokens, the last meaningful word is replaced.
 */
export function mutateName(name: string, taken: Set<string>): string | undefined {
  const parts = name.split(/([\s\-/]+)/);
  const counts = new Map<string, number>();
  for (const p of parts) counts.set(p.toLowerCase(), (counts.get(p.toLowerCase()) ?? 0) + 1);
  const candidates = parts
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => /\d/.test(p) && counts.get(p.toLowerCase()) === 1)
    .sort((a, b) => (b.p.match(/\d/g)?.length ?? 0) - (a.p.match(/\d/g)?.length ?? 0));
  for (let attempt = 1; attempt <= 8; attempt++) {
    let candidate: string;
    const pick = candidates[0];
    if (pick) {
      const d = pick.p.search(/\d/);
      const mutated = pick.p.slice(0, d) + String((Number(pick.p[d]) + attempt) % 10) + pick.p.slice(d + 1);
      candidate = [...parts.slice(0, pick.i), mutated, ...parts.slice(pick.i + 1)].join('');
    } else {
      const words = name.split(' ');
      let last = words.length - 1;
      while (last > 0 && GENERIC_WORDS.test(words[last] as string)) last--;
      const alternatives = ['Gateway', 'Historian', 'Vision', 'Relay', 'Scanner', 'Bridge', 'Panel', 'Router'];
      candidate = [...words.slice(0, last), alternatives[attempt - 1] as string, ...words.slice(last + 1)].join(' ');
    }
    if (!taken.has(norm(candidate)) && ![...taken].some((t) => containsAllWords(candidate, t))) return candidate;
  }
  return undefined;
}

/** True when every word of `name` occurs in `text` (a look-alike that spells out another product is no look-alike). */
function containsAllWords(text: string, name: string): boolean {
  const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  const have = new Set(words(text));
  const need = words(name);
  return need.length > 0 && need.every((w) => have.has(w));
}


// ---------------------------------------------------------------------------------------------
// Golden answers (behaviour pinned across optimisations of the engine)
// ---------------------------------------------------------------------------------------------

/** JSON with sorted keys and `undefined` members dropped, so that property order does not count. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * One line per matched target: the target, each finding's vulnerability, status, confidence and
 * deciding tier in clear, and a digest of everything else (evidence, reasons, issues).
 */
export function goldenLine(target: MatchTarget, findings: readonly Finding[], issues: readonly unknown[] = []): string {
  const summary = findings.map((f) => `${f.vulnerabilityId}=${f.status}/${f.confidence}/${f.decidedBy}`).join(' ');
  // Evidence names its source document by path: digest it relative to the fixtures, wherever they are.
  const content = canonicalJson({ findings, issues }).split(fixturesDir).join('<fixtures>');
  const digest = createHash('sha256').update(content).digest('base64url').slice(0, 16);
  const targetDigest = createHash('sha256').update(canonicalJson(target)).digest('base64url').slice(0, 8);
  return `${target.id}\t${targetDigest}\t${summary}\t${digest}`;
}

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

/**
 * Golden answers of one suite, kept in `test/accuracy/golden/<suite>.txt.gz`. `GOLDEN_UPDATE=1`
 * rewrites the file (only when an answer is meant to change; say why in the commit).
 */
export class GoldenLog {
  readonly lines: string[] = [];
  constructor(readonly suite: string) {}

  add(target: MatchTarget, findings: readonly Finding[], issues: readonly unknown[] = []): void {
    this.lines.push(goldenLine(target, findings, issues));
  }

  /** Differences from the stored answers (empty when equal); writes the file under GOLDEN_UPDATE=1 or when absent. */
  compare(): { differences: string[]; total: number; written: boolean } {
    const file = join(GOLDEN_DIR, `${this.suite}.txt.gz`);
    if (process.env.GOLDEN_UPDATE === '1' || !existsSync(file)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, gzipSync(`${this.lines.join('\n')}\n`, { level: 9 }));
      return { differences: [], total: this.lines.length, written: true };
    }
    const stored = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    if (stored[stored.length - 1] === '') stored.pop();
    const differences: string[] = [];
    const n = Math.max(stored.length, this.lines.length);
    for (let i = 0; i < n; i++) {
      if (stored[i] === this.lines[i]) continue;
      differences.push(`#${i}\n  golden: ${stored[i] ?? '(none)'}\n  now:    ${this.lines[i] ?? '(none)'}`);
    }
    return { differences, total: this.lines.length, written: false };
  }
}

let activeGolden: GoldenLog | undefined;

/** Records every `KeyIndex.match` of the running suite into a golden log. */
export function recordGolden(suite: string): GoldenLog {
  activeGolden = new GoldenLog(suite);
  return activeGolden;
}

/** Asserts that a suite's answers equal its golden file (prints the first differences). */
export function expectGolden(golden: GoldenLog): void {
  const { differences, total, written } = golden.compare();
  if (written) console.log(`golden answers of ${golden.suite}: ${total} targets written to test/accuracy/golden/${golden.suite}.txt.gz`);
  expect(differences.slice(0, 10), `${differences.length} of ${total} answers differ from test/accuracy/golden/${golden.suite}.txt.gz`).toEqual([]);
}
