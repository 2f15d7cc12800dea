/** Collects problems with a per-code cap so that one broken stream cannot flood the report. */
import type { Problem } from './types.js';

export class ProblemLog {
  private readonly list: Problem[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly perCode = 25) {}

  /** The last (file, code) counted and its key: broken streams repeat the same problem. */
  private lastFile: string | undefined;
  private lastCode = '';
  private lastKey = '';

  add(problem: Problem): void {
    if (this.count(problem.file, problem.code)) this.list.push(problem);
  }

  /** `add({ code, message, file, frame, protocol })`, the object made only while under the cap. */
  report(code: string, message: string, file: string, frame: number, protocol: string | undefined): void {
    if (this.count(file, code)) this.list.push({ code, message, file, frame, protocol });
  }

  /** Counts one more problem of this file and code; true while it is under the cap (to be listed). */
  private count(file: string | undefined, code: string): boolean {
    let key = this.lastKey;
    if (file !== this.lastFile || code !== this.lastCode || key === '') {
      key = `${file ?? ''}|${code}`;
      this.lastFile = file;
      this.lastCode = code;
      this.lastKey = key;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.perCode;
  }

  /** Problems kept, plus one summary per code that went over the cap. */
  problems(): Problem[] {
    const out = [...this.list];
    for (const [key, count] of this.counts) {
      if (count <= this.perCode) continue;
      const [file, code] = key.split('|') as [string, string];
      out.push({ code: 'problems-suppressed', message: `${count - this.perCode} more "${code}" problems not listed`, ...(file ? { file } : {}) });
    }
    return out;
  }
}
