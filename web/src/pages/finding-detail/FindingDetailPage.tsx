import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useFinding } from '../../api/findingQueries';
import type { FindingView } from '../../api/findingTypes';
import { vulnerabilityPath } from '../../api/intelQueries';
import { useAsset } from '../../api/queries';
import { sbomPath } from '../../api/sbomQueries';
import { ConfidenceBadge, CvssScoreBadge, FindingKevBadge, FindingStatusBadge } from '../../components/findingBadges';
import { AlertIcon, BugIcon, ChevronLeftIcon, CpuIcon, FileIcon, HistoryIcon, PackageIcon, ShieldIcon } from '../../components/icons';
import { Can } from '../../auth/AuthContext';
import { Section } from '../../components/Section';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { statusLook, targetLabel } from '../../lib/findingFormat';
import { formatDay, formatEpss, humanise } from '../../lib/intelFormat';
import { RecordTlpBadge, SharedWithYouNote } from '../../sharing/RecordTlp';
import { SharingSection } from '../../sharing/SharingSection';
import { DecisionPanel } from './DecisionPanel';
import { EvidenceCard } from './EvidenceCard';
import { RemediationSection } from './RemediationPanel';
import { RiskSection } from './RiskSection';

function FindingHeader({ finding }: { finding: FindingView }) {
  const v = finding.vulnerability;
  return (
    <Stack gap={6}>
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to="/findings" size="sm">
          Findings
        </Anchor>
        <Text size="sm" c="dimmed" truncate maw={480}>
          {v.id} on {targetLabel(finding)}
        </Text>
      </Breadcrumbs>
      <Group gap="sm" align="center">
        <Title order={2} size="h3" data-testid="finding-title">
          <Anchor component={Link} to={vulnerabilityPath(v.id)} inherit ff="monospace" data-testid="finding-vuln-link">
            {v.id}
          </Anchor>{' '}
          <Text span inherit c="dimmed" fw={400}>
            on
          </Text>{' '}
          {finding.asset ? (
            <Anchor component={Link} to={`/assets/${encodeURIComponent(finding.asset.id)}`} inherit data-testid="finding-target-link">
              {finding.asset.name}
            </Anchor>
          ) : finding.component ? (
            <Anchor component={Link} to={sbomPath(finding.component.sbomId)} inherit data-testid="finding-target-link">
              {targetLabel(finding)}
            </Anchor>
          ) : null}
        </Title>
        <FindingStatusBadge status={finding.status} size="lg" decided={finding.userDecided} />
        <ConfidenceBadge confidence={finding.confidence} size="md" />
        {finding.resolvedAt && (
          <Badge variant="default" radius="sm" size="lg" tt="none" data-testid="finding-resolved">
            resolved
          </Badge>
        )}
        <RecordTlpBadge kind="finding" id={finding.id} known={finding.tlp} />
      </Group>
      <Group gap="md">
        {v.cvssScore !== null && (
          <Group gap={4}>
            <Text size="sm" c="dimmed">
              CVSS
            </Text>
            <CvssScoreBadge score={v.cvssScore} severity={v.cvssSeverity} />
          </Group>
        )}
        {v.epssScore !== null && (
          <Badge variant="light" color="blue" radius="sm" tt="none">
            EPSS {formatEpss(v.epssScore)}
          </Badge>
        )}
        <FindingKevBadge vulnerability={v} />
        {v.title && (
          <Text size="sm" fw={500}>
            {v.title}
          </Text>
        )}
        {v.aliases.length > 0 && (
          <Text size="sm" c="dimmed">
            Also known as {v.aliases.join(', ')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function WhySection({ finding }: { finding: FindingView }) {
  const look = statusLook(finding.status);
  return (
    <Section title="Why" icon={<ShieldIcon size={16} />} testId="finding-why">
      <Stack gap="xs" className="bw-section-body">
        {finding.resolvedAt && (
          <Alert color="gray" variant="light" title={`Resolved ${formatDateTime(finding.resolvedAt)}`} data-testid="finding-resolved-note">
            <Text size="sm">
              A later match no longer found this{finding.decision?.decision === 'reject' ? ' (a rule made from a rejection can do that)' : ''}. What follows is what
              the finding said when it was last seen.
            </Text>
          </Alert>
        )}
        <Alert color={look.color} variant="light" title={look.label} data-testid="finding-reason">
          <Text size="sm" className="bw-break">
            {finding.reason}
          </Text>
        </Alert>
        {finding.justification && (
          <Group gap={6} data-testid="finding-justification">
            <Text size="sm" c="dimmed">
              Justification
            </Text>
            <Badge variant="light" color="teal" radius="sm" tt="none">
              {humanise(finding.justification)}
            </Badge>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {look.description} The evidence below is listed with the deciding piece first.
        </Text>
      </Stack>
    </Section>
  );
}

function Timeline({ finding }: { finding: FindingView }) {
  const rows: Array<[string, string | null, string]> = [
    ['First seen', finding.firstSeen, 'finding-first-seen'],
    ['Last seen', finding.lastSeen, 'finding-last-seen'],
    ['Resolved', finding.resolvedAt, 'finding-resolved-at'],
  ];
  return (
    <dl className="bw-facts bw-section-body bw-facts-wide">
      {rows.map(([label, at, testId]) => (
        <div className="bw-fact" key={label} data-testid={testId}>
          <dt>{label}</dt>
          <dd title={at ? formatDateTime(at) : undefined}>
            {at ? `${formatDateTime(at)} (${formatRelative(at)})` : label === 'Resolved' ? 'still open' : '—'}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function AssetTargetFacts({ assetId, externalId }: { assetId: string; externalId: string | null }) {
  const asset = useAsset(assetId);
  if (asset.isPending) return <Skeleton height={48} />;
  if (!asset.data) return null;
  const a = asset.data;
  const facts: Array<[string, string | null]> = [
    ['Vendor', a.vendor],
    ['Model', a.model],
    ['Firmware', a.firmware],
    ['Site', a.site?.name ?? null],
    ['External id', externalId],
  ];
  return (
    <dl className="bw-facts bw-facts-wide" data-testid="finding-target-facts">
      {facts
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div className="bw-fact" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function TargetSection({ finding }: { finding: FindingView }) {
  const { asset, component } = finding;
  return (
    <Section title={asset ? 'Asset' : 'SBOM component'} icon={asset ? <CpuIcon size={16} /> : <PackageIcon size={16} />}>
      <Stack gap="xs" className="bw-section-body">
        {asset && (
          <>
            <Anchor component={Link} to={`/assets/${encodeURIComponent(asset.id)}?tab=findings`} fw={600} size="sm">
              {asset.name}
            </Anchor>
            <AssetTargetFacts assetId={asset.id} externalId={asset.externalId} />
          </>
        )}
        {component && (
          <dl className="bw-facts bw-facts-wide" data-testid="finding-target-facts">
            <div className="bw-fact">
              <dt>Name</dt>
              <dd>{component.name}</dd>
            </div>
            {component.version && (
              <div className="bw-fact">
                <dt>Version</dt>
                <dd>{component.version}</dd>
              </div>
            )}
            {component.purl && (
              <div className="bw-fact">
                <dt>purl</dt>
                <dd>{component.purl}</dd>
              </div>
            )}
            <div className="bw-fact">
              <dt>SBOM</dt>
              <dd>
                <Anchor component={Link} to={sbomPath(component.sbomId)} size="xs">
                  {component.sbomName ?? component.sbomId}
                </Anchor>
              </dd>
            </div>
          </dl>
        )}
      </Stack>
    </Section>
  );
}

function VulnerabilitySection({ finding }: { finding: FindingView }) {
  const v = finding.vulnerability;
  return (
    <Section title="Vulnerability" icon={<BugIcon size={16} />}>
      <Stack gap="xs" className="bw-section-body">
        <Anchor component={Link} to={vulnerabilityPath(v.id)} fw={600} size="sm" ff="monospace">
          {v.id}
        </Anchor>
        <dl className="bw-facts bw-facts-wide">
          <div className="bw-fact">
            <dt>CVSS</dt>
            <dd>{v.cvssScore !== null ? `${v.cvssScore.toFixed(1)}${v.cvssSeverity ? ` ${v.cvssSeverity.toLowerCase()}` : ''}` : 'not scored'}</dd>
          </div>
          <div className="bw-fact">
            <dt>EPSS</dt>
            <dd>{v.epssScore !== null ? formatEpss(v.epssScore) : 'no score'}</dd>
          </div>
          <div className="bw-fact">
            <dt>CISA KEV</dt>
            <dd>{v.inKev ? `yes${v.kevDueDate ? `, due ${formatDay(v.kevDueDate)}` : ''}` : 'no'}</dd>
          </div>
        </dl>
      </Stack>
    </Section>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="md" data-testid="finding-loading">
      <Skeleton height={14} width={160} />
      <Skeleton height={28} width={420} />
      <Skeleton height={14} width={320} />
      <Skeleton height={360} radius="md" />
    </Stack>
  );
}

export function FindingDetailPage() {
  const { id = '' } = useParams();
  const { data: finding, error, isPending, refetch } = useFinding(id);

  if (isPending) return <DetailSkeleton />;
  if (error) {
    if (error instanceof ApiError && error.isNotFound) {
      return (
        <EmptyView
          title="Finding not found"
          description="Its asset or component may have been removed, or the link is wrong."
          icon={<AlertIcon size={28} />}
          action={
            <Button component={Link} to="/findings" variant="light" leftSection={<ChevronLeftIcon size={16} />}>
              Back to findings
            </Button>
          }
          testId="finding-not-found"
        />
      );
    }
    return <ErrorAlert error={error} title="Could not load the finding" onRetry={() => void refetch()} />;
  }

  const evidence = finding.evidence ?? [];
  return (
    <Stack gap="md" data-testid="finding-detail" data-status={finding.status} data-resolved={finding.resolvedAt ? 'true' : undefined}>
      <FindingHeader finding={finding} />
      <SharedWithYouNote kind="finding" label={finding.tlp} owner={finding.organisation.name} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="md">
            <WhySection finding={finding} />
            {!finding.resolvedAt && <RiskSection findingId={finding.id} />}
            <Section
              title="Evidence"
              icon={<FileIcon size={16} />}
              extra={
                <Badge variant="default" radius="sm" data-testid="evidence-count">
                  {formatCount(evidence.length)}
                </Badge>
              }
              testId="finding-evidence"
            >
              <Stack gap="sm" className="bw-section-body">
                {evidence.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    The match recorded no evidence for this finding.
                  </Text>
                ) : (
                  evidence.map((e, i) => <EvidenceCard key={i} evidence={e} deciding={i === 0} />)
                )}
              </Stack>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Stack gap="md">
            {!finding.resolvedAt && <RemediationSection findingId={finding.id} />}
            <Can permission="approve">
              <Section title="Decision" icon={<ShieldIcon size={16} />} testId="finding-decision-section">
                <div className="bw-section-body">
                  <DecisionPanel finding={finding} />
                </div>
              </Section>
            </Can>
            <SharingSection kind="finding" id={finding.id} />
            <Section title="Timeline" icon={<HistoryIcon size={16} />}>
              <Timeline finding={finding} />
            </Section>
            <TargetSection finding={finding} />
            <VulnerabilitySection finding={finding} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
