import { Group, Select, Text } from '@mantine/core';
import type { ComboboxItem } from '@mantine/core';
import { useMemo } from 'react';
import type { FacetValue } from '../../api/types';
import { formatCount } from '../../lib/format';

interface FacetSelectProps {
  label: string;
  value: string | undefined;
  facets: FacetValue[] | undefined;
  onChange: (value: string | null) => void;
  /** Shown instead of the raw value, e.g. for kinds. */
  describe?: (value: string) => string;
  searchable?: boolean;
  width?: number;
  testId: string;
}

/** A filter drop-down whose options are the values present in the inventory, each with its asset count. */
export function FacetSelect({ label, value, facets, onChange, describe, searchable, width = 150, testId }: FacetSelectProps) {
  const counts = useMemo(() => new Map((facets ?? []).map((f) => [f.value, f.count])), [facets]);
  const data = useMemo<ComboboxItem[]>(() => {
    const items = (facets ?? []).map((f) => ({ value: f.value, label: describe ? describe(f.value) : f.value }));
    // A value from a shared link may not be among the facets (yet); keep it selectable so the field shows it.
    if (value && !counts.has(value)) items.unshift({ value, label: describe ? describe(value) : value });
    return items;
  }, [facets, counts, value, describe]);

  return (
    <Select
      aria-label={label}
      placeholder={label}
      data={data}
      value={value ?? null}
      onChange={onChange}
      clearable
      searchable={searchable}
      nothingFoundMessage="No match"
      w={width}
      size="sm"
      comboboxProps={{ width: 'target', position: 'bottom-start', withinPortal: true, shadow: 'md' }}
      maxDropdownHeight={320}
      // Vendors can number in the thousands; render only the best matches.
      limit={300}
      data-testid={testId}
      data-active={value ? 'true' : undefined}
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
          <Text size="sm" truncate>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {counts.has(option.value) ? formatCount(counts.get(option.value) ?? 0) : ''}
          </Text>
        </Group>
      )}
    />
  );
}
