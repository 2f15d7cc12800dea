/** Pieces shared by the server-paged intelligence tables: sortable headers, placeholders and the pager footer. */
import { Group, Pagination, Select, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import type { ListSort, Paging } from '../lib/listState';
import { LIST_PAGE_SIZES, shownRange, totalPages } from '../lib/listState';
import { formatCount } from '../lib/format';
import { SortAscIcon, SortDescIcon, SortIcon } from './icons';

export interface ListColumn<F extends string> {
  key: string;
  label: string;
  sortField?: F;
  width?: number | string;
}

export function SortHeader<F extends string>({
  column,
  sort,
  onSort,
}: {
  column: ListColumn<F>;
  sort: ListSort<F>;
  onSort: (field: F) => void;
}) {
  const { sortField } = column;
  if (!sortField) return <Table.Th w={column.width}>{column.label}</Table.Th>;
  const active = sort.field === sortField;
  const Icon = active ? (sort.descending ? SortDescIcon : SortAscIcon) : SortIcon;
  return (
    <Table.Th w={column.width} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        className="bw-sort"
        onClick={() => onSort(sortField)}
        data-testid={`sort-${sortField}`}
        data-active={active || undefined}
        aria-label={`Sort by ${column.label}`}
      >
        {column.label}
        <Icon size={14} className="bw-sort-icon" />
      </UnstyledButton>
    </Table.Th>
  );
}

export function SkeletonRows({ count, columns }: { count: number; columns: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, row) => (
        <Table.Tr key={row}>
          {Array.from({ length: columns }, (_, column) => (
            <Table.Td key={column}>
              <Skeleton height={12} radius="sm" width={column === 0 ? '80%' : '60%'} />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

export function Dash() {
  return (
    <Text span c="dimmed" size="sm">
      —
    </Text>
  );
}

/** Row range, page size and pager under a server-paged table. */
export function ListFooter({
  paging,
  total,
  loaded,
  refreshError,
  onPage,
  onPageSize,
  testIdPrefix,
}: {
  paging: Paging;
  total: number;
  loaded: boolean;
  refreshError?: Error | null;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
  testIdPrefix: string;
}) {
  const pages = totalPages(total, paging.pageSize);
  const [first, last] = shownRange(paging, total);
  return (
    <Group justify="space-between" p="sm" wrap="wrap" gap="sm" className="bw-footer">
      <Group gap="sm">
        <Text size="sm" c="dimmed" data-testid={`${testIdPrefix}-range`}>
          {total > 0 && first > 0 ? `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}` : ''}
        </Text>
        {refreshError && (
          <Text size="xs" c="red">
            Refresh failed: {refreshError.message}
          </Text>
        )}
      </Group>
      <Group gap="sm">
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Rows
          </Text>
          <Select
            aria-label="Rows per page"
            data={LIST_PAGE_SIZES.map(String)}
            value={String(paging.pageSize)}
            onChange={(v) => v && onPageSize(Number(v))}
            allowDeselect={false}
            w={80}
            size="xs"
          />
        </Group>
        <Pagination
          total={pages}
          value={Math.min(paging.page, pages)}
          onChange={onPage}
          size="sm"
          siblings={1}
          boundaries={1}
          withEdges
          disabled={!loaded}
          getControlProps={(control) => ({ 'data-testid': `page-${control}`, 'aria-label': `${control} page` })}
        />
      </Group>
    </Group>
  );
}
