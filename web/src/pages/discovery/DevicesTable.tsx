import { ActionIcon, Anchor, Badge, Group, Paper, ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { ChevronDownIcon } from '../../components/icons';
import type { Device, InventoryMatch } from './types';

function Cell({ value }: { value: string | null }) {
  return value ? <>{value}</> : <Text span c="dimmed" size="sm">—</Text>;
}

function EvidenceRows({ device }: { device: Device }) {
  return (
    <Table fz="xs" verticalSpacing={2} striped data-testid="device-evidence-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Attribute</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th>Capture</Table.Th>
          <Table.Th>Frame</Table.Th>
          <Table.Th>Protocol</Table.Th>
          <Table.Th>Field</Table.Th>
          <Table.Th>Confidence</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {device.evidence.slice(0, 200).map((e, i) => (
          <Table.Tr key={i} data-testid="device-evidence">
            <Table.Td>{e.attribute}</Table.Td>
            <Table.Td ff="monospace">{e.value}</Table.Td>
            <Table.Td>{e.capture}</Table.Td>
            <Table.Td ff="monospace">{e.frame}</Table.Td>
            <Table.Td>{e.protocol}</Table.Td>
            <Table.Td ff="monospace">{e.field}</Table.Td>
            <Table.Td>{Math.round(e.confidence * 100)}%</Table.Td>
          </Table.Tr>
        ))}
        {device.evidence.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={7}>
              <Text size="xs" c="dimmed">
                No identity field was seen for this device; it is known by its addresses and the protocols it speaks.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** The discovered devices, each expandable into the evidence (capture, frame, protocol, field) of its attributes. */
export function DevicesTable({ devices, inventory }: { devices: Device[]; inventory: Record<string, InventoryMatch> }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Paper withBorder radius="md" className="bw-panel">
      <ScrollArea type="auto">
        <Table verticalSpacing={6} fz="sm" highlightOnHover className="bw-thead" data-testid="discovery-devices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36} />
              <Table.Th>Address</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Firmware</Table.Th>
              <Table.Th>Serial</Table.Th>
              <Table.Th>Host name</Table.Th>
              <Table.Th>Protocols</Table.Th>
              <Table.Th>Inventory</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((d) => {
              const expanded = open.has(d.id);
              const match = inventory[d.id];
              return (
                <Fragment key={d.id}>
                  <Table.Tr data-testid="discovery-device-row" data-device-id={d.id} data-vendor={d.vendor ?? ''}>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label={expanded ? 'Hide evidence' : 'Show evidence'}
                        aria-expanded={expanded}
                        onClick={() => toggle(d.id)}
                        data-testid="device-evidence-toggle"
                        style={{ transform: expanded ? undefined : 'rotate(-90deg)' }}
                      >
                        <ChevronDownIcon size={14} />
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {d.ips.map((ip) => (
                        <div key={ip}>{ip}</div>
                      ))}
                      {d.macs.map((mac) => (
                        <Tooltip key={mac} label={d.macVendor ?? 'unknown OUI'} openDelay={300} withArrow>
                          <Text span fz="xs" c="dimmed" ff="monospace" display="block">
                            {mac}
                          </Text>
                        </Tooltip>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={d.kindReason} openDelay={300} withArrow multiline maw={300}>
                        <Badge variant="light" radius="sm" size="sm" tt="uppercase" color={d.kind === 'unknown' ? 'gray' : 'indigo'} data-testid="device-kind">
                          {d.kind}
                        </Badge>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td data-testid="device-vendor"><Cell value={d.vendor} /></Table.Td>
                    <Table.Td data-testid="device-model"><Cell value={d.model} /></Table.Td>
                    <Table.Td ff="monospace" data-testid="device-firmware"><Cell value={d.firmware} /></Table.Td>
                    <Table.Td ff="monospace"><Cell value={d.serial} /></Table.Td>
                    <Table.Td><Cell value={d.hostname} /></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {d.protocols.map((p) => (
                          <Badge key={p} variant="default" radius="sm" size="xs" tt="none">
                            {p}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td data-testid="device-inventory">
                      {match ? (
                        <Anchor component={Link} to={`/assets/${encodeURIComponent(match.assetId)}`} size="sm" data-testid="device-asset-link">
                          {match.name}
                        </Anchor>
                      ) : (
                        <Badge variant="light" color="green" radius="sm" size="sm">
                          new
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr>
                      <Table.Td colSpan={10} p="xs" bg="var(--mantine-color-default-hover)">
                        <EvidenceRows device={d} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}
