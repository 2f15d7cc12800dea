import { describe, expect, it } from 'vitest';
import { dayOfText, dayText, NO_DAY, nowMs, parseInstant } from './dates.js';

describe('parseInstant', () => {
  it('reads dates as UTC midnight and timestamps with or without a zone', () => {
    expect(parseInstant('2021-12-10')).toBe(Date.UTC(2021, 11, 10));
    expect(parseInstant('2024-10-23T18:58:11.982740Z')).toBe(Date.UTC(2024, 9, 23, 18, 58, 11, 982));
    expect(parseInstant('2025-09-03T12:55:00+0000')).toBe(Date.UTC(2025, 8, 3, 12, 55)); // EPSS header style
    expect(parseInstant('2023-10-10T00:00:00+02:00')).toBe(Date.UTC(2023, 9, 9, 22));
    expect(parseInstant('2023-10-10T08:00')).toBe(Date.UTC(2023, 9, 10, 8)); // no zone → UTC
  });

  it('rejects what is not a real date', () => {
    for (const bad of ['2021-02-30', '2021-13-01', '2021-12-10T25:00:00Z', 'yesterday', '10/12/2021', '', undefined, null]) {
      expect(parseInstant(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('day numbers', () => {
  it('round-trip through YYYY-MM-DD, NO_DAY for unreadable text', () => {
    expect(dayText(dayOfText('2026-07-01T23:59:59Z'))).toBe('2026-07-01');
    expect(dayText(dayOfText('2026-07-01') + 60)).toBe('2026-08-30');
    expect(dayOfText('soon')).toBe(NO_DAY);
  });

  it('nowMs accepts a Date, epoch milliseconds or ISO text, and throws on anything else', () => {
    expect(nowMs(new Date(5))).toBe(5);
    expect(nowMs(7)).toBe(7);
    expect(nowMs('1970-01-02')).toBe(86_400_000);
    expect(() => nowMs('now')).toThrow(TypeError);
    expect(() => nowMs(Number.NaN)).toThrow(TypeError);
  });
});
