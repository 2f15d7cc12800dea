import { Anchor, Badge, Box, Button, Chip, CloseButton, Group, Progress, Select, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { sbomPath } from '../../api/sbomQueries';
import type { Page, SbomComponentRow } from '../../api/sbomTypes';
import { FilterOffIcon, PackageIcon } from '../../components/icons';
import { Dash, ListFooter, SkeletonRows } from '../../components/ListTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import { humanise } from '../../lib/intelFormat';
import type { ComponentQuery } from '../../lib/sbomQuery';
import { QUALITY_ELEMENTS } from '../../lib/sbomQuery';
import { withVulnPage, withVulnPageSize } from '../../lib/vulnQuery';

const COLUMN_COUNT = 7;

function ComponentRow({ component, sbomLabel }: { component: SbomComponentRow; sbomLabel?: (sbomId: string) => string | undefined }) {
  const label = sbomLabel?.(component.sbomId);
  return (
    <Table.Tr className="bw-row" data-testid="sbom-component" data-name={component.name} data-depth={component.depth} data-ai={component.ai || undefined}>
      <Table.Td>
        <Group gap={4} wrap="nowrap" pl={Math.min(component.depth, 8) * 16}>
          {component.depth > 0 && (
            <Text span c="dimmed" size="sm" aria-hidden>
              └
            </Text>
          )}
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} className="bw-clip" title={component.ref} data-testid="sbom-component-name">
              {component.group ? `${component.group}/` : ''}
              {component.name}
            </Text>
            {component.purl && (
              <Text size="xs" c="dimmed" ff="monospace" className="bw-clip" title={component.purl}>
                {component.purl}
              </Text>
            )}
            {label && (
              <Anchor component={Link} to={sbomPath(component.sbomId)} size="xs">
                {label}
              </Anchor>
            )}
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="bw-clip" title={component.version ?? undefined}>
          {component.version ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant={component.ai ? 'light' : 'default'} color={component.ai ? 'violet' : undefined} radius="sm" size="sm" tt="none" data-testid="sbom-component-type">
          {humanise(component.type)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="bw-clip" title={component.supplier ?? undefined}>
          {component.supplier ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="bw-clip" title={component.licenses.join(', ')}>
          {component.licenses.length > 0 ? component.licenses.join(', ') : <Dash />}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {component.hashes.length > 0 ? component.hashes.map((h) => h.alg).join(', ') : '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={3} data-testid="sbom-component-missing">
          {component.missing.length === 0 ? (
            <Badge size="xs" radius="sm" variant="light" color="green">
              complete
            </Badge>
          ) : (
            component.missing.map((m) => (
              <Badge key={m} size="xs" radius="sm" variant="light" color="red" tt="none">
                {m}
              </Badge>
            ))
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Components in tree order (indented by depth) with filters for text, AI, missing element and licence. */
export function ComponentTable({
  page,
  error,
  isFetching,
  isPlaceholderData,
  query,
  setQuery,
  onRetry,
  sbomLabel,
  testIdPrefix = 'components',
}: {
  page: Page<SbomComponentRow> | undefined;
  error: Error | null;
  isFetching: boolean;
  isPlaceholderData: boolean;
  query: ComponentQuery;
  setQuery: (update: (current: ComponentQuery) => ComponentQuery) => void;
  onRetry: () => void;
  sbomLabel?: (sbomId: string) => string | undefined;
  testIdPrefix?: string;
}) {
  const filtered = Boolean(query.q || query.ai || query.missing || query.license);
  const items = page?.items;
  return (
    <>
      <Group gap="xs" p="sm" className="bw-toolbar" wrap="wrap">
        <SearchBox
          value={query.q ?? ''}
          onCommit={(q) => setQuery((current) => ({ ...current, q: q.trim() || undefined, page: 1 }))}
          label="Search components"
          placeholder="Search name, purl, CPE, supplier, licence…"
          testId="component-search"
        />
        <Chip
          checked={Boolean(query.ai)}
          onChange={(checked) => setQuery((current) => ({ ...current, ai: checked ? true : undefined, page: 1 }))}
          size="sm"
          data-testid="filter-ai"
        >
          AI only
        </Chip>
        <Select
          aria-label="Missing element"
          placeholder="Missing element…"
          data={QUALITY_ELEMENTS.map((e) => ({ value: e, label: `missing ${e}` }))}
          value={query.missing ?? null}
          onChange={(value) => setQuery((current) => ({ ...current, missing: value ?? undefined, page: 1 }))}
          clearable
          size="sm"
          w={190}
          data-testid="filter-missing"
        />
        {query.license && (
          <Badge
            variant="light"
            radius="sm"
            size="lg"
            tt="none"
            rightSection={<CloseButton size="xs" aria-label="Clear licence filter" onClick={() => setQuery((current) => ({ ...current, license: undefined, page: 1 }))} />}
            data-testid="filter-license"
          >
            licence {query.license}
          </Badge>
        )}
      </Group>
      <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={isFetching || undefined} />
      {error && !page ? (
        <Box p="md">
          <ErrorAlert error={error} title="Could not load the components" onRetry={onRetry} />
        </Box>
      ) : items && items.length === 0 ? (
        <EmptyView
          title={filtered ? 'No components match' : 'No components'}
          description={filtered ? 'Try fewer filters.' : 'This document lists no components.'}
          icon={filtered ? <FilterOffIcon size={28} /> : <PackageIcon size={28} />}
          action={
            filtered ? (
              <Button variant="light" onClick={() => setQuery((current) => ({ pageSize: current.pageSize, page: 1 }))}>
                Clear filters
              </Button>
            ) : undefined
          }
          testId={`${testIdPrefix}-empty`}
        />
      ) : (
        <div className="bw-table-scroll" data-stale={isPlaceholderData || undefined}>
          <Table stickyHeader highlightOnHover verticalSpacing={6} horizontalSpacing={10} fz="sm" miw={980} layout="fixed" data-testid={`${testIdPrefix}-table`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Component</Table.Th>
                <Table.Th w={120}>Version</Table.Th>
                <Table.Th w={150}>Type</Table.Th>
                <Table.Th w={140}>Supplier</Table.Th>
                <Table.Th w={150}>Licences</Table.Th>
                <Table.Th w={90}>Hashes</Table.Th>
                <Table.Th w={170}>Missing elements</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items ? items.map((c) => <ComponentRow key={`${c.sbomId}:${c.idx}`} component={c} sbomLabel={sbomLabel} />) : <SkeletonRows count={8} columns={COLUMN_COUNT} />}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <ListFooter
        paging={query}
        total={page?.total ?? 0}
        loaded={Boolean(page)}
        refreshError={page ? error : null}
        onPage={(p) => setQuery((current) => withVulnPage(current, p))}
        onPageSize={(size) => setQuery((current) => withVulnPageSize(current, size))}
        testIdPrefix={testIdPrefix}
      />
    </>
  );
}
