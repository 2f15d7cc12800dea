import { describe, expect, it } from 'vitest';
import type { RollupItem, TrendAnswer } from '../../api/riskTypes';
import { LIGHT, daysOf, decisionBarsOption, timingBarsOption, trendOption } from './riskCharts';

type Series = Array<{ name: string; data: Array<number | null>; itemStyle?: { color: string } }>;

describe('risk dashboard charts', () => {
  it('spans the days with data and leaves missing days as gaps', () => {
    expect(daysOf('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    const trend: TrendAnswer = {
      level: 'organisation',
      from: '2026-08-28',
      to: '2026-11-26',
      series: [{ groupId: 'o', name: 'organisation', points: [
        { day: '2026-11-24', score: 60, findings: 5, mean: 1, byDecision: { Act: 1, Attend: 2, 'Track*': 0, Track: 2 } },
        { day: '2026-11-26', score: 92.3, findings: 80, mean: 3, byDecision: { Act: 1, Attend: 4, 'Track*': 12, Track: 63 } },
      ] }],
    };
    const option = trendOption(trend, LIGHT) as { xAxis: { data: string[] }; series: Series };
    expect(option.xAxis.data).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(option.series.map((s) => s.name)).toEqual(['Act', 'Attend', 'Track*', 'Track', 'Risk score']);
    expect(option.series[0]).toMatchObject({ data: [1, null, 1], itemStyle: { color: '#fa5252' } });
    expect(option.series[4]!.data).toEqual([60, null, 92.3]);
  });

  it('draws one line per site when the trend has several series', () => {
    const point = (score: number) => ({ day: '2026-11-26', score, findings: 1, mean: 1, byDecision: {} });
    const option = trendOption({ level: 'site', from: '', to: '', series: [{ groupId: 'a', name: 'North', points: [point(90)] }, { groupId: 'b', name: 'South', points: [point(60)] }] }, LIGHT) as { series: Series };
    expect(option.series.map((s) => `${s.name}:${s.data.join()}`)).toEqual(['North:90', 'South:60']);
  });

  it('stacks decisions per group with the worst group on top', () => {
    const rollup = (name: string, act: number): RollupItem => ({ level: 'site', groupId: name, name, score: act, findings: act, byDecision: { Act: act, Attend: 1, 'Track*': 0, Track: 2 }, sum: 0, mean: 0, worstFindingId: null, text: '' });
    const option = decisionBarsOption([rollup('North', 3), rollup('South', 1)], LIGHT) as { yAxis: { data: string[] }; series: Series };
    expect(option.yAxis.data).toEqual(['South', 'North']);
    expect(option.series[0]).toMatchObject({ name: 'Act', data: [1, 3] });
  });

  it('counts before / after / not exploited / unknown per site', () => {
    const option = timingBarsOption([{ group: 'North', before: 2, after: 1, notExploited: 4, unknown: 0, rate: 2 / 3, text: '' }], LIGHT) as { series: Series };
    expect(option.series.map((s) => s.data[0])).toEqual([2, 1, 4, 0]);
  });
});
