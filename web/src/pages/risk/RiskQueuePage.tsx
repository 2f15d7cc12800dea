/** The work queue: open findings, Act and Attend first, then by due date; filtered by site, decision and deadline; paged on the server. */
import { Alert, Paper, Progress, Stack, Text } from '@mantine/core';
import { useRiskQueue } from '../../api/riskQueries';
import type { QueuePage } from '../../api/riskTypes';
import { GaugeIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { hasQueueFilters, parseQueueQuery, queueQueryToUrl, withQueueFilters, withQueuePage, withQueuePageSize, withoutQueueFilters } from '../../lib/riskQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { DecisionCounts } from './DecisionCounts';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { RecomputeButton } from './RecomputeButton';
import { RiskTabs } from './RiskTabs';

export function describeComputed(page: QueuePage | undefined): string {
  if (!page) return 'Loading…';
  const governing = page.mode === 'bod-26-04' ? 'BOD 26-04 deadlines govern' : 'the organisation policy governs';
  const when = page.computedAt ? `computed ${formatRelative(page.computedAt)}` : 'not computed yet';
  return `${formatCount(page.total)}${page.totalExact ? '' : '+'} open ${page.total === 1 ? 'finding' : 'findings'} · ${when} · ${governing}`;
}

export function RiskQueuePage() {
  const [query, setQuery] = useUrlQuery(parseQueueQuery, queueQueryToUrl);
  const queue = useRiskQueue('queue', query);
  const page = queue.data;
  const filtered = hasQueueFilters(query);
  return (
    <Stack gap="sm" data-testid="risk-queue-page">
      <PageHeader
        title="Risk"
        subtitle={<span title={page?.computedAt ? formatDateTime(page.computedAt) : undefined}>{describeComputed(page)}</span>}
        subtitleTestId="queue-total"
        subtitleData={{ 'data-total': page ? String(page.total) : undefined }}
        actions={<RecomputeButton />}
      />
      <RiskTabs />
      <DecisionCounts
        counts={page?.counts}
        capped={page ? !page.totalExact : false}
        selected={query.decisions}
        onSelect={(d) => setQuery((c) => withQueueFilters(c, { decisions: c.decisions.length === 1 && c.decisions[0] === d ? [] : [d] }))}
      />
      {page && page.computedAt === null && (
        <Alert color="blue" variant="light" title="Not computed yet" data-testid="queue-not-computed">
          <Text size="sm">Decisions and deadlines appear after the first recompute. The server runs one after every match and daily; Recompute runs it now.</Text>
        </Alert>
      )}
      <Paper withBorder radius="md" className="bw-panel">
        <QueueToolbar query={query} setQuery={setQuery} />
        <Progress value={100} size={2} radius={0} animated className="bw-loading-bar" data-visible={queue.isFetching || undefined} />
        {queue.error && !page ? (
          <div className="bw-section-body">
            <ErrorAlert error={queue.error} title="Could not load the work queue" onRetry={() => void queue.refetch()} />
          </div>
        ) : page && page.items.length === 0 ? (
          <EmptyView
            title={filtered ? 'Nothing matches these filters' : 'The queue is empty'}
            description={filtered ? 'Try another site, decision or deadline.' : 'No open finding needs work: match inventory against intelligence, then recompute.'}
            icon={<GaugeIcon size={28} />}
            testId="queue-empty"
            action={filtered ? <Text component="button" type="button" c="blue" size="sm" className="bw-link-button" onClick={() => setQuery(withoutQueueFilters)}>Clear filters</Text> : undefined}
          />
        ) : (
          <QueueTable items={page?.items} loading={queue.isPending} stale={queue.isPlaceholderData} />
        )}
        <ListFooter
          paging={query}
          total={page?.total ?? 0}
          loaded={Boolean(page)}
          refreshError={page ? queue.error : null}
          onPage={(p) => setQuery((c) => withQueuePage(c, p))}
          onPageSize={(size) => setQuery((c) => withQueuePageSize(c, size))}
          testIdPrefix="queue"
        />
      </Paper>
    </Stack>
  );
}
