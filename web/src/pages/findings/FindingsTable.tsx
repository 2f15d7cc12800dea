import { Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { findingPath } from '../../api/findingQueries';
import type { FindingView } from '../../api/findingTypes';
import { vulnerabilityPath } from '../../api/intelQueries';
import { ConfidenceBadge, CvssScoreBadge, FindingKevBadge, FindingStatusBadge, FindingTarget } from '../../components/findingBadges';
import type { ListColumn } from '../../components/ListTable';
import { Dash, SkeletonRows, SortHeader } from '../../components/ListTable';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import type { FindingGroup } from '../../lib/findingFormat';
import { groupFindings } from '../../lib/findingFormat';
import type { FindingGrouping, FindingSortField } from '../../lib/findingQuery';
import type { ListSort } from '../../lib/listState';
import { formatDay, formatEpss } from '../../lib/intelFormat';

// Fixed layout: columns keep their widths whatever the page holds, so paging never makes the table jump.
const COLUMNS: ListColumn<FindingSortField>[] = [
  { key: 'target', label: 'Target', width: 230 },
  { key: 'vulnerability', label: 'Vulnerability', sortField: 'vulnerability', width: 210 },
  { key: 'cvss', label: 'CVSS', sortField: 'cvss', width: 76 },
  { key: 'epss', label: 'EPSS', sortField: 'epss', width: 84 },
  { key: 'status', label: 'Status', width: 150 },
  { key: 'confidence', label: 'Confidence', width: 130 },
  { key: 'why', label: 'Why' },
  { key: 'firstSeen', label: 'First seen', sortField: 'firstSeen', width: 110 },
];

function VulnerabilityCell({ finding }: { finding: FindingView }) {
  const v = finding.vulnerability;
  const link = (
    <Anchor component={Link} to={vulnerabilityPath(v.id)} size="sm" fw={600} ff="monospace" data-testid="finding-vuln">
      {v.id}
    </Anchor>
  );
  return (
    <div style={{ minWidth: 0 }}>
      <Group gap={6} wrap="nowrap">
        {v.aliases.length > 0 ? (
          <Tooltip label={`Also known as ${v.aliases.join(', ')}`} withArrow multiline maw={360} openDelay={200}>
            {link}
          </Tooltip>
        ) : (
          link
        )}
        {v.inKev && (
          <Badge color="red" variant="filled" radius="sm" size="xs" data-testid="kev-badge" title={v.kevDueDate ? `CISA KEV, due ${formatDay(v.kevDueDate)}` : 'CISA KEV'}>
            KEV
          </Badge>
        )}
      </Group>
      {v.title && (
        <Text size="xs" c="dimmed" className="bw-clip" title={v.title}>
          {v.title}
        </Text>
      )}
    </div>
  );
}

function FindingRow({ finding, indent }: { finding: FindingView; indent: boolean }) {
  const navigate = useNavigate();
  const href = findingPath(finding.id);
  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    // Let real links, and text selection, behave natively; elsewhere the whole row opens the finding.
    if ((event.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
    navigate(href);
  };
  const v = finding.vulnerability;
  return (
    <Table.Tr
      className="bw-row"
      onClick={onClick}
      data-testid="finding-row"
      data-finding-id={finding.id}
      data-vuln-id={v.id}
      data-status={finding.status}
      data-target={finding.asset?.id ?? finding.component?.id}
    >
      <Table.Td pl={indent ? 28 : undefined}>
        <FindingTarget finding={finding} />
      </Table.Td>
      <Table.Td>
        <VulnerabilityCell finding={finding} />
      </Table.Td>
      <Table.Td>{v.cvssScore !== null ? <CvssScoreBadge score={v.cvssScore} severity={v.cvssSeverity} /> : <Dash />}</Table.Td>
      <Table.Td>
        {v.epssScore !== null ? (
          <Text span size="sm" ff="monospace" data-testid="epss-value">
            {formatEpss(v.epssScore)}
          </Text>
        ) : (
          <Dash />
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <FindingStatusBadge status={finding.status} decided={finding.userDecided} />
          {finding.resolvedAt && (
            <Badge size="xs" variant="default" radius="sm" title={`Resolved ${formatDateTime(finding.resolvedAt)}`}>
              resolved
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <ConfidenceBadge confidence={finding.confidence} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={href} size="xs" c="dimmed" className="bw-clip bw-row-link" title={finding.reason} data-testid="finding-link">
          {finding.reason}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text span size="xs" c="dimmed" title={`${formatDateTime(finding.firstSeen)} · last seen ${formatRelative(finding.lastSeen)}`}>
          {formatDay(finding.firstSeen)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function GroupCount({ group }: { group: FindingGroup }) {
  const n = group.items.length;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge variant="default" radius="sm" data-testid="finding-group-count" data-count={n}>
        {formatCount(n)} {n === 1 ? 'finding' : 'findings'}
      </Badge>
      {group.affected > 0 && (
        <Badge variant="light" color="red" radius="sm" tt="none">
          {formatCount(group.affected)} affected
        </Badge>
      )}
    </Group>
  );
}

function GroupHeader({ group, by, action }: { group: FindingGroup; by: 'vulnerability' | 'target'; action?: ReactNode }) {
  const v = group.head.vulnerability;
  return (
    <Table.Tr className="bw-group-row" data-testid="finding-group" data-group-key={group.key}>
      <Table.Td colSpan={COLUMNS.length}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            {by === 'vulnerability' ? (
              <>
                <Anchor component={Link} to={vulnerabilityPath(v.id)} fw={700} size="sm" ff="monospace" data-testid="finding-group-title">
                  {v.id}
                </Anchor>
                <CvssScoreBadge score={v.cvssScore} severity={v.cvssSeverity} size="xs" />
                <FindingKevBadge vulnerability={v} />
                {v.title && (
                  <Text size="sm" c="dimmed" className="bw-clip" title={v.title}>
                    {v.title}
                  </Text>
                )}
              </>
            ) : (
              <>
                <div data-testid="finding-group-title" style={{ minWidth: 0 }}>
                  <FindingTarget finding={group.head} compact />
                </div>
                {group.maxCvss !== null && (
                  <Group gap={4} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      worst
                    </Text>
                    <CvssScoreBadge score={group.maxCvss} severity={null} size="xs" />
                  </Group>
                )}
                {group.kev && (
                  <Badge color="red" variant="filled" radius="sm" size="xs">
                    KEV
                  </Badge>
                )}
              </>
            )}
            <GroupCount group={group} />
          </Group>
          {action}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export interface FindingsTableProps {
  items: FindingView[] | undefined;
  sort: ListSort<FindingSortField>;
  onSort: (field: FindingSortField) => void;
  /** A newer result is on its way; the rows shown are the previous ones. */
  stale: boolean;
  skeletonRows: number;
  group?: FindingGrouping;
  /** Something to put at the right of a group header (e.g. a link narrowing the list to that group). */
  groupAction?: (group: FindingGroup) => ReactNode;
  testId?: string;
}

export function FindingsTable({ items, sort, onSort, stale, skeletonRows, group = 'none', groupAction, testId = 'findings-table' }: FindingsTableProps) {
  let body: ReactNode;
  if (!items) body = <SkeletonRows count={skeletonRows} columns={COLUMNS.length} />;
  else if (group === 'none') body = items.map((finding) => <FindingRow key={finding.id} finding={finding} indent={false} />);
  else {
    body = groupFindings(items, group).map((g) => [
      <GroupHeader key={g.key} group={g} by={group} action={groupAction?.(g)} />,
      ...g.items.map((finding) => <FindingRow key={finding.id} finding={finding} indent />),
    ]);
  }
  return (
    <div className="bw-table-scroll" data-stale={stale || undefined}>
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing={10}
        fz="sm"
        miw={1180}
        layout="fixed"
        data-testid={testId}
        data-grouped={group === 'none' ? undefined : group}
        aria-busy={stale || !items}
      >
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{body}</Table.Tbody>
      </Table>
    </div>
  );
}
