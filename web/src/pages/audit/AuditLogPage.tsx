import { ActionIcon, Badge, Box, Button, Group, Paper, Progress, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useAuditPage } from '../../api/authQueries';
import type { AuditEntry } from '../../api/authTypes';
import { ChevronDownIcon, FilterOffIcon, ScrollIcon } from '../../components/icons';
import { Dash } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { PanelTable, type PanelColumn } from '../../components/PanelTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import type { AuditQuery } from '../../lib/auditQuery';
import { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, auditQueryToUrl, hasAuditFilters, parseAuditQuery, withAuditFilters } from '../../lib/auditQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { VerifyChainPanel } from './VerifyChainPanel';

const COLUMNS: PanelColumn[] = [
  { key: 'expand', label: '', width: 40 },
  { key: 'seq', label: '#', width: 70 },
  { key: 'at', label: 'When', width: 150 },
  { key: 'actor', label: 'Actor', width: '16%' },
  { key: 'action', label: 'Action' },
  { key: 'target', label: 'Target', width: '16%' },
  { key: 'outcome', label: 'Outcome', width: 100 },
  { key: 'source', label: 'From', width: 120 },
];

const OUTCOME_COLORS: Record<string, string> = { success: 'teal', failure: 'orange', denied: 'red' };

