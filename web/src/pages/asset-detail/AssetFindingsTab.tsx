import { Anchor, Box, Group, Paper, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useFindingPage } from '../../api/findingQueries';
import type { AssetDetail } from '../../api/types';
import { AlertIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import type { FindingQuery } from '../../lib/findingQuery';
import {
  DEFAULT_FINDING_STATUSES, defaultFindingQuery, findingQueryToUrl, withFindingFilters, withFindingPage, withFindingPageSize, withFindingSort,
} from '../../lib/findingQuery';
import { FindingsTable } from '../findings/FindingsTable';

type Scope = 'open' | 'all';

/** The asset's findings and those of the components of the SBOMs it runs, each linking to its explanation. */
export function AssetFindingsTab({ asset }: { asset: AssetDetail }) {
  const [query, setQuery] = useState<FindingQuery>(() => ({ ...defaultFindingQuery(), filters: { status: [...DEFAULT_FINDING_STATUSES], asset: asset.id } }));
  const findings = useFindingPage(query);
  const scope: Scope = query.filters.status.length === 0 ? 'all' : 'open';
  const total = findings.data?.total ?? 0;
  const items = findings.data?.items;
  const fullListHref = `/findings?${findingQueryToUrl({ ...query, page: 1 }).toString()}`;

  return (
    <Stack gap="md" data-testid="asset-findings">
      <Paper withBorder radius="md" className="bw-panel">
        <Group justify="space-between" p="sm" gap="sm" wrap="wrap">
          <Group gap="sm">
            <SegmentedControl
              size="xs"
              value={scope}
              onChange={(v) => setQuery((c) => withFindingFilters(c, { status: v === 'all' ? [] : [...DEFAULT_FINDING_STATUSES] }))}
              data={[
                { value: 'open', label: 'Needs a look' },
                { value: 'all', label: 'Every status' },
              ]}
              data-testid="asset-findings-scope"
            />
            <Text size="sm" c="dimmed" data-testid="asset-findings-total" data-total={findings.data ? total : undefined}>
              {findings.data ? `${formatCount(total)} ${total === 1 ? 'finding' : 'findings'} on this asset and the components of its SBOMs` : 'Loading…'}
            </Text>
          </Group>
          <Anchor component={Link} to={fullListHref} size="sm" data-testid="asset-findings-open-list">
            Open in Findings
          </Anchor>
        </Group>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={findings.isFetching || undefined} />
        {findings.error && !findings.data ? (
          <Box p="md">
            <ErrorAlert error={findings.error} title="Could not load the findings" onRetry={() => void findings.refetch()} />
          </Box>
        ) : items && items.length === 0 && total === 0 ? (
          <EmptyView
            title={scope === 'open' ? 'Nothing needs a look' : 'No findings'}
            description={
              scope === 'open'
                ? 'No open finding of this asset or its SBOM components is affected, undecided or under investigation.'
                : 'The match found no known vulnerability for this asset or its SBOM components. Findings appear after a match against imported intelligence.'
            }
            icon={<AlertIcon size={28} />}
            testId="asset-findings-empty"
          />
        ) : (
          <FindingsTable
            items={items}
            sort={query.sort}
            onSort={(field) => setQuery((c) => withFindingSort(c, field))}
            stale={findings.isPlaceholderData}
            skeletonRows={6}
            testId="asset-findings-table"
          />
        )}
        <ListFooter
          paging={query}
          total={total}
          loaded={Boolean(findings.data)}
          refreshError={findings.data ? findings.error : null}
          onPage={(page) => setQuery((c) => withFindingPage(c, page))}
          onPageSize={(size) => setQuery((c) => withFindingPageSize(c, size))}
          testIdPrefix="asset-findings"
        />
      </Paper>
    </Stack>
  );
}
