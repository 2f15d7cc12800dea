/** Collects problems with a per-code cap so that one broken stream cannot flood the report. */
import type { Problem } from './types.js';

export class ProblemLog {
  private readonly list: Problem[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly perCode = 25) {}

  add(problem: Problem): void {
    const key = `${problem.file ?? ''}|${problem.code}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.perCode) this.list.push(problem);
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
