/**
 * An ECharts chart drawn with the SVG renderer, importing only the charts and components the
 * dashboard uses (echarts/core, not the 1.9 MB full build). Resizes with its box; the colour scheme
 * decides text and grid colours.
 */
import { useComputedColorScheme } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartColors } from './riskCharts';
import { DARK, LIGHT } from './riskCharts';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function EChart({ option, height, testId, label }: { option: (colors: ChartColors) => EChartsCoreOption; height: number; testId: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option(scheme === 'dark' ? DARK : LIGHT), { notMerge: true });
  }, [option, scheme]);

  return <div ref={box} className="bw-chart" data-height={height} style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