function AuditRow({ entry, expanded, onToggle }: { entry: AuditEntry; expanded: boolean; onToggle: () => void }) {
  return (
    <Fragment>
      <Table.Tr data-testid="audit-row" data-seq={entry.seq} data-action={entry.action} data-outcome={entry.outcome} data-actor={entry.actor}>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Hide' : 'Show'} details of entry ${entry.seq}`}
            data-testid="audit-expand"
          >
            <ChevronDownIcon size={14} style={{ transform: expanded ? 'none' : 'rotate(-90deg)', transition: 'transform 120ms ease' }} />
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="xs" ff="monospace" c="dimmed">
            {entry.seq}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="xs" title={formatRelative(entry.at)}>
            {formatDateTime(entry.at)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" className="bw-clip" title={entry.actor} data-testid="audit-actor">
              {entry.actor}
            </Text>
            {entry.actorKind !== 'user' && (
              <Badge size="xs" radius="sm" variant="default" tt="none">
                {entry.actorKind}
              </Badge>
            )}
          </Group>
        </Table.Td>
        <Table.Td>
          <Text size="xs" ff="monospace" className="bw-clip" title={entry.action} data-testid="audit-action">
            {entry.action}
          </Text>
        </Table.Td>
        <Table.Td>
          {entry.target ? (
            <Text size="xs" ff="monospace" className="bw-clip" title={entry.target}>
              {entry.target}
            </Text>
          ) : (
            <Dash />
          )}
        </Table.Td>
        <Table.Td>
          <Badge size="sm" radius="sm" variant="light" color={OUTCOME_COLORS[entry.outcome] ?? 'gray'} data-testid="audit-outcome">
            {entry.outcome}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="xs" c="dimmed" className="bw-clip" title={entry.source ?? undefined}>
            {entry.source ?? '—'}
          </Text>
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr data-testid="audit-detail" data-seq={entry.seq}>
          <Table.Td colSpan={COLUMNS.length} className="bw-attr-section">
            <pre className="bw-json" data-testid="audit-detail-json">
              {JSON.stringify(
                { detail: entry.detail, organisation: entry.orgId, at: entry.at, hash: entry.hash, prevHash: entry.prevHash },
                null,
                2,
              )}
            </pre>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function Filters({ query, setQuery }: { query: AuditQuery; setQuery: (update: (current: AuditQuery) => AuditQuery) => void }) {
  const set = (change: Partial<Omit<AuditQuery, 'before'>>) => setQuery((current) => withAuditFilters(current, change));
  return (
    <Group gap="xs" p="sm" className="bw-toolbar" wrap="wrap" align="flex-end">
      <SearchBox value={query.actor ?? ''} onCommit={(v) => set({ actor: v || undefined })} label="Actor" placeholder="Actor starts with…" testId="audit-filter-actor" width={200} />
      <SearchBox
        value={query.action ?? ''}
        onCommit={(v) => set({ action: v || undefined })}
        label="Action"
        placeholder="Action starts with… (auth., POST /api/assets)"
        testId="audit-filter-action"
        width={300}
      />
      <SegmentedControl
        size="xs"
        value={query.outcome ?? 'any'}
        onChange={(v) => set({ outcome: v === 'any' ? undefined : (v as AuditQuery['outcome']) })}
        data={[{ value: 'any', label: 'Any outcome' }, ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))]}
        aria-label="Outcome"
        data-testid="audit-filter-outcome"
      />
      <TextInput type="date" size="xs" aria-label="From day" value={query.since ?? ''} onChange={(e) => set({ since: e.currentTarget.value || undefined })} max={query.until} w={140} data-testid="audit-filter-since" />
      <Text size="xs" c="dimmed" pb={6}>
        to
      </Text>
      <TextInput type="date" size="xs" aria-label="To day" value={query.until ?? ''} onChange={(e) => set({ until: e.currentTarget.value || undefined })} min={query.since} w={140} data-testid="audit-filter-until" />
      {hasAuditFilters(query) && (
        <Button size="xs" variant="subtle" leftSection={<FilterOffIcon size={14} />} onClick={() => setQuery(() => ({}))} data-testid="audit-clear">
          Clear filters
        </Button>
      )}
    </Group>
  );
}

/** The audit log, newest first, filtered through the URL and paged backwards; and the chain check. */
export function AuditLogPage() {
  const [query, setQuery] = useUrlQuery(parseAuditQuery, auditQueryToUrl);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const audit = useAuditPage(query);
  const items = audit.data?.items;
  const total = audit.data?.total ?? 0;
  const first = items?.[0];
  const last = items?.[items.length - 1];
  const filtered = hasAuditFilters(query);
  const toggle = (seq: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <Stack gap="sm" data-testid="audit-page">
      <PageHeader
        title="Audit log"
        subtitle={audit.data ? `${formatCount(total)} entr${total === 1 ? 'y' : 'ies'}${filtered ? ' match' : ''}` : 'Loading…'}
        subtitleTestId="audit-total"
        subtitleData={{ 'data-total': audit.data ? String(total) : undefined }}
      />
      <VerifyChainPanel
        onShowEntry={(seq) => {
          setQuery(() => ({ before: seq + 1 }));
          setExpanded(new Set([seq]));
        }}
      />
      <Paper withBorder radius="md" className="bw-panel">
        <Filters query={query} setQuery={setQuery} />
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={audit.isFetching || undefined} />
        <PanelTable
          columns={COLUMNS}
          items={items}
          error={audit.error}
          errorTitle="Could not load the audit log"
          onRetry={() => void audit.refetch()}
          testId="audit-table"
          minWidth={1000}
          stale={audit.isPlaceholderData}
          skeletonRows={10}
          empty={
            <EmptyView
              title={filtered || query.before ? 'No entries match' : 'The audit log is empty'}
              description={filtered ? 'Try a broader filter or another date range.' : undefined}
              icon={filtered ? <FilterOffIcon size={28} /> : <ScrollIcon size={28} />}
              action={
                filtered || query.before ? (
                  <Button variant="light" onClick={() => setQuery(() => ({}))}>
                    Show the newest entries
                  </Button>
                ) : undefined
              }
              testId="audit-empty"
            />
          }
          renderRows={(rows) => rows.map((entry) => <AuditRow key={entry.seq} entry={entry} expanded={expanded.has(entry.seq)} onToggle={() => toggle(entry.seq)} />)}
        />
        <Group justify="space-between" p="sm" className="bw-footer">
          <Text size="sm" c="dimmed" data-testid="audit-range">
            {first && last ? `Entries #${last.seq}–#${first.seq}${query.before ? ' (older page)' : ''}` : ''}
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" disabled={query.before === undefined} onClick={() => setQuery((c) => ({ ...c, before: undefined }))} data-testid="audit-newest">
              Newest
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={!last || last.seq <= 1 || (items?.length ?? 0) < AUDIT_PAGE_SIZE}
              onClick={() => last && setQuery((c) => ({ ...c, before: last.seq }))}
              data-testid="audit-older"
            >
              Older
            </Button>
          </Group>
        </Group>
      </Paper>
      <Box h="xs" />
    </Stack>
  );
}
