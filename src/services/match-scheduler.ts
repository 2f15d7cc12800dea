/**
 * Keeps findings current while the server runs: after a change (an import, an edit) an incremental
 * match is scheduled; changes that arrive while one runs are folded into one more run. Matching is
 * incremental, so a run after a one-asset edit examines that asset only.
 */
import type { Store } from '../store/database.js';
import { organisationScope } from '../model/scope.js';
import { DEFAULT_ORG_ID } from '../store/migrations/011-accounts.js';
import { runMatch, type MatchSummary } from './matching.js';

export class MatchScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: { delayMs?: number; onDone?: (s: MatchSummary) => void; onError?: (e: unknown) => void } = {},
  ) {}

  /** Asks for a match soon (debounced). */
  schedule(): void {
    if (this.closed) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.options.delayMs ?? 250);
  }

  private start(): void {
    this.timer = null;
    if (this.closed) return;
    this.running = runMatch(this.store, organisationScope(DEFAULT_ORG_ID))
      .then((s) => this.options.onDone?.(s))
      .catch((e: unknown) => this.options.onError?.(e))
      .finally(() => {
        this.running = null;
        if (this.pending) {
          this.pending = false;
          this.schedule();
        }
      });
  }

  /** Stops scheduling and waits for a running match to finish (before the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
  }
}
