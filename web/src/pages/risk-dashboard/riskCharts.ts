/**
 * ECharts options for the risk dashboard, built from the API's answers. Pure: the figures drawn are
 * exactly the API's (no rounding beyond display), and colours are the decision colours used on
 * every badge.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ExploitationRate, RollupItem, TrendAnswer } from '../../api/riskTypes';
import { DECISIONS_URGENT_FIRST } from '../../api/riskTypes';
import { DECISION_LOOK } from '../../lib/riskFormat';

export interface ChartColors {
  text: string;
  dimmed: string;
  grid: string;
}

export const LIGHT: ChartColors = { text: '#212529', dimmed: '#868e96', grid: '#e9ecef' };
export const DARK: ChartColors = { text: '#c9c9c9', dimmed: '#828282', grid: '#373a40' };

const axis = (c: ChartColors) => ({
  axisLine: { lineStyle: { color: c.grid } },
  axisLabel: { color: c.dimmed },
  splitLine: { lineStyle: { color: c.grid } },
});

/** Every day from `from` to `to` inclusive (`YYYY-MM-DD`). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 1000; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The trend: open findings per decision as stacked bars (left axis) and the risk score of each
 * series as a line (right axis, 0–100). Days without a snapshot are gaps, not zeros. The x axis
 * spans only the days that have data (a single day is still drawn).
 */
export function trendOption(trend: TrendAnswer, colors: ChartColors): EChartsCoreOption {
  const withData = trend.series.flatMap((s) => s.points.map((p) => p.day)).sort();
  const days = withData.length > 0 ? daysOf(withData[0]!, withData[withData.length - 1]!) : [];
  const first = trend.series[0];
  const byDay = (points: TrendAnswer['series'][number]['points']) => new Map(points.map((p) => [p.day, p]));
  const firstPoints = first ? byDay(first.points) : new Map();
  const bars = trend.series.length === 1
    ? DECISIONS_URGENT_FIRST.map((d) => ({
        name: d,
        type: 'bar',
        stack: 'findings',
        yAxisIndex: 0,
        barMaxWidth: 28,
        itemStyle: { color: DECISION_LOOK[d].hex },
        data: days.map((day) => firstPoints.get(day)?.byDecision[d] ?? null),
      }))
    : [];
  const lines = trend.series.map((s) => {
    const points = byDay(s.points);
    return {
      name: trend.series.length === 1 ? 'Risk score' : s.name,
      type: 'line',
      yAxisIndex: 1,
      symbolSize: 6,
      connectNulls: false,
      lineStyle: { width: 2 },
      ...(trend.series.length === 1 ? { itemStyle: { color: '#228be6' } } : {}),
      data: days.map((day) => points.get(day)?.score ?? null),
    };
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: colors.text } },
    grid: { left: 44, right: 44, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: days, ...axis(colors) },
    yAxis: [
      { type: 'value', name: 'findings', minInterval: 1, nameTextStyle: { color: colors.dimmed }, ...axis(colors) },
      { type: 'value', name: 'risk', min: 0, max: 100, nameTextStyle: { color: colors.dimmed }, ...axis(colors), splitLine: { show: false } },
    ],
    series: [...bars, ...lines],
  };
}

/** Open findings per decision for each group (site, zone…), stacked horizontally, worst group on top. */
export function decisionBarsOption(items: readonly RollupItem[], colors: ChartColors): EChartsCoreOption {
  const groups = [...items].reverse();
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: colors.text } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis(colors) },
    yAxis: { type: 'category', data: groups.map((g) => g.name), ...axis(colors), axisLabel: { color: colors.text, width: 160, overflow: 'truncate' } },
    series: DECISIONS_URGENT_FIRST.map((d) => ({
      name: d,
      type: 'bar',
      stack: 'decisions',
      barMaxWidth: 26,
      itemStyle: { color: DECISION_LOOK[d].hex },
      data: groups.map((g) => g.byDecision[d]),
    })),
  };
}

/** "Applied before exploitation" per site: before / after / not exploited / unknown, stacked. */
export function timingBarsOption(rates: readonly ExploitationRate[], colors: ChartColors): EChartsCoreOption {
  const parts = [
    { key: 'before', name: 'Before exploitation', color: '#40c057' },
    { key: 'after', name: 'After exploitation', color: '#fa5252' },
    { key: 'notExploited', name: 'Not exploited', color: '#adb5bd' },
    { key: 'unknown', name: 'Unknown', color: '#fab005' },
  ] as const;
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: colors.text } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis(colors) },
    yAxis: { type: 'category', data: rates.map((r) => r.group), ...axis(colors), axisLabel: { color: colors.text, width: 160, overflow: 'truncate' } },
    series: parts.map((p) => ({ name: p.name, type: 'bar', stack: 'timing', barMaxWidth: 26, itemStyle: { color: p.color }, data: rates.map((r) => r[p.key]) })),
  };
}
