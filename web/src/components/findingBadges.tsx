import { Anchor, Badge, Group, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { FindingView, FindingVulnerability } from '../api/findingTypes';
import { sbomPath } from '../api/sbomQueries';
import { confidenceLook, statusLook } from '../lib/findingFormat';
import { SEVERITY_COLORS, formatScore, severityBand } from '../lib/intelFormat';
import { CpuIcon, PackageIcon } from './icons';
import { KevBadge } from './intelBadges';

export function FindingStatusBadge({ status, size = 'sm', decided }: { status: string; size?: 'xs' | 'sm' | 'md' | 'lg'; decided?: boolean }) {
  const look = statusLook(status);
  return (
    <Tooltip label={decided ? `${look.description} Set by a user decision.` : look.description} withArrow openDelay={300} multiline maw={320}>
      <Badge
        variant={status === 'affected' ? 'filled' : 'light'}
        color={look.color}
        radius="sm"
        size={size}
        tt="none"
        data-testid="finding-status"
        data-status={status}
        rightSection={decided ? <span aria-label="user decision">✓</span> : undefined}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}

export function ConfidenceBadge({ confidence, size = 'sm' }: { confidence: string; size?: 'xs' | 'sm' | 'md' }) {
  const look = confidenceLook(confidence);
  return (
    <Tooltip label={look.description} withArrow openDelay={300} multiline maw={320}>
      <Badge variant="outline" color={look.color} radius="sm" size={size} tt="none" data-testid="finding-confidence" data-confidence={confidence}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

/** A CVSS base score coloured by its severity (the finding lists carry score and severity, not the vector). */
export function CvssScoreBadge({ score, severity, size = 'sm' }: { score: number | null; severity: string | null; size?: 'xs' | 'sm' | 'md' }) {
  const band = severityBand(severity, score);
  const text = formatScore(score);
  if (!text) return null;
  return (
    <Badge
      variant={band === 'critical' || band === 'high' ? 'filled' : 'light'}
      color={band ? SEVERITY_COLORS[band] : 'gray'}
      radius="sm"
      size={size}
      miw={38}
      title={band ? `CVSS ${text} (${band})` : `CVSS ${text}`}
      data-testid="cvss-score"
      data-score={text}
    >
      {text}
    </Badge>
  );
}

export function FindingKevBadge({ vulnerability }: { vulnerability: Pick<FindingVulnerability, 'inKev' | 'kevDueDate'> }) {
  if (!vulnerability.inKev) return null;
  return <KevBadge kev={{ dueDate: vulnerability.kevDueDate, dateAdded: null, ransomware: 'unknown' }} />;
}

/** The asset (linked to its page) or the SBOM component (name, version, purl; linked to its SBOM). */
export function FindingTarget({ finding, compact = false }: { finding: Pick<FindingView, 'asset' | 'component'>; compact?: boolean }) {
  const { asset, component } = finding;
  if (component) {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" data-testid="finding-target" data-kind="component">
        <PackageIcon size={14} style={{ flex: 'none', marginTop: 3 }} />
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={sbomPath(component.sbomId)} size="sm" fw={600} className="bw-clip" title={component.purl ?? undefined}>
            {component.name}
            {component.version && (
              <Text span size="sm" c="dimmed" fw={400}>
                {' '}
                {component.version}
              </Text>
            )}
          </Anchor>
          {!compact && (component.purl || component.sbomName) && (
            <Text size="xs" c="dimmed" ff={component.purl ? 'monospace' : undefined} className="bw-clip" title={component.purl ?? component.sbomName ?? undefined}>
              {component.purl ?? `in ${component.sbomName}`}
            </Text>
          )}
        </div>
      </Group>
    );
  }
  if (asset) {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" data-testid="finding-target" data-kind="asset">
        <CpuIcon size={14} style={{ flex: 'none', marginTop: 3 }} />
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/assets/${encodeURIComponent(asset.id)}`} size="sm" fw={600} className="bw-clip" data-testid="finding-asset-link">
            {asset.name}
          </Anchor>
          {!compact && asset.externalId && (
            <Text size="xs" c="dimmed" className="bw-clip">
              {asset.externalId}
            </Text>
          )}
        </div>
      </Group>
    );
  }
  return null;
}
