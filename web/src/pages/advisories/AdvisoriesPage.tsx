import { Anchor, Badge, Box, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { advisoryPath, useAdvisoryPage } from '../../api/intelQueries';
import type { AdvisorySummary } from '../../api/intelTypes';
import { FileIcon, FilterOffIcon } from '../../components/icons';
import { TlpBadge } from '../../components/TlpBadge';
import type { ListColumn } from '../../components/ListTable';
import { Dash, ListFooter, SkeletonRows, SortHeader } from '../../components/ListTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatDay, humanise } from '../../lib/intelFormat';
import type { AdvisorySortField } from '../../lib/vulnQuery';
import {
  advisoryQueryToUrl, parseAdvisoryQuery, withAdvisorySearch, withAdvisorySort, withVulnPage, withVulnPageSize,
} from '../../lib/vulnQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';

const COLUMNS: ListColumn<AdvisorySortField>[] = [
  { key: 'id', label: 'ID', sortField: 'id', width: 190 },
  { key: 'title', label: 'Title' },
  { key: 'publisher', label: 'Publisher', width: '14%' },
  { key: 'tlp', label: 'TLP', width: 110 },
  { key: 'category', label: 'Category', width: 150 },
  { key: 'counts', label: 'Vulns / products', width: 130 },
  { key: 'released', label: 'Released', sortField: 'released', width: 110 },
];

function AdvisoryRow({ advisory }: { advisory: AdvisorySummary }) {
  return (
    <Table.Tr className="bw-row" data-testid="advisory-row" data-advisory-id={advisory.id}>
      <Table.Td>
        <Anchor component={Link} to={advisoryPath(advisory.id)} fw={600} size="sm" className="bw-clip" title={advisory.id} data-testid="advisory-id">
          {advisory.id}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2} title={advisory.title}>
          {advisory.title}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="bw-clip" title={advisory.publisher ?? undefined}>
          {advisory.publisher ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>{advisory.tlp ? <TlpBadge label={advisory.tlp} /> : <Dash />}</Table.Td>
      <Table.Td>
        <Badge variant="default" radius="sm" size="sm" tt="none">
          {humanise(advisory.category)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatCount(advisory.vulnerabilityCount)} / {formatCount(advisory.productCount)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" title={advisory.version ? `Version ${advisory.version}` : undefined}>
          {formatDay(advisory.released) || '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function AdvisoriesPage() {
  const [query, setQuery] = useUrlQuery(parseAdvisoryQuery, advisoryQueryToUrl);
  const advisories = useAdvisoryPage(query);
  const total = advisories.data?.total ?? 0;
  const items = advisories.data?.items;

  return (
    <Stack gap="sm" data-testid="advisories-page">
      <div>
        <Title order={2} size="h3">
          Advisories
        </Title>
        <Text size="sm" c="dimmed" data-testid="advisories-total" data-total={advisories.data ? total : undefined}>
          {advisories.data ? `${formatCount(total)} ${total === 1 ? 'advisory' : 'advisories'}${query.q ? ' match' : ''}` : 'Loading…'}
        </Text>
      </div>
      <Paper withBorder radius="md" className="bw-panel">
        <Group gap="xs" p="sm" className="bw-toolbar">
          <SearchBox
            value={query.q ?? ''}
            onCommit={(q) => setQuery((current) => withAdvisorySearch(current, q))}
            label="Search advisories"
            placeholder="Search id, title, publisher…"
            testId="advisory-search"
          />
        </Group>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={advisories.isFetching || undefined} />
        {advisories.error && !advisories.data ? (
          <Box p="md">
            <ErrorAlert error={advisories.error} title="Could not load advisories" onRetry={() => void advisories.refetch()} />
          </Box>
        ) : items && items.length === 0 ? (
          <EmptyView
            title={query.q ? 'No advisories match' : total > 0 ? 'This page is empty' : 'No advisories yet'}
            description={query.q ? 'Try a broader search.' : 'Import CSAF or OSV documents on the intel status page.'}
            icon={query.q ? <FilterOffIcon size={28} /> : <FileIcon size={28} />}
            action={
              query.q ? (
                <Button variant="light" onClick={() => setQuery((current) => withAdvisorySearch(current, ''))}>
                  Clear search
                </Button>
              ) : (
                <Button component={Link} to="/intel">
                  Import intelligence
                </Button>
              )
            }
            testId="advisories-empty"
          />
        ) : (
          <div className="bw-table-scroll" data-stale={advisories.isPlaceholderData || undefined}>
            <Table stickyHeader highlightOnHover verticalSpacing={6} horizontalSpacing={10} fz="sm" miw={1000} layout="fixed" data-testid="advisories-table">
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((column) => (
                    <SortHeader key={column.key} column={column} sort={query.sort} onSort={(field) => setQuery((current) => withAdvisorySort(current, field))} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items ? (
                  items.map((advisory) => <AdvisoryRow key={advisory.id} advisory={advisory} />)
                ) : (
                  <SkeletonRows count={Math.min(query.pageSize, 12)} columns={COLUMNS.length} />
                )}
              </Table.Tbody>
            </Table>
          </div>
        )}
        <ListFooter
          paging={query}
          total={total}
          loaded={Boolean(advisories.data)}
          refreshError={advisories.data ? advisories.error : null}
          onPage={(page) => setQuery((current) => withVulnPage(current, page))}
          onPageSize={(size) => setQuery((current) => withVulnPageSize(current, size))}
          testIdPrefix="advisories"
        />
      </Paper>
    </Stack>
  );
}
