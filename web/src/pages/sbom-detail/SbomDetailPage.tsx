import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Menu, Progress, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSbom, useSbomAiComponents, useSbomComponents, useSbomVex } from '../../api/sbomQueries';
import type { ExportFormat, SbomComponentRow, SbomDetail, SbomQuality } from '../../api/sbomTypes';
import { AlertIcon, ChecklistIcon, ChevronDownIcon, ChevronLeftIcon, CpuIcon, DownloadIcon, FileIcon, PackageIcon, ShieldIcon } from '../../components/icons';
import { Section } from '../../components/Section';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime } from '../../lib/format';
import { humanise } from '../../lib/intelFormat';
import { componentQueryToUrl, formatRatio, parseComponentQuery, qualityColor, type ComponentQuery } from '../../lib/sbomQuery';
import { useUrlQuery } from '../../lib/useUrlQuery';
import { RecordTlpBadge, SharedWithYouNote } from '../../sharing/RecordTlp';
import { SharingSection } from '../../sharing/SharingSection';
import { AppliesTo, FormatBadge } from '../sboms/SbomsPage';
import { IssueList } from '../sboms/SbomImportModal';
import { ComponentTable } from './ComponentTable';

const EXPORTS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'cyclonedx-json', label: 'CycloneDX 1.6 JSON (with VEX)' },
  { format: 'cyclonedx-xml', label: 'CycloneDX 1.6 XML (with VEX)' },
  { format: 'spdx-json', label: 'SPDX 2.3 JSON' },
];

