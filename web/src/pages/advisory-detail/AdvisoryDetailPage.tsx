import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAdvisory } from '../../api/intelQueries';
import type { AdvisoryDetail } from '../../api/intelTypes';
import { ChevronLeftIcon, DownloadIcon, FileIcon, HistoryIcon } from '../../components/icons';
import { SourceTag } from '../../components/intelBadges';
import { TlpBadge } from '../../components/TlpBadge';
import { Section } from '../../components/Section';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatDay, humanise } from '../../lib/intelFormat';
import { AdvisoryVulnerabilityCard, productNamer } from './AdvisoryVulnerabilityCard';

function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function AdvisoryHeader({ advisory }: { advisory: AdvisoryDetail }) {
  return (
    <Stack gap={6}>
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to="/advisories" size="sm">
          Advisories
        </Anchor>
        <Text size="sm" c="dimmed">
          {advisory.id}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} size="h3" data-testid="advisory-title">
              {advisory.title}
            </Title>
            <TlpBadge label={advisory.tlp?.label} />
          </Group>
          <Group gap="md">
            <Text size="sm" c="dimmed" ff="monospace">
              {advisory.id}
            </Text>
            {advisory.publisher && (
              <Text size="sm" data-testid="advisory-publisher">
                {advisory.publisher.name}
                {advisory.publisher.category && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({humanise(advisory.publisher.category)})
                  </Text>
                )}
              </Text>
            )}
            <Badge variant="default" radius="sm" tt="none">
              {humanise(advisory.category)}
            </Badge>
            <SourceTag source={advisory.source} />
          </Group>
          {advisory.distributionText && (
            <Text size="xs" c="dimmed">
              {advisory.distributionText}
            </Text>
          )}
        </Stack>
        <Button
          component="a"
          href={advisory.documentUrl}
          download
          variant="default"
          leftSection={<DownloadIcon size={16} />}
          data-testid="advisory-download"
        >
          Download original
        </Button>
      </Group>
    </Stack>
  );
}

function Tracking({ advisory }: { advisory: AdvisoryDetail }) {
  const tracking = advisory.tracking;
  if (!tracking) return <Text size="sm" c="dimmed" p="md">No tracking information.</Text>;
  return (
    <Stack gap="xs" p="md" data-testid="advisory-tracking">
      <Table fz="sm" verticalSpacing={2} withRowBorders={false}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td c="dimmed" w={150}>Tracking ID</Table.Td>
            <Table.Td ff="monospace">{tracking.id}</Table.Td>
          </Table.Tr>
          {tracking.version && (
            <Table.Tr>
              <Table.Td c="dimmed">Version</Table.Td>
              <Table.Td>
                {tracking.version}
                {tracking.status && ` (${tracking.status})`}
              </Table.Td>
            </Table.Tr>
          )}
          {tracking.initialReleaseDate && (
            <Table.Tr>
              <Table.Td c="dimmed">First released</Table.Td>
              <Table.Td>{formatDay(tracking.initialReleaseDate)}</Table.Td>
            </Table.Tr>
          )}
          {tracking.currentReleaseDate && (
            <Table.Tr>
              <Table.Td c="dimmed">Current release</Table.Td>
              <Table.Td>{formatDay(tracking.currentReleaseDate)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {tracking.revisions.length > 0 && (
        <>
          <Group gap={6}>
            <HistoryIcon size={14} />
            <Text size="sm" fw={600}>
              Revision history
            </Text>
          </Group>
          <Table fz="xs" verticalSpacing={2} className="bw-thead" data-testid="advisory-revisions">
            <Table.Tbody>
              {tracking.revisions.map((revision) => (
                <Table.Tr key={`${revision.number}:${revision.date}`}>
                  <Table.Td w={50} ff="monospace">
                    {revision.number}
                  </Table.Td>
                  <Table.Td w={90}>{formatDay(revision.date)}</Table.Td>
                  <Table.Td>{revision.summary ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** What people read first (summary, description) leads; legal boilerplate goes last. */
const NOTE_ORDER = ['summary', 'description', 'details', 'general', 'faq', 'other', 'legal_disclaimer'];

function noteRank(category: string): number {
  const rank = NOTE_ORDER.indexOf(category);
  return rank === -1 ? NOTE_ORDER.length - 1.5 : rank;
}

function Notes({ advisory }: { advisory: AdvisoryDetail }) {
  if (advisory.notes.length === 0) return <Text size="sm" c="dimmed" p="md">No notes.</Text>;
  const ordered = [...advisory.notes].sort((a, b) => noteRank(a.category) - noteRank(b.category));
  return (
    <Stack gap="sm" p="md" data-testid="advisory-notes">
      {ordered.map((note, index) => (
        <div key={index}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {note.title ? `${note.title} · ${humanise(note.category)}` : humanise(note.category)}
          </Text>
          <Text size="sm" className="bw-prose">
            {note.text}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function AdvisoryReferences({ advisory }: { advisory: AdvisoryDetail }) {
  if (advisory.references.length === 0) return <Text size="sm" c="dimmed" p="md">No references.</Text>;
  return (
    <Stack gap={4} p="md">
      {advisory.references.map((reference, index) => (
        <div key={`${reference.url}:${index}`}>
          {isWebUrl(reference.url) ? (
            <Anchor href={reference.url} target="_blank" rel="noopener noreferrer" size="sm" className="bw-break">
              {reference.summary ?? reference.url}
            </Anchor>
          ) : (
            <Text size="sm" className="bw-break">
              {reference.summary ?? reference.url}
            </Text>
          )}
          {reference.category && (
            <Text span size="xs" c="dimmed" ml={6}>
              {reference.category}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="md" data-testid="advisory-loading">
      <Skeleton height={14} width={160} />
      <Skeleton height={28} width={420} />
      <Skeleton height={360} radius="md" />
    </Stack>
  );
}

export function AdvisoryDetailPage() {
  const { id = '' } = useParams();
  const { data: advisory, error, isPending, refetch } = useAdvisory(id);
  const names = useMemo(() => productNamer(advisory?.products ?? []), [advisory]);

  if (isPending) return <DetailSkeleton />;
  if (error) {
    if (error instanceof ApiError && error.isNotFound) {
      return (
        <EmptyView
          title="Advisory not found"
          description={`No imported advisory has the id ${id}.`}
          icon={<FileIcon size={28} />}
          action={
            <Button component={Link} to="/advisories" variant="light" leftSection={<ChevronLeftIcon size={16} />}>
              Back to advisories
            </Button>
          }
          testId="advisory-not-found"
        />
      );
    }
    return <ErrorAlert error={error} title="Could not load the advisory" onRetry={() => void refetch()} />;
  }

  return (
    <Stack gap="md" data-testid="advisory-detail">
      <AdvisoryHeader advisory={advisory} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="md">
            <Section title="Notes" icon={<FileIcon size={16} />}>
              <Notes advisory={advisory} />
            </Section>
            <Title order={3} size="h4">
              Vulnerabilities ({advisory.vulnerabilities.length})
            </Title>
            {advisory.vulnerabilities.map((vulnerability, index) => (
              <AdvisoryVulnerabilityCard key={`${vulnerability.id}:${index}`} vulnerability={vulnerability} names={names} />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Stack gap="md">
            <Section title="Tracking" icon={<HistoryIcon size={16} />}>
              <Tracking advisory={advisory} />
            </Section>
            <Section title="References">
              <AdvisoryReferences advisory={advisory} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
