/** How many worker threads a match starts when the caller does not say. */
import { describe, expect, it } from 'vitest';
import { defaultWorkerCount, PARALLEL_FROM } from '../../src/services/match-workers.js';

describe('defaultWorkerCount', () => {
  it('matches small runs on the calling thread', () => {
    expect(defaultWorkerCount(PARALLEL_FROM - 1, 8, false)).toBe(0);
    expect(defaultWorkerCount(PARALLEL_FROM - 1, 8, true)).toBe(0);
  });

  it('starts one worker per core, at most four', () => {
    expect(defaultWorkerCount(PARALLEL_FROM, 2, false)).toBe(2);
    expect(defaultWorkerCount(100_000, 16, false)).toBe(4);
  });

  it('leaves a core to the calling thread when it will write most of the time', () => {
    expect(defaultWorkerCount(100_000, 2, true)).toBe(1);
    expect(defaultWorkerCount(100_000, 4, true)).toBe(3);
    expect(defaultWorkerCount(100_000, 16, true)).toBe(4);
    expect(defaultWorkerCount(100_000, 1, true)).toBe(0);
  });
});
