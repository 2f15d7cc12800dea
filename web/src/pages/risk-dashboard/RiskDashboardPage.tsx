/**
 * The risk dashboard: the organisation's risk and open findings per decision, the trend over time,
 * decisions per site, the rollups per organisation / site / zone / asset with their formula, and
 * the "applied before exploitation" rate per site and organisation.
 */
import { Code, Grid, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useBeforeExploitation, useRiskStatus, useRiskTrend, useRollups } from '../../api/riskQueries';
import type { RollupLevel } from '../../api/riskTypes';
import { DECISIONS_URGENT_FIRST } from '../../api/riskTypes';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { ErrorAlert } from '../../components/states';
import { formatCount, formatRelative } from '../../lib/format';
import { addDays, decisionLook, formatRate, todayUtc } from '../../lib/riskFormat';
import { RecomputeButton } from '../risk/RecomputeButton';
import { SiteSelect } from '../risk/QueueToolbar';
import { RiskTabs } from '../risk/RiskTabs';
import { EChart } from './EChart';
import type { ChartColors } from './riskCharts';
import { decisionBarsOption, timingBarsOption, trendOption } from './riskCharts';
import { RollupTable } from './RollupTable';

const LEVELS: Array<{ value: RollupLevel; label: string }> = [
  { value: 'organisation', label: 'Organisation' },
  { value: 'site', label: 'Site' },
  { value: 'zone', label: 'Zone' },
  { value: 'asset', label: 'Asset' },
];

const PERIODS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

function Tile({ label, value, hint, color, testId, data }: { label: string; value: string; hint: string; color?: string; testId: string; data?: string }) {
  return (
    <Tooltip label={hint} withArrow multiline maw={360} openDelay={200}>
      <Paper withBorder radius="md" p="sm" data-testid={testId} data-value={data ?? value}>
        <Text size="xs" fw={700} tt="uppercase" c={color ?? 'dimmed'}>
          {label}
        </Text>
        <Text fz={28} fw={700} lh={1.15}>
          {value}
        </Text>
      </Paper>
    </Tooltip>
  );
}

