import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import type { AssetEvent, AttributeChange } from './types';

export const EVENT_COLORS: Record<string, string> = {
  'new-device': 'green',
  'firmware-changed': 'red',
  'identity-changed': 'orange',
  'addresses-changed': 'blue',
};

function show(value: AttributeChange['before']): string {
  if (value === null) return '—';
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Asset events with what changed and the frames that showed it. */
export function EventList({ events, showAsset = true, testId = 'event-list' }: { events: AssetEvent[]; showAsset?: boolean; testId?: string }) {
  return (
    <Table verticalSpacing={6} fz="sm" className="bw-thead" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={150}>Event</Table.Th>
          {showAsset && <Table.Th>Asset</Table.Th>}
          <Table.Th>Change</Table.Th>
          <Table.Th>Evidence</Table.Th>
          <Table.Th w={170}>When</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((e) => (
          <Table.Tr key={e.id} data-testid="asset-event" data-kind={e.kind}>
            <Table.Td>
              <Badge variant="light" radius="sm" color={EVENT_COLORS[e.kind] ?? 'gray'} tt="none">
                {e.kind}
              </Badge>
            </Table.Td>
            {showAsset && (
              <Table.Td>
                <Anchor component={Link} to={`/assets/${encodeURIComponent(e.assetId)}`} size="sm" data-testid="event-asset-link">
                  {e.assetName ?? e.assetId}
                </Anchor>
              </Table.Td>
            )}
            <Table.Td>
              <Stack gap={0}>
                {e.detail.changes
                  .filter((c) => e.kind !== 'new-device' || ['kind', 'vendor', 'model', 'firmware', 'ips'].includes(c.attribute))
                  .map((c) => (
                    <Text key={c.attribute} size="xs">
                      <Text span fw={600} size="xs">
                        {c.attribute}
                      </Text>{' '}
                      {e.kind === 'new-device' ? show(c.after) : `${show(c.before)} → ${show(c.after)}`}
                    </Text>
                  ))}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Stack gap={0}>
                {e.detail.evidence.slice(0, 4).map((ev, i) => (
                  <Text key={i} size="xs" c="dimmed" data-testid="event-evidence">
                    {ev.capture}, frame {ev.frame}: {ev.protocol} {ev.field}
                  </Text>
                ))}
                {e.detail.evidence.length === 0 && (
                  <Text size="xs" c="dimmed">
                    {e.detail.source}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td fz="xs" c="dimmed">
              <Group gap={4}>{formatDateTime(e.at)}</Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
