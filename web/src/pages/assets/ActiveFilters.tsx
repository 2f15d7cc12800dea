import { Button, Group, Pill, Text } from '@mantine/core';
import { CloseIcon } from '../../components/icons';
import type { AssetFilters, FilterKey } from '../../lib/assetQuery';
import { FILTER_KEYS } from '../../lib/assetQuery';

const FILTER_LABELS: Record<FilterKey, string> = {
  q: 'Search',
  kind: 'Kind',
  site: 'Site',
  zone: 'Zone',
  criticality: 'Criticality',
  vendor: 'Vendor',
};

/** The filters in force, as removable chips; makes a shared link's view obvious at a glance. */
export function ActiveFilters({
  filters,
  onRemove,
  onClear,
}: {
  filters: AssetFilters;
  onRemove: (key: FilterKey) => void;
  onClear: () => void;
}) {
  const active = FILTER_KEYS.filter((key) => filters[key]);
  if (active.length === 0) return null;
  return (
    <Group gap={6} data-testid="active-filters">
      <Text size="xs" c="dimmed">
        Filtered by
      </Text>
      {active.map((key) => (
        <Pill key={key} size="sm" withRemoveButton onRemove={() => onRemove(key)} data-testid={`active-filter-${key}`}>
          <Text span size="xs" c="dimmed" mr={4}>
            {FILTER_LABELS[key]}:
          </Text>
          {filters[key]}
        </Pill>
      ))}
      {active.length > 1 && (
        <Button variant="subtle" size="compact-xs" onClick={onClear} data-testid="clear-filters" leftSection={<CloseIcon size={12} />}>
          Clear all
        </Button>
      )}
    </Group>
  );
}
