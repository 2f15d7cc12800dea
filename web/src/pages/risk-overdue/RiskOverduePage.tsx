/** Overdue findings (past their governing due date, most overdue first) and those due soon (earliest first). */
import { Badge, Group, Paper, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useRiskQueue } from '../../api/riskQueries';
import { AlertIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import type { QueueQuery } from '../../lib/riskQuery';
import { parseQueueQuery, queueQueryToUrl, withQueuePage, withQueuePageSize } from '../../lib/riskQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { QueueTable } from '../risk/QueueTable';
import { QueueToolbar } from '../risk/QueueToolbar';
import { RecomputeButton } from '../risk/RecomputeButton';
import { RiskTabs } from '../risk/RiskTabs';

type DeadlineList = 'overdue' | 'due-soon';
interface DeadlineQuery extends QueueQuery {
  list: DeadlineList;
}

const parse = (params: URLSearchParams): DeadlineQuery => ({ ...parseQueueQuery(params), due: 'all', list: params.get('list') === 'due-soon' ? 'due-soon' : 'overdue' });
const toUrl = (query: DeadlineQuery): URLSearchParams => {
  const params = queueQueryToUrl({ ...query, due: 'all' });
  if (query.list === 'due-soon') params.set('list', 'due-soon');
  return params;
};

export function RiskOverduePage() {
  const [query, setQueryRaw] = useUrlQuery(parse, toUrl);
  const setQuery = useCallback((update: (current: QueueQuery) => QueueQuery) => setQueryRaw((c) => ({ ...update(c), list: c.list })), [setQueryRaw]);
  const active = useRiskQueue(query.list, query);
  // The other list's total, for its tab label.
  const other = useRiskQueue(query.list === 'overdue' ? 'due-soon' : 'overdue', { ...query, page: 1, pageSize: 25 });
  const totals: Record<DeadlineList, number | undefined> =
    query.list === 'overdue' ? { overdue: active.data?.total, 'due-soon': other.data?.total } : { overdue: other.data?.total, 'due-soon': active.data?.total };
  const page = active.data;
  const label = (list: DeadlineList, text: string) => (
    <Group gap={6} wrap="nowrap">
      <span>{text}</span>
      <Badge size="sm" radius="sm" variant={list === 'overdue' && (totals.overdue ?? 0) > 0 ? 'filled' : 'light'} color={list === 'overdue' ? 'red' : 'orange'} data-testid={`deadline-total-${list}`} data-value={totals[list] ?? ''}>
        {totals[list] === undefined ? '…' : formatCount(totals[list])}
      </Badge>
    </Group>
  );
  return (
    <Stack gap="sm" data-testid="risk-overdue-page">
      <PageHeader
        title="Overdue and due soon"
        subtitle={page ? `Governing deadline: ${page.mode === 'bod-26-04' ? 'BOD 26-04' : 'organisation policy'} · due soon = within ${page.dueSoonDays} days` : 'Loading…'}
        actions={<RecomputeButton />}
      />
      <RiskTabs />
      <Paper withBorder radius="md" className="bw-panel">
        <Group gap="sm" px="sm" pt="sm" wrap="wrap">
          <SegmentedControl
            value={query.list}
            onChange={(list) => setQueryRaw((c) => ({ ...c, list: list as DeadlineList, page: 1 }))}
            data={[
              { value: 'overdue', label: label('overdue', 'Overdue') },
              { value: 'due-soon', label: label('due-soon', 'Due soon') },
            ]}
            data-testid="deadline-list"
          />
          <Text size="xs" c="dimmed">
            {query.list === 'overdue' ? 'Most overdue first' : 'Earliest due first'}
          </Text>
        </Group>
        <QueueToolbar query={query} setQuery={setQuery} withDue={false} />
        <Progress value={100} size={2} radius={0} animated className="bw-loading-bar" data-visible={active.isFetching || undefined} />
        {active.error && !page ? (
          <div className="bw-section-body">
            <ErrorAlert error={active.error} title="Could not load the list" onRetry={() => void active.refetch()} />
          </div>
        ) : page && page.items.length === 0 ? (
          <EmptyView
            title={query.list === 'overdue' ? 'Nothing is overdue' : `Nothing is due in the next ${page.dueSoonDays} days`}
            description="Open findings past (or near) their governing due date appear here."
            icon={<AlertIcon size={28} />}
            testId="deadline-empty"
          />
        ) : (
          <QueueTable items={page?.items} loading={active.isPending} stale={active.isPlaceholderData} testId="deadline-table" />
        )}
        <ListFooter
          paging={query}
          total={page?.total ?? 0}
          loaded={Boolean(page)}
          refreshError={page ? active.error : null}
          onPage={(p) => setQuery((c) => withQueuePage(c, p))}
          onPageSize={(size) => setQuery((c) => withQueuePageSize(c, size))}
          testIdPrefix="deadline"
        />
      </Paper>
    </Stack>
  );
}
