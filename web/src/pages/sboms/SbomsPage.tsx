import { Anchor, Badge, Box, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { sbomPath, useSbomPage } from '../../api/sbomQueries';
import type { SbomSummary } from '../../api/sbomTypes';
import { FilterOffIcon, PackageIcon, UploadIcon } from '../../components/icons';
import { useCan } from '../../auth/AuthContext';
import type { ListColumn } from '../../components/ListTable';
import { Dash, ListFooter, SkeletonRows, SortHeader } from '../../components/ListTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import type { ListSort } from '../../lib/listState';
import { formatRatio, parseSbomListQuery, productLabel, qualityColor, sbomListQueryToUrl } from '../../lib/sbomQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { withVulnPage, withVulnPageSize } from '../../lib/vulnQuery';
import { SbomImportModal } from './SbomImportModal';

const COLUMNS: ListColumn<never>[] = [
  { key: 'name', label: 'Name' },
  { key: 'format', label: 'Format', width: 150 },
  { key: 'attached', label: 'Applies to', width: '24%' },
  { key: 'components', label: 'Components', width: 120 },
  { key: 'quality', label: 'NTIA', width: 90 },
  { key: 'imported', label: 'Imported', width: 130 },
];
const NO_SORT: ListSort<never> = { field: undefined as never, descending: false };

export function FormatBadge({ sbom }: { sbom: Pick<SbomSummary, 'format' | 'specVersion' | 'encoding' | 'kind'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="default" radius="sm" size="sm" tt="none">
        {sbom.format === 'cyclonedx' ? 'CycloneDX' : sbom.format === 'spdx' ? 'SPDX' : 'OpenVEX'} {sbom.specVersion}
      </Badge>
      {sbom.kind === 'vex' && (
        <Badge variant="light" radius="sm" size="sm" color="grape">
          VEX
        </Badge>
      )}
    </Group>
  );
}

export function AppliesTo({ sbom }: { sbom: SbomSummary }) {
  if (sbom.productVersion) {
    return (
      <Text size="sm" className="bw-clip" title={productLabel(sbom.productVersion)} data-testid="sbom-product">
        {productLabel(sbom.productVersion)}
      </Text>
    );
  }
  if (sbom.asset) {
    return (
      <Anchor component={Link} to={`/assets/${encodeURIComponent(sbom.asset.id)}`} size="sm" className="bw-clip">
        {sbom.asset.name}
      </Anchor>
    );
  }
  return <Dash />;
}

function SbomRow({ sbom }: { sbom: SbomSummary }) {
  return (
    <Table.Tr className="bw-row" data-testid="sbom-row" data-sbom-id={sbom.id}>
      <Table.Td>
        <Anchor component={Link} to={sbomPath(sbom.id)} fw={600} size="sm" className="bw-clip" title={sbom.name} data-testid="sbom-name">
          {sbom.name}
        </Anchor>
        <Text size="xs" c="dimmed" className="bw-clip" title={sbom.sourceName}>
          {sbom.sourceName}
        </Text>
      </Table.Td>
      <Table.Td>
        <FormatBadge sbom={sbom} />
      </Table.Td>
      <Table.Td>
        <AppliesTo sbom={sbom} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="sbom-components">
          {sbom.kind === 'vex' ? `${formatCount(sbom.vexCount)} statements` : formatCount(sbom.componentCount)}
        </Text>
        {sbom.aiCount > 0 && (
          <Badge size="xs" radius="sm" variant="light" color="violet">
            {formatCount(sbom.aiCount)} AI
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {sbom.ntiaScore === null ? (
          <Dash />
        ) : (
          <Badge variant="light" radius="sm" color={qualityColor(sbom.ntiaScore)}>
            {formatRatio(sbom.ntiaScore)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" title={formatDateTime(sbom.importedAt)}>
          {formatRelative(sbom.importedAt)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function SbomsPage() {
  const canWrite = useCan('write');
  const [query, setQuery] = useUrlQuery(parseSbomListQuery, sbomListQueryToUrl);
  const [importing, setImporting] = useState(false);
  const sboms = useSbomPage(query);
  const total = sboms.data?.total ?? 0;
  const items = sboms.data?.items;

  return (
    <Stack gap="sm" data-testid="sboms-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            SBOMs
          </Title>
          <Text size="sm" c="dimmed" data-testid="sboms-total" data-total={sboms.data ? total : undefined}>
            {sboms.data ? `${formatCount(total)} document${total === 1 ? '' : 's'}${query.q ? ' match' : ''}` : 'Loading…'}
          </Text>
        </div>
        {canWrite && (
          <Button leftSection={<UploadIcon size={16} />} onClick={() => setImporting(true)} data-testid="sbom-import-open">
            Import SBOM
          </Button>
        )}
      </Group>
      <Paper withBorder radius="md" className="bw-panel">
        <Group gap="xs" p="sm" className="bw-toolbar">
          <SearchBox
            value={query.q ?? ''}
            onCommit={(q) => setQuery((current) => ({ ...current, q: q.trim() || undefined, page: 1 }))}
            label="Search SBOMs"
            placeholder="Search name, file, product…"
            testId="sbom-search"
          />
        </Group>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={sboms.isFetching || undefined} />
        {sboms.error && !sboms.data ? (
          <Box p="md">
            <ErrorAlert error={sboms.error} title="Could not load SBOMs" onRetry={() => void sboms.refetch()} />
          </Box>
        ) : items && items.length === 0 ? (
          <EmptyView
            title={query.q ? 'No SBOMs match' : 'No SBOMs yet'}
            description={query.q ? 'Try a broader search.' : 'Import a CycloneDX or SPDX document for a product version or an asset.'}
            icon={query.q ? <FilterOffIcon size={28} /> : <PackageIcon size={28} />}
            action={
              query.q ? (
                <Button variant="light" onClick={() => setQuery((current) => ({ ...current, q: undefined, page: 1 }))}>
                  Clear search
                </Button>
              ) : canWrite ? (
                <Button onClick={() => setImporting(true)}>Import SBOM</Button>
              ) : undefined
            }
            testId="sboms-empty"
          />
        ) : (
          <div className="bw-table-scroll" data-stale={sboms.isPlaceholderData || undefined}>
            <Table stickyHeader highlightOnHover verticalSpacing={6} horizontalSpacing={10} fz="sm" miw={900} layout="fixed" data-testid="sboms-table">
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((column) => (
                    <SortHeader key={column.key} column={column} sort={NO_SORT} onSort={() => undefined} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items ? items.map((sbom) => <SbomRow key={sbom.id} sbom={sbom} />) : <SkeletonRows count={Math.min(query.pageSize, 12)} columns={COLUMNS.length} />}
              </Table.Tbody>
            </Table>
          </div>
        )}
        <ListFooter
          paging={query}
          total={total}
          loaded={Boolean(sboms.data)}
          refreshError={sboms.data ? sboms.error : null}
          onPage={(page) => setQuery((current) => withVulnPage(current, page))}
          onPageSize={(size) => setQuery((current) => withVulnPageSize(current, size))}
          testIdPrefix="sboms"
        />
      </Paper>
      <SbomImportModal opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  );
}
