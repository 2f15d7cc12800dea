/** A page of the work queue (or the overdue / due-soon lists): one row per open finding, linking to it. */
import { Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { findingPath } from '../../api/findingQueries';
import type { QueueItem } from '../../api/riskTypes';
import { CvssScoreBadge } from '../../components/findingBadges';
import { Dash, SkeletonRows } from '../../components/ListTable';
import { DeadlineBadge, DecisionBadge, StateBadge } from '../../components/riskBadges';
import { formatDay, formatEpss } from '../../lib/intelFormat';
import { describeDaysLeft, formatRisk } from '../../lib/riskFormat';

const COLUMNS: Array<{ key: string; label: string; width?: number }> = [
  { key: 'decision', label: 'Decision', width: 96 },
  { key: 'vulnerability', label: 'Vulnerability', width: 200 },
  { key: 'target', label: 'Asset', width: 240 },
  { key: 'due', label: 'Due', width: 190 },
  { key: 'risk', label: 'Risk', width: 70 },
  { key: 'scores', label: 'CVSS · EPSS', width: 120 },
  { key: 'state', label: 'Remediation' },
];

function DueCell({ item }: { item: QueueItem }) {
  const d = item.deadline;
  const label = d.kind === 'next-upgrade' ? 'next upgrade' : d.dueDate ? formatDay(d.dueDate) : 'unknown';
  const governing = d.governing === 'bod-26-04' ? 'BOD 26-04' : 'policy';
  const tooltip = [
    `Governing: ${governing}`,
    `Policy: ${d.policyDueDate ? formatDay(d.policyDueDate) : 'no fixed date'}`,
    `BOD 26-04: ${d.bod.dueDate ? formatDay(d.bod.dueDate) : 'no fixed date'} (${d.bod.outcome}${d.bod.forensicTriage ? ', forensic triage' : ''})`,
    item.vulnerability.kevDueDate ? `KEV due date (reference): ${formatDay(item.vulnerability.kevDueDate)}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <Tooltip label={<span className="bw-pre">{tooltip}</span>} withArrow multiline maw={380} openDelay={250}>
      <Stack gap={2}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} ff="monospace" data-testid="queue-due">
            {label}
          </Text>
          <DeadlineBadge status={d.status} dueDate={d.dueDate} daysLeft={d.daysLeft} size="xs" />
        </Group>
        <Text size="xs" c={d.status === 'overdue' ? 'red' : 'dimmed'}>
          {d.kind === 'date' ? describeDaysLeft(d.daysLeft) : d.kind === 'next-upgrade' ? 'no fixed date' : 'no date to start from'}
        </Text>
      </Stack>
    </Tooltip>
  );
}

function QueueRow({ item }: { item: QueueItem }) {
  const navigate = useNavigate();
  const href = findingPath(item.findingId);
  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    if ((event.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
    navigate(href);
  };
  const v = item.vulnerability;
  return (
    <Table.Tr className="bw-row" onClick={onClick} data-testid="queue-row" data-finding-id={item.findingId} data-decision={item.decision} data-due={item.deadline.dueDate ?? ''}>
      <Table.Td>
        <DecisionBadge decision={item.decision} />
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={href} size="sm" fw={600} ff="monospace" data-testid="queue-finding-link">
            {v.id}
          </Anchor>
          {v.kev && (
            <Badge color="red" variant="filled" radius="sm" size="xs" title={v.kevDueDate ? `CISA KEV, due ${formatDay(v.kevDueDate)}` : 'CISA KEV'} data-testid="kev-badge">
              KEV
            </Badge>
          )}
        </Group>
        {v.title && v.title !== v.id && (
          <Text size="xs" c="dimmed" className="bw-clip" title={v.title}>
            {v.title}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {item.asset ? (
          <Anchor component={Link} to={`/assets/${encodeURIComponent(item.asset.id)}`} size="sm" className="bw-clip" data-testid="queue-asset">
            {item.asset.name}
          </Anchor>
        ) : (
          <Text size="sm" className="bw-clip">
            {item.target.name}
          </Text>
        )}
        <Text size="xs" c="dimmed" className="bw-clip" title={[item.site?.name, item.zone?.name].filter(Boolean).join(' / ')}>
          {[item.site?.name, item.zone?.name].filter(Boolean).join(' / ') || 'no site'}
          {item.exposed ? ' · exposed' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <DueCell item={item} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600} data-testid="queue-risk">
          {formatRisk(item.risk)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {v.cvss !== null ? <CvssScoreBadge score={v.cvss} severity={v.severity} size="xs" /> : <Dash />}
          <Text size="xs" c="dimmed">
            {v.epss !== null ? formatEpss(v.epss) : 'no EPSS'}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <StateBadge state={item.state} size="xs" />
          {item.remediation.owner && (
            <Text size="xs" c="dimmed" className="bw-clip" title={`Owner ${item.remediation.owner}${item.remediation.dueDate ? `, due ${formatDay(item.remediation.dueDate)}` : ''}`}>
              {item.remediation.owner}
              {item.remediation.dueDate ? ` · ${formatDay(item.remediation.dueDate)}` : ''}
            </Text>
          )}
          {item.remediation.acceptedUntil && (
            <Text size="xs" c="dimmed">
              until {formatDay(item.remediation.acceptedUntil)}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function QueueTable({ items, loading, stale, testId = 'queue-table' }: { items: QueueItem[] | undefined; loading: boolean; stale: boolean; testId?: string }) {
  return (
    <div className="bw-table-scroll" data-stale={stale || undefined} data-testid={testId}>
      <Table highlightOnHover verticalSpacing={6} layout="fixed" miw={1080} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c.key} w={c.width}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{loading && !items ? <SkeletonRows count={8} columns={COLUMNS.length} /> : items?.map((item) => <QueueRow key={item.findingId} item={item} />)}</Table.Tbody>
      </Table>
    </div>
  );
}
