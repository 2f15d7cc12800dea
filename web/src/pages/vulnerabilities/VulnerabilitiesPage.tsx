import { Box, Button, Group, Paper, Progress, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useVulnerabilityPage } from '../../api/intelQueries';
import { BugIcon, FilterOffIcon, UploadIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatListSort, parseListSort } from '../../lib/listState';
import {
  VULN_SORT_FIELDS, parseVulnQuery, vulnQueryToUrl, withVulnFilter, withVulnPage, withVulnPageSize, withVulnSort,
  withoutVulnFilters,
} from '../../lib/vulnQuery';
import { formatEpss } from '../../lib/intelFormat';
import { VulnerabilitiesTable } from './VulnerabilitiesTable';
import { useUrlQuery } from '../../lib/useUrlQuery';

/** Presets for the threshold pickers; a value pasted into the URL that is not one of them is shown too. */
const EPSS_PRESETS = [0.01, 0.1, 0.5, 0.9];
const CVSS_PRESETS: Array<[number, string]> = [
  [4, '≥ 4.0 (medium+)'],
  [7, '≥ 7.0 (high+)'],
  [9, '≥ 9.0 (critical)'],
];

const SORT_OPTIONS = [
  { value: '-published', label: 'Newest published' },
  { value: '-lastModified', label: 'Recently modified' },
  { value: '-cvss', label: 'Highest CVSS' },
  { value: '-epss', label: 'Highest EPSS' },
  { value: 'id', label: 'ID' },
];

function thresholdOptions(presets: Array<[number, string]>, current: number | undefined) {
  const options = presets.map(([value, label]) => ({ value: String(value), label }));
  if (current !== undefined && !presets.some(([value]) => value === current)) {
    options.push({ value: String(current), label: `≥ ${current}` });
  }
  return options;
}

export function VulnerabilitiesPage() {
  const [query, setQuery] = useUrlQuery(parseVulnQuery, vulnQueryToUrl);
  const vulns = useVulnerabilityPage(query);
  const total = vulns.data?.total ?? 0;
  const hasFilters = Object.keys(query.filters).length > 0;
  const sortValue = formatListSort(query.sort);

  return (
    <Stack gap="sm" data-testid="vulns-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">
            Vulnerabilities
          </Title>
          <Text size="sm" c="dimmed" data-testid="vulns-total" data-total={vulns.data ? total : undefined}>
            {vulns.data
              ? `${formatCount(total)} ${total === 1 ? 'vulnerability' : 'vulnerabilities'}${hasFilters ? ' match' : ' known'}`
              : 'Loading…'}
          </Text>
        </div>
        <Button component={Link} to="/intel" variant="default" leftSection={<UploadIcon size={16} />}>
          Import intelligence
        </Button>
      </Group>

      <Paper withBorder radius="md" className="bw-panel">
        <Group gap="sm" p="sm" wrap="wrap" className="bw-toolbar">
          <SearchBox
            value={query.filters.q ?? ''}
            onCommit={(q) => setQuery((current) => withVulnFilter(current, 'q', q))}
            label="Search vulnerabilities"
            placeholder="Search id, alias, title, description…"
            testId="vuln-search"
          />
          <Switch
            label="Known exploited (KEV) only"
            checked={query.filters.kev === true}
            onChange={(event) => setQuery((current) => withVulnFilter(current, 'kev', event.currentTarget.checked))}
            data-testid="filter-kev"
          />
          <Select
            aria-label="Minimum EPSS"
            placeholder="EPSS: any"
            data={thresholdOptions(
              EPSS_PRESETS.map((v) => [v, `EPSS ≥ ${formatEpss(v)}`]),
              query.filters.minEpss,
            )}
            value={query.filters.minEpss !== undefined ? String(query.filters.minEpss) : null}
            onChange={(v) => setQuery((current) => withVulnFilter(current, 'minEpss', v === null ? null : Number(v)))}
            clearable
            w={150}
            data-testid="filter-epss"
          />
          <Select
            aria-label="Minimum CVSS"
            placeholder="CVSS: any"
            data={thresholdOptions(CVSS_PRESETS, query.filters.minCvss)}
            value={query.filters.minCvss !== undefined ? String(query.filters.minCvss) : null}
            onChange={(v) => setQuery((current) => withVulnFilter(current, 'minCvss', v === null ? null : Number(v)))}
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
            onChange={(v) => v && setQuery((current) => ({ ...current, sort: parseListSort(v, VULN_SORT_FIELDS, current.sort), page: 1 }))}
            allowDeselect={false}
            w={180}
            data-testid="vuln-sort"
          />
          {hasFilters && (
            <Button variant="subtle" size="xs" onClick={() => setQuery((current) => withoutVulnFilters(current))} data-testid="clear-filters">
              Clear filters
            </Button>
          )}
        </Group>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={vulns.isFetching || undefined} />

        {vulns.error && !vulns.data ? (
          <Box p="md">
            <ErrorAlert error={vulns.error} title="Could not load vulnerabilities" onRetry={() => void vulns.refetch()} />
          </Box>
        ) : vulns.data && vulns.data.items.length === 0 ? (
          total > 0 ? (
            <EmptyView
              title="This page is empty"
              description={`There are ${formatCount(total)} matching vulnerabilities, but not this many pages.`}
              action={<Button onClick={() => setQuery((current) => withVulnPage(current, 1))}>Go to the first page</Button>}
              testId="vulns-empty"
            />
          ) : hasFilters ? (
            <EmptyView
              title="No vulnerabilities match"
              description="Try a broader search or lower the thresholds."
              icon={<FilterOffIcon size={28} />}
              action={
                <Button variant="light" onClick={() => setQuery((current) => withoutVulnFilters(current))}>
                  Clear filters
                </Button>
              }
              testId="vulns-empty"
            />
          ) : (
            <EmptyView
              title="No vulnerability intelligence yet"
              description="Import NVD, CVE 5, KEV, EPSS, CSAF or OSV documents to get started."
              icon={<BugIcon size={28} />}
              action={
                <Button component={Link} to="/intel">
                  Import intelligence
                </Button>
              }
              testId="vulns-empty"
            />
          )
        ) : (
          <VulnerabilitiesTable
              items={vulns.data?.items}
              sort={query.sort}
              onSort={(field) => setQuery((current) => withVulnSort(current, field))}
              stale={vulns.isPlaceholderData}
              skeletonRows={Math.min(query.pageSize, 12)}
            />
        )}

        <ListFooter
          paging={query}
          total={total}
          loaded={Boolean(vulns.data)}
          refreshError={vulns.data ? vulns.error : null}
          onPage={(page) => setQuery((current) => withVulnPage(current, page))}
          onPageSize={(size) => setQuery((current) => withVulnPageSize(current, size))}
          testIdPrefix="vulns"
        />
      </Paper>
    </Stack>
  );
}
