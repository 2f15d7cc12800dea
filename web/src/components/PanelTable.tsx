/** A table inside a panel with its states: skeleton rows while loading, an error with retry, or an empty view. */
import { Box, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../lib/format';
import { Dash, SkeletonRows } from './ListTable';
import { ErrorAlert } from './states';

export interface PanelColumn {
  key: string;
  label: string;
  width?: number | string;
}

export function PanelTable<T>({
  columns,
  items,
  error,
  errorTitle,
  onRetry,
  empty,
  renderRows,
  testId,
  minWidth = 900,
  stale,
  skeletonRows = 6,
  compact,
}: {
  columns: readonly PanelColumn[];
  /** Undefined while loading. */
  items: readonly T[] | undefined;
  error: unknown;
  errorTitle: string;
  onRetry?: () => void;
  /** Shown when the list is loaded and has no rows. */
  empty: ReactNode;
  renderRows: (items: readonly T[]) => ReactNode;
  testId: string;
  minWidth?: number;
  /** The rows are a previous answer while the next one loads. */
  stale?: boolean;
  skeletonRows?: number;
  /** As tall as its rows (a short list in a side panel), not the height of a page's main table. */
  compact?: boolean;
}) {
  if (error && !items) {
    return (
      <Box p="md">
        <ErrorAlert error={error} title={errorTitle} onRetry={onRetry} />
      </Box>
    );
  }
  if (items && items.length === 0) return <>{empty}</>;
  return (
    <div className="bw-table-scroll" data-stale={stale || undefined} data-compact={compact || undefined}>
      <Table stickyHeader highlightOnHover verticalSpacing={6} horizontalSpacing={10} fz="sm" miw={minWidth} layout="fixed" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} w={column.width}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{items ? renderRows(items) : <SkeletonRows count={skeletonRows} columns={columns.length} />}</Table.Tbody>
      </Table>
    </div>
  );
}

/** A point in time as "3 hours ago", with the exact time on hover; a dash when there is none. */
export function When({ iso, testId }: { iso: string | null | undefined; testId?: string }) {
  if (!iso) return <Dash />;
  return (
    <Text size="xs" c="dimmed" title={formatDateTime(iso)} data-testid={testId} data-iso={iso}>
      {formatRelative(iso)}
    </Text>
  );
}
