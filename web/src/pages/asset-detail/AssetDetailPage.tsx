import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAssetFindingCount } from '../../api/findingQueries';
import { useAsset } from '../../api/queries';
import type { AssetDetail } from '../../api/types';
import { CriticalityBadge, KindBadge, PurdueBadge } from '../../components/badges';
import { AlertIcon, ChevronLeftIcon, CpuIcon, HistoryIcon, MapPinIcon, PackageIcon } from '../../components/icons';
import { Section } from '../../components/Section';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { DEFAULT_FINDING_STATUSES } from '../../lib/findingQuery';
import { RecordTlpBadge, SharedWithYouNote } from '../../sharing/RecordTlp';
import { SharingSection } from '../../sharing/SharingSection';
import { AssetEventsTab } from '../discovery/AssetEventsTab';
import { AssetFindingsTab } from './AssetFindingsTab';
import { AssetSbomTab } from './AssetSbomTab';
import { AttributesTable } from './AttributesTable';
import { ObservationHistory } from './ObservationHistory';

function AssetHeader({ asset }: { asset: AssetDetail }) {
  const siteHref = asset.site ? `/assets?site=${encodeURIComponent(asset.site.name)}` : null;
  return (
    <Stack gap={6}>
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to="/assets" size="sm">
          Assets
        </Anchor>
        <Text size="sm" c="dimmed" truncate maw={400}>
          {asset.name}
        </Text>
      </Breadcrumbs>
      <Group gap="sm" align="center">
        <Title order={2} size="h3" data-testid="asset-title">
          {asset.name}
        </Title>
        <KindBadge kind={asset.kind} />
        <CriticalityBadge criticality={asset.criticality} />
        <RecordTlpBadge kind="asset" id={asset.id} known={asset.tlp} />
      </Group>
      <Group gap="lg" c="dimmed" fz="sm">
        {(asset.vendor || asset.model) && (
          <Text size="sm" c="dimmed">
            {[asset.vendor, asset.model].filter(Boolean).join(' · ')}
          </Text>
        )}
        {asset.site && siteHref && (
          <Group gap={4} wrap="nowrap" data-testid="asset-location">
            <MapPinIcon size={14} />
            <Anchor component={Link} to={siteHref} size="sm">
              {asset.site.name}
            </Anchor>
            {asset.zone && (
              <>
                <Text span size="sm" c="dimmed">
                  ›
                </Text>
                <Anchor
                  component={Link}
                  to={`${siteHref}&zone=${encodeURIComponent(asset.zone.name)}`}
                  size="sm"
                >
                  {asset.zone.name}
                </Anchor>
                <PurdueBadge level={asset.zone.purdueLevel ?? asset.purdueLevel} />
              </>
            )}
          </Group>
        )}
        <Text size="sm" c="dimmed" title={formatDateTime(asset.updatedAt)}>
          Updated {formatRelative(asset.updatedAt)}
        </Text>
        <Text size="sm" c="dimmed" title={formatDateTime(asset.createdAt)}>
          First seen {formatDateTime(asset.createdAt)}
        </Text>
      </Group>
    </Stack>
  );
}

const TABS = ['overview', 'sbom', 'findings', 'events'] as const;
type Tab = (typeof TABS)[number];

/** Open findings (affected, undecided, under investigation) of the asset and its SBOM components, on the tab. */
function FindingCountBadge({ assetId }: { assetId: string }) {
  const count = useAssetFindingCount(assetId, DEFAULT_FINDING_STATUSES);
  if (count.data === undefined || count.data === 0) return null;
  return (
    <Badge size="sm" variant="light" color="red" radius="sm" data-testid="asset-findings-count" data-count={count.data}>
      {formatCount(count.data)}
    </Badge>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="md" data-testid="asset-loading">
      <Skeleton height={14} width={160} />
      <Skeleton height={28} width={320} />
      <Skeleton height={14} width={420} />
      <Skeleton height={360} radius="md" />
    </Stack>
  );
}

export function AssetDetailPage() {
  const { id = '' } = useParams();
  const { data: asset, error, isPending, refetch } = useAsset(id);
  // The open tab lives in the URL (`?tab=findings`) so links can point at it and Back returns to it.
  const [searchParams, setSearchParams] = useSearchParams();
  const rawTab = searchParams.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(rawTab ?? '') ? (rawTab as Tab) : 'overview';
  const selectTab = (value: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (!value || value === 'overview') next.delete('tab');
    else next.set('tab', value);
    setSearchParams(next, { replace: true });
  };

  if (isPending) return <DetailSkeleton />;
  if (error) {
    if (error instanceof ApiError && error.isNotFound) {
      return (
        <EmptyView
          title="Asset not found"
          description="It may have been deleted or merged into another asset, or the link is wrong."
          icon={<CpuIcon size={28} />}
          action={
            <Button component={Link} to="/assets" variant="light" leftSection={<ChevronLeftIcon size={16} />}>
              Back to assets
            </Button>
          }
          testId="asset-not-found"
        />
      );
    }
    return <ErrorAlert error={error} title="Could not load the asset" onRetry={() => void refetch()} />;
  }

  return (
    <Stack gap="md" data-testid="asset-detail">
      <AssetHeader asset={asset} />
      <SharedWithYouNote kind="asset" label={asset.tlp} owner={asset.organisation?.name} />
      <Tabs value={tab} onChange={selectTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview" leftSection={<CpuIcon size={14} />} data-testid="asset-tab-overview">
            Overview
          </Tabs.Tab>
          <Tabs.Tab value="sbom" leftSection={<PackageIcon size={14} />} data-testid="asset-tab-sbom">
            SBOM
          </Tabs.Tab>
          <Tabs.Tab
            value="findings"
            leftSection={<AlertIcon size={14} />}
            rightSection={<FindingCountBadge assetId={asset.id} />}
            data-testid="asset-tab-findings"
          >
            Findings
          </Tabs.Tab>
          <Tabs.Tab value="events" leftSection={<HistoryIcon size={14} />} data-testid="asset-tab-events">
            Events
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, xl: 8 }}>
              <Section title="Attributes" icon={<CpuIcon size={16} />}>
                <AttributesTable asset={asset} />
              </Section>
            </Grid.Col>
            <Grid.Col span={{ base: 12, xl: 4 }}>
              <Stack gap="md">
                <SharingSection kind="asset" id={asset.id} />
                <Section
                  title="Observation history"
                  icon={<HistoryIcon size={16} />}
                  extra={
                    <Badge variant="default" radius="sm">
                      {formatCount(asset.observations.length)}
                    </Badge>
                  }
                >
                  <div className="bw-history">
                    <ObservationHistory observations={asset.observations} />
                  </div>
                </Section>
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="sbom">
          <AssetSbomTab asset={asset} />
        </Tabs.Panel>
        <Tabs.Panel value="findings">
          <AssetFindingsTab key={asset.id} asset={asset} />
        </Tabs.Panel>
        <Tabs.Panel value="events">
          <AssetEventsTab key={asset.id} asset={asset} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
