import { Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { AssetSummary } from '../../api/types';
import { CriticalityBadge, KindBadge, PurdueBadge } from '../../components/badges';
import { Dash, SkeletonRows, SortHeader, type ListColumn } from '../../components/ListTable';
import { TlpBadge } from '../../components/TlpBadge';
import type { Sort, SortField } from '../../lib/assetQuery';
import { formatDateTime, formatRelative } from '../../lib/format';

type Column = ListColumn<SortField>;

// Fixed table layout: columns keep these widths whatever the page holds, so paging never makes the table jump.
const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', sortField: 'name', width: '14%' },
  { key: 'kind', label: 'Kind', sortField: 'kind', width: 76 },
  { key: 'vendor', label: 'Vendor', sortField: 'vendor', width: '10%' },
  { key: 'model', label: 'Model', sortField: 'model', width: '12%' },
  { key: 'firmware', label: 'Firmware', sortField: 'firmware', width: 100 },
  { key: 'ips', label: 'IPs', width: 124 },
  { key: 'site', label: 'Site', sortField: 'site', width: '11%' },
  { key: 'zone', label: 'Zone' },
  { key: 'criticality', label: 'Criticality', sortField: 'criticality', width: 112 },
  { key: 'tlp', label: 'TLP', width: 120 },
  { key: 'updatedAt', label: 'Updated', sortField: 'updatedAt', width: 92 },
];

/** Long vendor/model strings would push the right-hand columns off screen; clip them, full text on hover. */
function Clip({ value }: { value: string | null }) {
  if (!value) return <Dash />;
  return (
    <Text span size="sm" className="bw-clip" title={value}>
      {value}
    </Text>
  );
}

function IpCell({ ips }: { ips: string[] }) {
  const [first, ...rest] = ips;
  if (!first) return <Dash />;
  return (
    <Group gap={4} wrap="nowrap">
      <Text span size="sm" ff="monospace" className="bw-mono">
        {first}
      </Text>
      {rest.length > 0 && (
        <Tooltip label={ips.join(', ')} withArrow multiline maw={320}>
          <Badge size="xs" variant="default" radius="sm">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function AssetRow({ asset }: { asset: AssetSummary }) {
  const navigate = useNavigate();
  const href = `/assets/${encodeURIComponent(asset.id)}`;
  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    // Let real links, and text selection, behave natively; elsewhere the whole row opens the asset.
    if ((event.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
    navigate(href);
  };
  return (
    <Table.Tr className="bw-row" onClick={onClick} data-testid="asset-row" data-asset-id={asset.id}>
      <Table.Td>
        <Anchor component={Link} to={href} fw={600} size="sm" className="bw-row-link bw-clip" title={asset.name} data-testid="asset-name">
          {asset.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <KindBadge kind={asset.kind} />
      </Table.Td>
      <Table.Td data-testid="cell-vendor">
        <Clip value={asset.vendor} />
      </Table.Td>
      <Table.Td>
        <Clip value={asset.model} />
      </Table.Td>
      <Table.Td>
        {asset.firmware ? (
          <Text span size="sm" ff="monospace" className="bw-mono bw-clip" title={asset.firmware}>
            {asset.firmware}
          </Text>
        ) : (
          <Dash />
        )}
      </Table.Td>
      <Table.Td>
        <IpCell ips={asset.ips} />
      </Table.Td>
      <Table.Td>
        <Clip value={asset.site?.name ?? null} />
      </Table.Td>
      <Table.Td>
        {asset.zone ? (
          <Group gap={6} wrap="nowrap">
            <PurdueBadge level={asset.zone.purdueLevel ?? asset.purdueLevel} />
            <Clip value={asset.zone.name} />
          </Group>
        ) : asset.purdueLevel ? (
          <PurdueBadge level={asset.purdueLevel} />
        ) : (
          <Dash />
        )}
      </Table.Td>
      <Table.Td>{asset.criticality ? <CriticalityBadge criticality={asset.criticality} /> : <Dash />}</Table.Td>
      <Table.Td data-testid="cell-tlp">{asset.tlp ? <TlpBadge label={asset.tlp} size="xs" /> : <Dash />}</Table.Td>
      <Table.Td>
        <Tooltip label={formatDateTime(asset.updatedAt)} withArrow openDelay={300}>
          <Text span size="xs" c="dimmed">
            {formatRelative(asset.updatedAt, new Date(), 'short')}
          </Text>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
}

interface AssetsTableProps {
  items: AssetSummary[] | undefined;
  sort: Sort;
  onSort: (field: SortField) => void;
  /** A newer result is on its way; the rows shown are the previous ones. */
  stale: boolean;
  skeletonRows: number;
}

export function AssetsTable({ items, sort, onSort, stale, skeletonRows }: AssetsTableProps) {
  return (
    <div className="bw-table-scroll" data-stale={stale || undefined}>
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing={10}
        fz="sm"
        miw={1320}
        layout="fixed"
        data-testid="assets-table"
        aria-busy={stale || !items}
      >
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items ? items.map((asset) => <AssetRow key={asset.id} asset={asset} />) : <SkeletonRows count={skeletonRows} columns={COLUMNS.length} />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
