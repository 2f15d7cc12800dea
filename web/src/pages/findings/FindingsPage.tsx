import { Anchor, Box, Button, Chip, Group, Paper, Pill, Progress, SegmentedControl, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useAsset } from '../../api/queries';
import { useFindingPage, useMatchStatus } from '../../api/findingQueries';
import { FINDING_STATUSES } from '../../api/findingTypes';
import { AlertIcon, CloseIcon, FilterOffIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import type { FindingGroup } from '../../lib/findingFormat';
import { statusLook } from '../../lib/findingFormat';
import type { FindingGrouping, FindingQuery } from '../../lib/findingQuery';
import {
  FINDING_SORT_FIELDS, findingQueryToUrl, hasFindingFilters, parseFindingQuery, withFindingFilters, withFindingGroup, withFindingPage,
  withFindingPageSize, withFindingSort, withoutFindingFilters,
} from '../../lib/findingQuery';
import { formatListSort, parseListSort } from '../../lib/listState';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { FindingsSummary } from './FindingsSummary';
import { FindingsTable } from './FindingsTable';

const CVSS_PRESETS: Array<[number, string]> = [
  [4, '≥ 4.0 (medium+)'],
  [7, '≥ 7.0 (high+)'],
  [9, '≥ 9.0 (critical)'],
];

const SORT_OPTIONS = [
  { value: '-cvss', label: 'Highest CVSS' },
  { value: '-epss', label: 'Highest EPSS' },
  { value: '-firstSeen', label: 'Newest first seen' },
  { value: '-lastSeen', label: 'Recently seen' },
  { value: 'vulnerability', label: 'Vulnerability id' },
];

const GROUP_OPTIONS: Array<{ value: FindingGrouping; label: string }> = [
  { value: 'none', label: 'No grouping' },
  { value: 'vulnerability', label: 'By vulnerability' },
  { value: 'target', label: 'By asset' },
];

function cvssOptions(current: number | undefined) {
  const options = CVSS_PRESETS.map(([value, label]) => ({ value: String(value), label }));
  if (current !== undefined && !CVSS_PRESETS.some(([value]) => value === current)) options.push({ value: String(current), label: `≥ ${current}` });
  return options;
}

/** The vulnerability / asset the list is narrowed to (from a group header or a shared link), as removable pills. */
function AssetName({ id }: { id: string }) {
  const asset = useAsset(id);
  return <>{asset.data?.name ?? id}</>;
}

function ScopeFilters({ query, setQuery }: { query: FindingQuery; setQuery: (update: (current: FindingQuery) => FindingQuery) => void }) {
  const { vulnerability, asset } = query.filters;
  if (!vulnerability && !asset) return null;
  return (
    <Group gap={6} px="sm" pb="sm" data-testid="finding-scope">
      <Text size="xs" c="dimmed">
        Only
      </Text>
      {vulnerability && (
        <Pill size="sm" withRemoveButton onRemove={() => setQuery((c) => withFindingFilters(c, { vulnerability: undefined }))} data-testid="scope-vulnerability">
          <Text span size="xs" c="dimmed" mr={4}>
            Vulnerability:
          </Text>
          {vulnerability}
        </Pill>
      )}
      {asset && (
        <Pill size="sm" withRemoveButton onRemove={() => setQuery((c) => withFindingFilters(c, { asset: undefined }))} data-testid="scope-asset">
          <Text span size="xs" c="dimmed" mr={4}>
            Asset:
          </Text>
          <AssetName id={asset} />
        </Pill>
      )}
    </Group>
  );
}

export function FindingsPage() {
  const [query, setQuery] = useUrlQuery(parseFindingQuery, findingQueryToUrl);
  const findings = useFindingPage(query);
  const status = useMatchStatus();
  const total = findings.data?.total ?? 0;
  const filtered = hasFindingFilters(query.filters);
  const sortValue = formatListSort(query.sort);
  const grouped = query.group !== 'none';
  const items = findings.data?.items;

  const groupAction = (group: FindingGroup) => {
    if (query.group === 'vulnerability' && !query.filters.vulnerability) {
      const id = group.head.vulnerability.id;
      return (
        <Anchor component="button" type="button" size="xs" onClick={() => setQuery((c) => withFindingFilters(c, { vulnerability: id }))} data-testid="finding-group-only">
          Only this vulnerability
        </Anchor>
      );
    }
    const assetId = group.head.asset?.id;
    if (query.group === 'target' && assetId && !query.filters.asset) {
      return (
        <Anchor component="button" type="button" size="xs" onClick={() => setQuery((c) => withFindingFilters(c, { asset: assetId }))} data-testid="finding-group-only">
          Only this asset
        </Anchor>
      );
    }
    return null;
  };

  return (
    <Stack gap="sm" data-testid="findings-page">
      <div>
        <Title order={2} size="h3">
          Findings
        </Title>
        <Text size="sm" c="dimmed" data-testid="findings-total" data-total={findings.data ? total : undefined}>
          {findings.data ? `${formatCount(total)} ${total === 1 ? 'finding' : 'findings'}${filtered ? ' match' : ' need a look'}` : 'Loading…'}
        </Text>
      </div>

      <FindingsSummary
        onStatus={(s) => setQuery((c) => withFindingFilters(c, { status: [s] }))}
        onKev={() => setQuery((c) => withFindingFilters(c, { status: ['affected'], kev: true }))}
      />

      <Paper withBorder radius="md" className="bw-panel">
        <Stack gap={0}>
          <Group gap="sm" p="sm" wrap="wrap" className="bw-toolbar">
            <SearchBox
              value={query.filters.q ?? ''}
              onCommit={(q) => setQuery((c) => withFindingFilters(c, { q }))}
              label="Search findings"
              placeholder="Search target name or vulnerability id…"
              testId="finding-search"
            />
            <Switch
              label="KEV only"
              checked={query.filters.kev === true}
              onChange={(event) => {
                const kev = event.currentTarget.checked;
                setQuery((c) => withFindingFilters(c, { kev }));
              }}
              data-testid="filter-kev"
            />
            <Select
              aria-label="Minimum CVSS"
              placeholder="CVSS: any"
              data={cvssOptions(query.filters.minCvss)}
              value={query.filters.minCvss !== undefined ? String(query.filters.minCvss) : null}
              onChange={(v) => setQuery((c) => withFindingFilters(c, { minCvss: v === null ? undefined : Number(v) }))}
              clearable
              w={170}
              data-testid="filter-cvss"
            />
            <Select
              aria-label="Sort by"
              data={
                SORT_OPTIONS.some((o) => o.value === sortValue)
                  ? SORT_OPTIONS
                  : [...SORT_OPTIONS, { value: sortValue, label: `${query.sort.field} ${query.sort.descending ? '↓' : '↑'}` }]
              }
              value={sortValue}
              onChange={(v) => v && setQuery((c) => ({ ...c, sort: parseListSort(v, FINDING_SORT_FIELDS, c.sort), page: 1 }))}
              allowDeselect={false}
              w={180}
              data-testid="finding-sort"
            />
            <SegmentedControl
              size="xs"
              data={GROUP_OPTIONS}
              value={query.group}
              onChange={(v) => setQuery((c) => withFindingGroup(c, v as FindingGrouping))}
              data-testid="finding-group-by"
            />
            <Switch
              label="Include resolved"
              checked={query.filters.resolved === true}
              onChange={(event) => {
                const resolved = event.currentTarget.checked;
                setQuery((c) => withFindingFilters(c, { resolved }));
              }}
              data-testid="filter-resolved"
            />
          </Group>
          <Group gap={6} px="sm" pb="sm" wrap="wrap">
            <Text size="xs" c="dimmed">
              Status
            </Text>
            <Chip.Group multiple value={query.filters.status} onChange={(values) => setQuery((c) => withFindingFilters(c, { status: values as typeof c.filters.status }))}>
              {FINDING_STATUSES.map((s) => (
                <Chip key={s} value={s} size="xs" color={statusLook(s).color} variant="light" wrapperProps={{ 'data-testid': `filter-status-${s}`, 'data-checked': query.filters.status.includes(s) || undefined }}>
                  {statusLook(s).label}
                  {status.data ? ` ${formatCount(status.data.open.byStatus[s] ?? 0)}` : ''}
                </Chip>
              ))}
            </Chip.Group>
            {query.filters.status.length === 0 && (
              <Text size="xs" c="dimmed">
                (every status)
              </Text>
            )}
            {filtered && (
              <Button
                variant="subtle"
                size="compact-xs"
                leftSection={<CloseIcon size={12} />}
                onClick={() => setQuery((c) => withoutFindingFilters(c))}
                data-testid="clear-filters"
              >
                Reset filters
              </Button>
            )}
          </Group>
          <ScopeFilters query={query} setQuery={setQuery} />
          {grouped && items && total > items.length && (
            <Text size="xs" c="dimmed" px="sm" pb="sm" data-testid="finding-group-note">
              Groups are formed within this page ({formatCount(items.length)} of {formatCount(total)} findings). Use “Only this…” on a group to see all of its findings.
            </Text>
          )}
        </Stack>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={findings.isFetching || undefined} />

        {findings.error && !findings.data ? (
          <Box p="md">
            <ErrorAlert error={findings.error} title="Could not load findings" onRetry={() => void findings.refetch()} />
          </Box>
        ) : items && items.length === 0 ? (
          total > 0 ? (
            <EmptyView
              title="This page is empty"
              description={`There are ${formatCount(total)} matching findings, but not this many pages.`}
              action={<Button onClick={() => setQuery((c) => withFindingPage(c, 1))}>Go to the first page</Button>}
              testId="findings-empty"
            />
          ) : status.data && status.data.lastRun === null ? (
            <EmptyView
              title="No match has run yet"
              description="Run a match to compare the inventory and its SBOMs with the imported vulnerability intelligence."
              icon={<AlertIcon size={28} />}
              testId="findings-empty"
            />
          ) : filtered ? (
            <EmptyView
              title="No findings match"
              description="Try other statuses, a broader search or a lower CVSS threshold."
              icon={<FilterOffIcon size={28} />}
              action={
                <Button variant="light" onClick={() => setQuery((c) => withoutFindingFilters(c))}>
                  Reset filters
                </Button>
              }
              testId="findings-empty"
            />
          ) : (
            <EmptyView
              title="Nothing needs a look"
              description="No open finding is affected, undecided or under investigation. Import more intelligence or SBOMs and run the match again."
              icon={<AlertIcon size={28} />}
              action={
                <Button variant="light" onClick={() => setQuery((c) => withFindingFilters(c, { status: [] }))}>
                  Show every status
                </Button>
              }
              testId="findings-empty"
            />
          )
        ) : (
          <FindingsTable
            items={items}
            sort={query.sort}
            onSort={(field) => setQuery((c) => withFindingSort(c, field))}
            stale={findings.isPlaceholderData}
            skeletonRows={Math.min(query.pageSize, 12)}
            group={query.group}
            groupAction={groupAction}
          />
        )}

        <ListFooter
          paging={query}
          total={total}
          loaded={Boolean(findings.data)}
          refreshError={findings.data ? findings.error : null}
          onPage={(page) => setQuery((c) => withFindingPage(c, page))}
          onPageSize={(size) => setQuery((c) => withFindingPageSize(c, size))}
          testIdPrefix="findings"
        />
      </Paper>
    </Stack>
  );
}
