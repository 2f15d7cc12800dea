import { Anchor, Badge, Group, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { useSites } from '../../api/queries';
import type { SiteSummary, ZoneSummary } from '../../api/types';
import { PurdueBadge } from '../../components/badges';
import { MapPinIcon } from '../../components/icons';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, purdueLabel } from '../../lib/format';

function assetsLink(site: string, zone?: string): string {
  const params = new URLSearchParams({ site });
  if (zone) params.set('zone', zone);
  return `/assets?${params.toString()}`;
}

/** Purdue order, so zones read from the field (L0) up to the enterprise (L5). */
const LEVEL_ORDER = ['0', '1', '2', '3', 'dmz', '4', '5'];
function byPurdueLevel(a: ZoneSummary, b: ZoneSummary): number {
  const rank = (z: ZoneSummary) => (z.purdueLevel === null ? LEVEL_ORDER.length : LEVEL_ORDER.indexOf(z.purdueLevel));
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

function ZoneChips({ site }: { site: SiteSummary }) {
  if (site.zones.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no zones
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {[...site.zones].sort(byPurdueLevel).map((zone) => (
        <Tooltip key={zone.id} label={`${zone.name}${zone.purdueLevel ? ` (${purdueLabel(zone.purdueLevel)})` : ''}: ${formatCount(zone.assetCount)} assets`} withArrow openDelay={300}>
          <Anchor component={Link} to={assetsLink(site.name, zone.name)} underline="never" data-testid="zone-link">
            <Badge
              variant="light"
              color="gray"
              radius="sm"
              size="md"
              tt="none"
              className="bw-zone-chip"
              leftSection={zone.purdueLevel ? <PurdueBadge level={zone.purdueLevel} /> : undefined}
            >
              {zone.name}
              <Text span size="xs" c="dimmed" ml={6} ff="monospace">
                {formatCount(zone.assetCount)}
              </Text>
            </Badge>
          </Anchor>
        </Tooltip>
      ))}
    </Group>
  );
}

export function SitesPage() {
  const { data, error, isPending, refetch } = useSites();
  const totalAssets = data?.items.reduce((sum, site) => sum + site.assetCount, 0) ?? 0;

  return (
    <Stack gap="sm" data-testid="sites-page">
      <div>
        <Title order={2} size="h3">
          Sites
        </Title>
        <Text size="sm" c="dimmed">
          {data
            ? `${formatCount(data.items.length)} sites · ${formatCount(totalAssets)} assets`
            : 'Loading…'}
        </Text>
      </div>
      <Paper withBorder radius="md" className="bw-panel">
        {error ? (
          <ErrorAlert error={error} title="Could not load sites" onRetry={() => void refetch()} />
        ) : isPending ? (
          <Stack p="md" gap="sm">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} height={18} />
            ))}
          </Stack>
        ) : data.items.length === 0 ? (
          <EmptyView
            title="No sites yet"
            description="Sites are created when assets are imported with a site column or a default site."
            icon={<MapPinIcon size={28} />}
            testId="sites-empty"
          />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm" fz="sm" data-testid="sites-table" className="bw-thead">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={260}>Site</Table.Th>
                  <Table.Th w={110} ta="right">
                    Assets
                  </Table.Th>
                  <Table.Th>Zones (Purdue level, assets)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((site) => (
                  <Table.Tr key={site.id} data-testid="site-row">
                    <Table.Td>
                      <Group gap={8} wrap="nowrap">
                        <MapPinIcon size={16} />
                        <Anchor component={Link} to={assetsLink(site.name)} fw={600} size="sm" data-testid="site-link">
                          {site.name}
                        </Anchor>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" data-testid="site-count">
                      {formatCount(site.assetCount)}
                    </Table.Td>
                    <Table.Td>
                      <ZoneChips site={site} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
