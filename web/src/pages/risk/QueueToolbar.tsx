/** The work queue's filters: site, decisions, due (all / overdue / due soon), and clearing them. */
import { Button, Chip, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useSites } from '../../api/queries';
import { DECISIONS_URGENT_FIRST } from '../../api/riskTypes';
import { FilterOffIcon } from '../../components/icons';
import { decisionLook } from '../../lib/riskFormat';
import type { DueFilter, QueueQuery } from '../../lib/riskQuery';
import { hasQueueFilters, withQueueFilters, withoutQueueFilters } from '../../lib/riskQuery';

export function SiteSelect({ value, onChange, testId = 'filter-site' }: { value: string | undefined; onChange: (site: string | null) => void; testId?: string }) {
  const sites = useSites();
  const options = (sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  // A site given by name in a shared link: keep it selectable.
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: value });
  return (
    <Select
      aria-label="Site"
      placeholder="All sites"
      data={options}
      value={value ?? null}
      onChange={onChange}
      clearable
      searchable
      w={230}
      data-testid={testId}
    />
  );
}

export function QueueToolbar({
  query,
  setQuery,
  withDue = true,
}: {
  query: QueueQuery;
  setQuery: (update: (current: QueueQuery) => QueueQuery) => void;
  withDue?: boolean;
}) {
  return (
    <Group gap="sm" p="sm" wrap="wrap" className="bw-toolbar">
      <SiteSelect value={query.site} onChange={(site) => setQuery((c) => withQueueFilters(c, { site }))} />
      <Group gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed">
          Decision
        </Text>
        <Chip.Group multiple value={query.decisions} onChange={(values) => setQuery((c) => withQueueFilters(c, { decisions: values }))}>
          {DECISIONS_URGENT_FIRST.map((d) => (
            <Chip key={d} value={d} size="xs" color={decisionLook(d).color} variant="light" wrapperProps={{ 'data-testid': `filter-decision-${d}` }}>
              {d}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
      {withDue && (
        <SegmentedControl
          size="xs"
          value={query.due}
          onChange={(due) => setQuery((c) => withQueueFilters(c, { due: due as DueFilter }))}
          data={[
            { value: 'all', label: 'All' },
            { value: 'overdue', label: 'Overdue' },
            { value: 'due-soon', label: 'Due soon' },
          ]}
          data-testid="filter-due"
        />
      )}
      {hasQueueFilters(query) && (
        <Button variant="subtle" size="xs" leftSection={<FilterOffIcon size={14} />} onClick={() => setQuery(withoutQueueFilters)} data-testid="clear-filters">
          Clear filters
        </Button>
      )}
    </Group>
  );
}
