/** Terminal output helpers: plain tables without ANSI codes in pipes, stable JSON, progress bars on TTYs. */
import Table from 'cli-table3';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { formatIssue, type Issue } from '../model/errors.js';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(head: string[], rows: (string | number | null | undefined)[][]): void {
  // cli-table3 colours headers and borders even in pipes unless styles are emptied.
  const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
  for (const r of rows) table.push(r.map((c) => (c === null || c === undefined ? '' : String(c))));
  process.stdout.write(table.toString() + '\n');
}

export function printIssues(issues: Issue[], limit = 50): void {
  for (const i of issues.slice(0, limit)) process.stderr.write(`  ${formatIssue(i)}${i.code ? pc.dim(` [${i.code}]`) : ''}\n`);
  if (issues.length > limit) process.stderr.write(`  … and ${issues.length - limit} more (use --json for all)\n`);
}

/** A progress bar on a terminal; nothing when output is piped or in CI logs. */
export function progress(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Runs `fn` with a progress bar (on a terminal) that is stopped however `fn` ends. */
export async function withProgress<T>(label: string, fn: (onProgress: (done: number, total: number) => void) => Promise<T>, options: { quiet?: boolean } = {}): Promise<T> {
  const bar = options.quiet ? { update() {}, stop() {} } : progress(label);
  try {
    return await fn((done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
}
