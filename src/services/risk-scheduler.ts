/**
 * Keeps risk current while the server runs: every organisation with findings is recomputed once a
 * day (the daily snapshot, overdue notifications, lapsed acceptances), after every match (findings
 * or intelligence changed) and soon after its policy or overrides changed. Events are delivered to
 * the organisation's endpoints after each run. One run at a time.
 */
import { organisationScope } from '../model/scope.js';
import type { Store } from '../store/database.js';
import { getMeta } from '../store/repositories/findings.js';
import { lastRun, organisationsWithFindings } from '../store/repositories/risk.js';
import { deliverEvents } from './notify.js';
import { recomputeRisk, type RecomputeSummary } from './risk.js';

/** Meta key the matching service writes after each match (src/services/matching.ts). */
const MATCH_LAST_RUN = 'match.last-run';

export interface RiskSchedulerOptions {
  /** How often to look for work (default one minute). */
  intervalMs?: number;
  /** Delay after a request before the run (debounce). */
  delayMs?: number;
  onRun?: (summary: RecomputeSummary) => void;
  onError?: (err: unknown) => void;
}

export class RiskScheduler {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly requested = new Set<string>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: RiskSchedulerOptions = {},
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? 60_000);
    this.timer.unref();
  }

  /** Asks for a recompute of one organisation soon (after a policy or override change). */
  request(orgId: string): void {
    if (this.closed) return;
    this.requested.add(orgId);
    if (this.soon) clearTimeout(this.soon);
    this.soon = setTimeout(() => this.tick(), this.options.delayMs ?? 1000);
    this.soon.unref();
  }

  /** Looks for due work now (tests, and the interval). */
  tick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) return this.running;
    this.running = this.work()
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async work(): Promise<void> {
    const matched = await getMeta(this.store.db, MATCH_LAST_RUN);
    const today = new Date().toISOString().slice(0, 10);
    const orgs = new Set([...(await organisationsWithFindings(this.store.db)), ...this.requested]);
    for (const orgId of orgs) {
      if (this.closed) return;
      const last = await lastRun(this.store.db, orgId);
      const trigger = this.requested.has(orgId)
        ? 'requested'
        : !last || last.startedAt.slice(0, 10) < today
          ? 'daily'
          : matched !== null && matched > last.startedAt
            ? 'match'
            : null;
      if (!trigger) continue;
      this.requested.delete(orgId);
      const outcome = await recomputeRisk(this.store, organisationScope(orgId), { trigger });
      this.options.onRun?.(outcome.summary);
      await deliverEvents(this.store, orgId, outcome.events);
    }
  }

  /** Stops and waits for a running recompute (before the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
    while (this.running) await this.running;
  }
}
