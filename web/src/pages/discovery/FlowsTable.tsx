import { Badge, Group, Paper, ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import { formatBytes } from '../../lib/importFormat';
import { RISKY_OPERATIONS } from './layout';
import type { Flow } from './types';

/** Communication flows (client → server per protocol and port) with the operations seen. */
export function FlowsTable({ flows }: { flows: Flow[] }) {
  return (
    <Paper withBorder radius="md" className="bw-panel">
      <ScrollArea.Autosize mah={520} type="auto">
        <Table verticalSpacing={5} fz="sm" striped stickyHeader className="bw-thead" data-testid="discovery-flows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Server</Table.Th>
              <Table.Th>Protocol</Table.Th>
              <Table.Th>Port</Table.Th>
              <Table.Th ta="right">Packets</Table.Th>
              <Table.Th ta="right">Bytes</Table.Th>
              <Table.Th>Operations</Table.Th>
              <Table.Th>Seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {flows.map((f, i) => {
              const risky = f.operations.some((o) => RISKY_OPERATIONS.has(o));
              return (
                <Table.Tr key={i} data-testid="discovery-flow-row" data-protocol={f.protocol} data-risky={String(risky)}>
                  <Table.Td ff="monospace" fz="xs">{f.client}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">{f.server}</Table.Td>
                  <Table.Td>{f.protocol}</Table.Td>
                  <Table.Td ff="monospace">{f.port || '—'}</Table.Td>
                  <Table.Td ta="right">{f.packets}</Table.Td>
                  <Table.Td ta="right">{formatBytes(f.bytes)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={f.functions.join(', ') || 'no function names'} openDelay={300} withArrow multiline maw={360}>
                      <Group gap={4}>
                        {f.operations.length === 0 && <Text span size="xs" c="dimmed">—</Text>}
                        {f.operations.map((o) => (
                          <Badge key={o} size="xs" radius="sm" variant={RISKY_OPERATIONS.has(o) ? 'filled' : 'light'} color={RISKY_OPERATIONS.has(o) ? 'red' : 'gray'} data-testid="flow-operation">
                            {o}
                          </Badge>
                        ))}
                      </Group>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td fz="xs" c="dimmed">{formatDateTime(f.first)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