export function ExportMenu({ basePath, testId = 'sbom-export' }: { basePath: string; testId?: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<DownloadIcon size={16} />} rightSection={<ChevronDownIcon size={14} />} data-testid={testId}>
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {EXPORTS.map((e) => (
          <Menu.Item key={e.format} component="a" href={`${basePath}/export?format=${e.format}`} download data-testid={`${testId}-${e.format}`}>
            {e.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function Header({ sbom }: { sbom: SbomDetail }) {
  const tools = sbom.metadata.tools.map((t) => `${t.name}${t.version ? ` ${t.version}` : ''}`).join(', ');
  return (
    <Stack gap={6}>
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to="/sboms" size="sm">
          SBOMs
        </Anchor>
        <Text size="sm" c="dimmed" truncate maw={400}>
          {sbom.name}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm" align="center">
          <Title order={2} size="h3" data-testid="sbom-title">
            {sbom.name}
          </Title>
          <FormatBadge sbom={sbom} />
          <RecordTlpBadge kind="sbom" id={sbom.id} known={sbom.tlp} />
        </Group>
        <Group gap="xs">
          {sbom.documentKept && (
            <Button component="a" href={`/api/sboms/${encodeURIComponent(sbom.id)}/document`} download variant="subtle" leftSection={<FileIcon size={16} />} data-testid="sbom-original">
              Original
            </Button>
          )}
          {sbom.kind === 'sbom' && <ExportMenu basePath={`/api/sboms/${encodeURIComponent(sbom.id)}`} />}
        </Group>
      </Group>
      <Group gap="lg" fz="sm">
        <Group gap={4}>
          <Text size="sm" c="dimmed">
            Applies to
          </Text>
          <AppliesTo sbom={sbom} />
        </Group>
        {sbom.subject && (
          <Text size="sm" c="dimmed">
            Describes {sbom.subject.name}
            {sbom.subject.version ? ` ${sbom.subject.version}` : ''}
          </Text>
        )}
        {sbom.metadata.timestamp && (
          <Text size="sm" c="dimmed">
            Created {formatDateTime(sbom.metadata.timestamp)}
          </Text>
        )}
        {tools && (
          <Text size="sm" c="dimmed">
            By {tools}
          </Text>
        )}
        <Text size="sm" c="dimmed" title={formatDateTime(sbom.importedAt)}>
          Imported from {sbom.sourceName}
        </Text>
      </Group>
    </Stack>
  );
}

function QualityPanel({ quality, onMissing }: { quality: SbomQuality; onMissing: (element: string) => void }) {
  return (
    <Stack gap="xs" p="md" data-testid="sbom-quality">
      <Group gap="lg">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            NTIA minimum
          </Text>
          <Text fw={700} size="xl" c={qualityColor(quality.ntiaScore)} data-testid="sbom-ntia-score">
            {formatRatio(quality.ntiaScore)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            With CISA 2025
          </Text>
          <Text fw={700} size="xl" c={qualityColor(quality.cisaScore)} data-testid="sbom-cisa-score">
            {formatRatio(quality.cisaScore)}
          </Text>
        </div>
        <Text size="xs" c="dimmed">
          {formatCount(quality.gapCount)} of {formatCount(quality.componentCount)} components lack an element
        </Text>
      </Group>
      {quality.components.map((c) => (
        <UnstyledButton key={c.element} onClick={() => onMissing(c.element)} disabled={c.present === c.total} data-testid="quality-element" data-element={c.element} data-ratio={c.ratio}>
          <Group justify="space-between" gap={4}>
            <Text size="sm">
              {humanise(c.element)}{' '}
              <Text span size="xs" c="dimmed">
                {c.standard === 'ntia-2021' ? 'NTIA' : 'CISA'}
              </Text>
            </Text>
            <Text size="xs" c="dimmed">
              {formatCount(c.present)}/{formatCount(c.total)}
              {c.present < c.total ? ` · ${formatCount(c.total - c.present)} missing` : ''}
            </Text>
          </Group>
          <Progress value={c.ratio * 100} color={qualityColor(c.ratio)} size="sm" radius="sm" />
        </UnstyledButton>
      ))}
      <Table fz="sm" verticalSpacing={2} mt="xs">
        <Table.Tbody>
          {quality.document.map((d) => (
            <Table.Tr key={d.element} data-testid="quality-document-element" data-present={d.present}>
              <Table.Td w={24}>
                <Text c={d.present ? 'green' : 'red'} fw={700} aria-label={d.present ? 'present' : 'missing'}>
                  {d.present ? '✓' : '✗'}
                </Text>
              </Table.Td>
              <Table.Td>{humanise(d.element)}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" className="bw-clip" title={d.note}>
                  {d.note ?? (d.present ? '' : 'missing')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Licences({ quality, onLicense }: { quality: SbomQuality; onLicense: (license: string) => void }) {
  return (
    <Stack gap={4} p="md" data-testid="sbom-licenses">
      {quality.licenses.slice(0, 40).map((l) => (
        <UnstyledButton key={l.license} onClick={() => onLicense(l.license)} data-testid="sbom-license" data-license={l.license}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" className="bw-clip" c={l.license === '(none)' ? 'dimmed' : undefined}>
              {l.license === '(none)' ? 'No licence stated' : l.license}
            </Text>
            <Badge variant="default" radius="sm">
              {formatCount(l.count)}
            </Badge>
          </Group>
        </UnstyledButton>
      ))}
      {quality.licenses.length > 40 && (
        <Text size="xs" c="dimmed">
          and {quality.licenses.length - 40} more
        </Text>
      )}
    </Stack>
  );
}

/** A model card (CycloneDX ML-BOM) rendered as nested labelled values. */
function CardValue({ value, depth }: { value: unknown; depth: number }): ReactNode {
  if (value === null || value === undefined) return <Text span size="xs" c="dimmed">—</Text>;
  if (typeof value !== 'object') return <Text span size="xs">{String(value)}</Text>;
  if (depth > 4) return <Text span size="xs" c="dimmed">…</Text>;
  if (Array.isArray(value)) {
    return (
      <Stack gap={2}>
        {value.slice(0, 20).map((item, i) => (
          <div key={i} className="bw-card-item">
            <CardValue value={item} depth={depth + 1} />
          </div>
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      {Object.entries(value as Record<string, unknown>).map(([key, v]) => (
        <Group key={key} gap={6} align="flex-start" wrap="nowrap">
          <Text size="xs" fw={600} miw={110}>
            {humanise(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}
          </Text>
          <div style={{ minWidth: 0 }}>
            <CardValue value={v} depth={depth + 1} />
          </div>
        </Group>
      ))}
    </Stack>
  );
}

function AiComponents({ items }: { items: SbomComponentRow[] }) {
  return (
    <Stack gap="md" p="md" data-testid="sbom-ai">
      {items.map((c) => (
        <div key={c.idx} data-testid="ai-component" data-name={c.name}>
          <Group gap={6}>
            <Text fw={600} size="sm">
              {c.name}
              {c.version ? ` ${c.version}` : ''}
            </Text>
            <Badge size="xs" variant="light" color="violet" radius="sm" tt="none">
              {humanise(c.type)}
            </Badge>
          </Group>
          {c.modelCard ? (
            <div data-testid="model-card">
              <CardValue value={c.modelCard} depth={0} />
            </div>
          ) : (
            <Text size="xs" c="dimmed">
              No model card in the SBOM.
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

function VexPanel({ id }: { id: string }) {
  const vex = useSbomVex(id, true);
  if (vex.error) return <ErrorAlert error={vex.error} title="Could not load the VEX statements" />;
  if (!vex.data) return <Skeleton height={60} m="md" />;
  return (
    <Table fz="sm" verticalSpacing={4} data-testid="sbom-vex">
      <Table.Tbody>
        {vex.data.items.map((s, i) => (
          <Table.Tr key={i} data-testid="vex-statement">
            <Table.Td>
              <Text size="sm" fw={600}>
                {s.vulnerabilityId}
              </Text>
              <Text size="xs" c="dimmed" className="bw-clip" title={s.productRefs.join(', ')}>
                {s.productRefs.join(', ')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge size="sm" radius="sm" variant="light" color={s.status === 'affected' ? 'red' : s.status === 'not_affected' ? 'green' : s.status === 'fixed' ? 'blue' : 'gray'}>
                {humanise(s.status)}
              </Badge>
              {s.justification && (
                <Text size="xs" c="dimmed">
                  {humanise(s.justification)}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="md" data-testid="sbom-loading">
      <Skeleton height={14} width={160} />
      <Skeleton height={28} width={320} />
      <Skeleton height={360} radius="md" />
    </Stack>
  );
}

export function SbomDetailPage() {
  const { id = '' } = useParams();
  const sbom = useSbom(id);
  const [query, setQuery] = useUrlQuery(parseComponentQuery, componentQueryToUrl);
  const components = useSbomComponents(id, query);
  const ai = useSbomAiComponents(id, (sbom.data?.aiCount ?? 0) > 0);
  const filter = (patch: Partial<ComponentQuery>) => setQuery((current) => ({ pageSize: current.pageSize, page: 1, ...patch }));

  if (sbom.isPending) return <DetailSkeleton />;
  if (sbom.error) {
    if (sbom.error instanceof ApiError && sbom.error.isNotFound) {
      return (
        <EmptyView
          title="SBOM not found"
          description="It may have been deleted, or the link is wrong."
          icon={<PackageIcon size={28} />}
          action={
            <Button component={Link} to="/sboms" variant="light" leftSection={<ChevronLeftIcon size={16} />}>
              Back to SBOMs
            </Button>
          }
          testId="sbom-not-found"
        />
      );
    }
    return <ErrorAlert error={sbom.error} title="Could not load the SBOM" onRetry={() => void sbom.refetch()} />;
  }
  const s = sbom.data;
  return (
    <Stack gap="md" data-testid="sbom-detail">
      <Header sbom={s} />
      <SharedWithYouNote kind="sbom" label={s.tlp} owner={s.organisation.name} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="md">
            {s.kind === 'sbom' && (
              <Section
                title="Components"
                icon={<PackageIcon size={16} />}
                extra={
                  <Badge variant="default" radius="sm" data-testid="sbom-component-count">
                    {formatCount(s.componentCount)}
                  </Badge>
                }
                testId="sbom-components"
              >
                <ComponentTable
                  page={components.data}
                  error={components.error}
                  isFetching={components.isFetching}
                  isPlaceholderData={components.isPlaceholderData}
                  query={query}
                  setQuery={setQuery}
                  onRetry={() => void components.refetch()}
                />
              </Section>
            )}
            {s.vexCount > 0 && (
              <Section title="VEX statements" icon={<ShieldIcon size={16} />} extra={<Badge variant="default" radius="sm">{formatCount(s.vexCount)}</Badge>}>
                <VexPanel id={s.id} />
              </Section>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Stack gap="md">
            <SharingSection kind="sbom" id={s.id} />
            {s.quality && (
              <Section title="Quality" icon={<ChecklistIcon size={16} />}>
                <QualityPanel quality={s.quality} onMissing={(missing) => filter({ missing })} />
              </Section>
            )}
            {s.quality && s.quality.licenses.length > 0 && (
              <Section title="Licences" icon={<FileIcon size={16} />}>
                <Licences quality={s.quality} onLicense={(license) => filter({ license })} />
              </Section>
            )}
            {s.aiCount > 0 && (
              <Section title="AI components" icon={<CpuIcon size={16} />} extra={<Badge variant="light" color="violet" radius="sm">{formatCount(s.aiCount)}</Badge>}>
                {ai.data ? <AiComponents items={ai.data.items} /> : ai.error ? <ErrorAlert error={ai.error} /> : <Skeleton height={60} m="md" />}
              </Section>
            )}
            {s.issues.length > 0 && (
              <Section title="Issues found on import" icon={<AlertIcon size={16} />} extra={<Badge variant="light" color="yellow" radius="sm">{formatCount(s.issueCount)}</Badge>} testId="sbom-issues">
                <div style={{ padding: 'var(--mantine-spacing-md)' }}>
                  <IssueList issues={s.issues} />
                </div>
              </Section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
