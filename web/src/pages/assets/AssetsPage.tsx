import { Box, Button, Group, Pagination, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useAssetFacets, useAssetPage } from '../../api/queries';
import { kindName } from '../../components/badges';
import { CpuIcon, FilterOffIcon, UploadIcon } from '../../components/icons';
import { useCan } from '../../auth/AuthContext';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import type { FilterKey } from '../../lib/assetQuery';
import {
  PAGE_SIZES,
  pageCount,
  parseAssetQuery,
  toUrlParams,
  visibleRange,
  withFilter,
  withoutFilters,
  withPage,
  withPageSize,
  withSortToggled,
} from '../../lib/assetQuery';
import { formatCount } from '../../lib/format';
import { ActiveFilters } from './ActiveFilters';
import { AssetsTable } from './AssetsTable';
import { ExportMenu } from './ExportMenu';
import { FacetSelect } from './FacetSelect';
import { ImportModal } from './ImportModal';
import { useUrlQuery } from '../../lib/useUrlQuery';

export function AssetsPage() {
  const canWrite = useCan('write');
  const [query, setQuery] = useUrlQuery(parseAssetQuery, toUrlParams);
  const assets = useAssetPage(query);
  const facets = useAssetFacets();
  const [importOpened, importModal] = useDisclosure(false);

  const setFilter = (key: FilterKey, value: string | null) => setQuery((current) => withFilter(current, key, value));
  const total = assets.data?.total ?? 0;
  const pages = pageCount(total, query.pageSize);
  const [first, last] = visibleRange(query, total);
  const hasFilters = Object.keys(query.filters).length > 0;
  const stale = assets.isPlaceholderData;

  return (
    <Stack gap="sm" data-testid="assets-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">
            Assets
          </Title>
          <Text size="sm" c="dimmed" data-testid="assets-total" data-total={assets.data ? total : undefined}>
            {assets.data ? `${formatCount(total)} ${total === 1 ? 'asset' : 'assets'}${hasFilters ? ' match' : ' in inventory'}` : 'Loading…'}
          </Text>
        </div>
        <Group gap="xs">
          {canWrite && (
            <Button leftSection={<UploadIcon size={16} />} onClick={importModal.open} data-testid="import-open">
              Import
            </Button>
          )}
          <ExportMenu />
        </Group>
      </Group>

      <Paper withBorder radius="md" className="bw-panel">
        <Group gap="xs" p="sm" wrap="wrap" className="bw-toolbar">
          <SearchBox value={query.filters.q ?? ''} onCommit={(q) => setFilter('q', q)} />
          <FacetSelect
            label="Kind"
            value={query.filters.kind}
            facets={facets.data?.kinds}
            onChange={(v) => setFilter('kind', v)}
            describe={(kind) => `${kind.toUpperCase()} · ${kindName(kind)}`}
            width={200}
            testId="filter-kind"
          />
          <FacetSelect
            label="Site"
            value={query.filters.site}
            facets={facets.data?.sites}
            onChange={(v) => setFilter('site', v)}
            searchable
            width={190}
            testId="filter-site"
          />
          <FacetSelect
            label="Criticality"
            value={query.filters.criticality}
            facets={facets.data?.criticalities}
            onChange={(v) => setFilter('criticality', v)}
            width={140}
            testId="filter-criticality"
          />
          <FacetSelect
            label="Vendor"
            value={query.filters.vendor}
            facets={facets.data?.vendors}
            onChange={(v) => setFilter('vendor', v)}
            searchable
            width={190}
            testId="filter-vendor"
          />
        </Group>
        <Box px="sm" pb={hasFilters ? 'xs' : 0}>
          <ActiveFilters
            filters={query.filters}
            onRemove={(key) => setFilter(key, null)}
            onClear={() => setQuery((current) => withoutFilters(current))}
          />
        </Box>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={assets.isFetching || undefined} />

        {assets.error && !assets.data ? (
          <Box p="md">
            <ErrorAlert error={assets.error} title="Could not load assets" onRetry={() => void assets.refetch()} />
          </Box>
        ) : assets.data && assets.data.items.length === 0 ? (
          total > 0 ? (
            <EmptyView
              title="This page is empty"
              description={`There are ${formatCount(total)} matching assets, but not this many pages.`}
              action={<Button onClick={() => setQuery((current) => withPage(current, 1))}>Go to the first page</Button>}
              testId="assets-empty"
            />
          ) : hasFilters ? (
            <EmptyView
              title="No assets match"
              description="Try a broader search or remove some filters."
              icon={<FilterOffIcon size={28} />}
              action={
                <Button variant="light" onClick={() => setQuery((current) => withoutFilters(current))}>
                  Clear filters
                </Button>
              }
              testId="assets-empty"
            />
          ) : (
            <EmptyView
              title="The inventory is empty"
              description="Import a CSV or JSON inventory, or run passive discovery, to get started."
              icon={<CpuIcon size={28} />}
              action={canWrite ? <Button onClick={importModal.open}>Import assets</Button> : undefined}
              testId="assets-empty"
            />
          )
        ) : (
          <AssetsTable
            items={assets.data?.items}
            sort={query.sort}
            onSort={(field) => setQuery((current) => withSortToggled(current, field))}
            stale={stale}
            skeletonRows={Math.min(query.pageSize, 12)}
          />
        )}

        <Group justify="space-between" p="sm" wrap="wrap" gap="sm" className="bw-footer">
          <Group gap="sm">
            <Text size="sm" c="dimmed" data-testid="assets-range">
              {total > 0 && first > 0 ? `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}` : ''}
            </Text>
            {assets.error && assets.data && (
              <Text size="xs" c="red">
                Refresh failed: {assets.error.message}
              </Text>
            )}
          </Group>
          <Group gap="sm">
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                Rows
              </Text>
              <Select
                aria-label="Rows per page"
                data={PAGE_SIZES.map(String)}
                value={String(query.pageSize)}
                onChange={(v) => v && setQuery((current) => withPageSize(current, Number(v)))}
                allowDeselect={false}
                w={80}
                size="xs"
                data-testid="page-size"
              />
            </Group>
            <Pagination
              total={pages}
              value={Math.min(query.page, pages)}
              onChange={(page) => setQuery((current) => withPage(current, page))}
              size="sm"
              siblings={1}
              boundaries={1}
              withEdges
              disabled={!assets.data}
              getControlProps={(control) => ({ 'data-testid': `page-${control}`, 'aria-label': `${control} page` })}
              data-testid="pager"
            />
          </Group>
        </Group>
      </Paper>

      <ImportModal opened={importOpened} onClose={importModal.close} />
    </Stack>
  );
}
