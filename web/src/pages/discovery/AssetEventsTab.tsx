import { Box, Paper, Skeleton, Stack } from '@mantine/core';
import { useState } from 'react';
import type { AssetDetail } from '../../api/types';
import { HistoryIcon } from '../../components/icons';
import { ListFooter } from '../../components/ListTable';
import { EmptyView, ErrorAlert } from '../../components/states';
import { useAssetEvents } from './api';
import { EventList } from './EventList';

/** What was noticed about the asset: new on the wire, firmware changed, identity or addresses changed. */
export function AssetEventsTab({ asset }: { asset: AssetDetail }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 25 });
  const events = useAssetEvents(asset.id, { limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize });
  const items = events.data?.items;
  return (
    <Stack gap="md" data-testid="asset-events">
      <Paper withBorder radius="md" className="bw-panel">
        {events.error && !events.data ? (
          <Box p="md">
            <ErrorAlert error={events.error} title="Could not load the events" onRetry={() => void events.refetch()} />
          </Box>
        ) : !items ? (
          <Stack gap="xs" p="md" data-testid="asset-events-loading">
            <Skeleton height={18} />
            <Skeleton height={18} />
          </Stack>
        ) : items.length === 0 ? (
          <EmptyView
            title="No events"
            description="Events appear when passive discovery sees this device for the first time or sees its firmware, identity or addresses change."
            icon={<HistoryIcon size={28} />}
            testId="asset-events-empty"
          />
        ) : (
          <EventList events={items} showAsset={false} testId="asset-events-table" />
        )}
        {events.data && events.data.total > paging.pageSize && (
          <ListFooter
            paging={paging}
            total={events.data.total}
            loaded
            refreshError={null}
            onPage={(page: number) => setPaging((p) => ({ ...p, page }))}
            onPageSize={(pageSize: number) => setPaging({ page: 1, pageSize })}
            testIdPrefix="asset-events"
          />
        )}
      </Paper>
    </Stack>
  );
}