export function RiskDashboardPage() {
  const [params, setParams] = useSearchParams();
  const level = (LEVELS.find((l) => l.value === params.get('level'))?.value ?? 'site') as RollupLevel;
  const site = params.get('site') ?? undefined;
  const [period, setPeriod] = useState('90');
  const [trendLevel, setTrendLevel] = useState<'organisation' | 'site'>('organisation');
  const from = addDays(todayUtc(), -Number(period));

  const organisation = useRollups('organisation', undefined, 1);
  const sites = useRollups('site', undefined, 50);
  const rollups = useRollups(level, site, 100);
  const trend = useRiskTrend(trendLevel, from);
  const before = useBeforeExploitation(addDays(todayUtc(), -365));
  const status = useRiskStatus();

  const org = organisation.data?.items[0];
  const orgRate = before.data?.organisation[0];
  const trendChart = useCallback((c: ChartColors) => trendOption(trend.data ?? { level: 'organisation', from, to: from, series: [] }, c), [trend.data, from]);
  const siteChart = useCallback((c: ChartColors) => decisionBarsOption(sites.data?.items ?? [], c), [sites.data]);
  const timingChart = useCallback((c: ChartColors) => timingBarsOption(before.data?.site ?? [], c), [before.data]);
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const computedAt = organisation.data?.computedAt;

  return (
    <Stack gap="sm" data-testid="risk-dashboard-page">
      <PageHeader title="Risk dashboard" subtitle={computedAt ? `Rollups computed ${formatRelative(computedAt)}` : 'Rollups appear after the first recompute'} actions={<RecomputeButton />} />
      <RiskTabs />
      {organisation.error ? <ErrorAlert error={organisation.error} title="Could not load the rollups" onRetry={() => void organisation.refetch()} /> : null}
      <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }} spacing="sm" data-testid="risk-tiles">
        {organisation.isPending ? (
          Array.from({ length: 7 }, (_, i) => <Skeleton key={i} height={78} radius="md" />)
        ) : (
          <>
            <Tile
              label="Organisation risk"
              value={org ? org.score.toFixed(1) : '—'}
              data={org ? String(org.score) : ''}
              hint={org?.text ?? 'No open finding assessed yet'}
              testId="tile-risk"
            />
            {DECISIONS_URGENT_FIRST.map((d) => (
              <Tile
                key={d}
                label={d}
                value={formatCount(org?.byDecision[d] ?? 0)}
                data={String(org?.byDecision[d] ?? 0)}
                color={decisionLook(d).color}
                hint={`Findings decided ${d} in the last recompute. ${decisionLook(d).description}`}
                testId={`tile-${d}`}
              />
            ))}
            <Tile
              label="Overdue"
              value={formatCount(status.data?.lastRun?.byStatus.overdue ?? 0)}
              data={String(status.data?.lastRun?.byStatus.overdue ?? 0)}
              color="red"
              hint="Open findings past their governing due date at the last recompute."
              testId="tile-overdue"
            />
            <Tile
              label="Before exploitation"
              value={formatRate(orgRate?.rate)}
              data={orgRate?.rate === null || orgRate?.rate === undefined ? 'n/a' : String(orgRate.rate)}
              color="green"
              hint={orgRate?.text ?? 'Mitigations and remediations applied before the first evidence of exploitation, over the last year'}
              testId="tile-before"
            />
          </>
        )}
      </SimpleGrid>

      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section
            title="Trend"
            extra={
              <Group gap={6}>
                <SegmentedControl size="xs" value={trendLevel} onChange={(v) => setTrendLevel(v as 'organisation' | 'site')} data={[{ value: 'organisation', label: 'Organisation' }, { value: 'site', label: 'Per site' }]} data-testid="trend-level" />
                <SegmentedControl size="xs" value={period} onChange={setPeriod} data={PERIODS} data-testid="trend-period" />
              </Group>
            }
            testId="trend-section"
          >
            <div className="bw-section-body" data-points={trend.data ? trend.data.series.reduce((n, s) => n + s.points.length, 0) : ''}>
              {trend.error ? <ErrorAlert error={trend.error} title="Could not load the trend" /> : <EChart option={trendChart} height={300} testId="chart-trend" label="Risk score and open findings per decision over time" />}
              <Text size="xs" c="dimmed" mt={4}>
                One snapshot per day from each recompute: bars are open findings per decision, the line the highest finding score.
              </Text>
            </div>
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title="Decisions per site" testId="sites-section">
            <div className="bw-section-body">
              {sites.error ? <ErrorAlert error={sites.error} title="Could not load the sites" /> : <EChart option={siteChart} height={Math.max(180, 60 + (sites.data?.items.length ?? 1) * 34)} testId="chart-sites" label="Open findings per decision for each site" />}
            </div>
          </Section>
        </Grid.Col>
      </Grid>

      <Section
        title="Rollups"
        extra={
          <Group gap={6}>
            <SegmentedControl size="xs" value={level} onChange={(v) => setParam('level', v === 'site' ? null : v)} data={LEVELS} data-testid="rollup-level" />
            {(level === 'zone' || level === 'asset' || level === 'site') && <SiteSelect value={site} onChange={(s) => setParam('site', s)} testId="rollup-site" />}
          </Group>
        }
        testId="rollups-section"
      >
        <RollupTable items={rollups.data?.items} loading={rollups.isPending} />
        {rollups.data && (
          <Stack gap={2} p="sm" className="bw-footer" data-testid="rollup-formula">
            <Text size="xs" c="dimmed">
              <b>Finding:</b> <Code fz="xs">{rollups.data.formula.finding}</Code>
            </Text>
            <Text size="xs" c="dimmed">
              <b>Group:</b> <Code fz="xs">{rollups.data.formula.rollup}</Code>
            </Text>
            {rollups.data.total > rollups.data.items.length && (
              <Text size="xs" c="dimmed">
                The {rollups.data.items.length} riskiest of {formatCount(rollups.data.total)}.
              </Text>
            )}
          </Stack>
        )}
      </Section>

      <Section title="Applied before exploitation (last 365 days)" testId="before-section">
        <Grid gap="sm" p="sm">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            {before.error ? (
              <ErrorAlert error={before.error} title="Could not load the rates" />
            ) : (
              <Table verticalSpacing={6} className="bw-thead" data-testid="before-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Group</Table.Th>
                    <Table.Th ta="right">Rate</Table.Th>
                    <Table.Th ta="right">Before</Table.Th>
                    <Table.Th ta="right">After</Table.Th>
                    <Table.Th ta="right">Not exploited</Table.Th>
                    <Table.Th ta="right">Unknown</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...(before.data?.organisation ?? []), ...(before.data?.site ?? [])].map((r, i) => (
                    <Tooltip key={`${i}-${r.group}`} label={r.text} withArrow multiline maw={420}>
                      <Table.Tr data-testid="before-row" data-group={r.group} data-rate={r.rate ?? 'n/a'} data-before={r.before} data-after={r.after}>
                        <Table.Td fw={i === 0 ? 700 : 400}>{r.group}</Table.Td>
                        <Table.Td ta="right" fw={700}>
                          {formatRate(r.rate)}
                        </Table.Td>
                        <Table.Td ta="right">{r.before}</Table.Td>
                        <Table.Td ta="right">{r.after}</Table.Td>
                        <Table.Td ta="right">{r.notExploited}</Table.Td>
                        <Table.Td ta="right">{r.unknown}</Table.Td>
                      </Table.Tr>
                    </Tooltip>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Text size="xs" c="dimmed" mt={6}>
              rate = before ÷ (before + after): mitigations and remediations in place before the first evidence of exploitation (KEV date added, CISA ADP, CSAF threats). Findings never exploited, or
              with no usable date, are counted beside it.
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <EChart option={timingChart} height={Math.max(160, 60 + (before.data?.site.length ?? 1) * 34)} testId="chart-before" label="Actions before and after exploitation per site" />
          </Grid.Col>
        </Grid>
      </Section>
    </Stack>
  );
}
