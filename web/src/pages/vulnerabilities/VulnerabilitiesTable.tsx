import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { vulnerabilityPath } from '../../api/intelQueries';
import type { VulnSummary } from '../../api/intelTypes';
import { CvssBadge, EpssValue, ExploitationBadge, KevBadge } from '../../components/intelBadges';
import type { ListColumn } from '../../components/ListTable';
import { Dash, SkeletonRows, SortHeader } from '../../components/ListTable';
import type { ListSort } from '../../lib/listState';
import { formatDay } from '../../lib/intelFormat';
import type { VulnSortField } from '../../lib/vulnQuery';

// Fixed layout: columns keep their widths whatever the page holds, so paging never makes the table jump.
const COLUMNS: ListColumn<VulnSortField>[] = [
  { key: 'id', label: 'ID', sortField: 'id', width: 170 },
  { key: 'title', label: 'Title / description' },
  { key: 'cvss', label: 'CVSS', sortField: 'cvss', width: 150 },
  { key: 'epss', label: 'EPSS', sortField: 'epss', width: 130 },
  { key: 'kev', label: 'KEV', width: 150 },
  { key: 'ssvc', label: 'Exploitation', width: 110 },
  { key: 'published', label: 'Published', sortField: 'published', width: 110 },
];

function IdCell({ vuln, href }: { vuln: VulnSummary; href: string }) {
  const link = (
    <Anchor component={Link} to={href} fw={600} size="sm" ff="monospace" className="bw-row-link bw-clip" data-testid="vuln-id">
      {vuln.id}
    </Anchor>
  );
  if (vuln.aliases.length === 0) return link;
  return (
    <Tooltip label={`Also known as ${vuln.aliases.join(', ')}`} withArrow multiline maw={360} openDelay={200}>
      {link}
    </Tooltip>
  );
}

function VulnRow({ vuln }: { vuln: VulnSummary }) {
  const navigate = useNavigate();
  const href = vulnerabilityPath(vuln.id);
  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    // Let real links, and text selection, behave natively; elsewhere the whole row opens the vulnerability.
    if ((event.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
    navigate(href);
  };
  const summary = vuln.title ?? vuln.description;
  return (
    <Table.Tr className="bw-row" onClick={onClick} data-testid="vuln-row" data-vuln-id={vuln.id}>
      <Table.Td>
        <IdCell vuln={vuln} href={href} />
      </Table.Td>
      <Table.Td>
        {summary ? (
          <Text size="sm" lineClamp={2} title={vuln.description ?? undefined} data-testid="vuln-summary">
            {vuln.title && <Text span fw={500} size="sm">{vuln.title}{vuln.description ? ' — ' : ''}</Text>}
            {vuln.description && (
              <Text span c={vuln.title ? 'dimmed' : undefined} size="sm">
                {vuln.description}
              </Text>
            )}
          </Text>
        ) : (
          <Dash />
        )}
      </Table.Td>
      <Table.Td>{vuln.cvss ? <CvssBadge cvss={vuln.cvss} /> : <Dash />}</Table.Td>
      <Table.Td>{vuln.epss ? <EpssValue epss={vuln.epss} /> : <Dash />}</Table.Td>
      <Table.Td>{vuln.kev ? <KevBadge kev={vuln.kev} /> : <Dash />}</Table.Td>
      <Table.Td>{vuln.ssvc?.exploitation ? <ExploitationBadge value={vuln.ssvc.exploitation} /> : <Dash />}</Table.Td>
      <Table.Td>
        <Text span size="xs" c="dimmed" title={vuln.lastModified ? `Last modified ${formatDay(vuln.lastModified)}` : undefined}>
          {formatDay(vuln.published) || '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

interface VulnerabilitiesTableProps {
  items: VulnSummary[] | undefined;
  sort: ListSort<VulnSortField>;
  onSort: (field: VulnSortField) => void;
  /** A newer result is on its way; the rows shown are the previous ones. */
  stale: boolean;
  skeletonRows: number;
}

export function VulnerabilitiesTable({ items, sort, onSort, stale, skeletonRows }: VulnerabilitiesTableProps) {
  return (
    <div className="bw-table-scroll" data-stale={stale || undefined}>
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing={10}
        fz="sm"
        miw={1080}
        layout="fixed"
        data-testid="vulns-table"
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
          {items ? items.map((vuln) => <VulnRow key={vuln.id} vuln={vuln} />) : <SkeletonRows count={skeletonRows} columns={COLUMNS.length} />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
