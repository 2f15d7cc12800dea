import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { CvssSummary, EpssSummary, IntelSource, KevSummary } from '../api/intelTypes';
import {
  SEVERITY_COLORS, exploitationColor, formatDay, formatEpss, formatPercentile, formatScore, isOverdue, severityBand,
} from '../lib/intelFormat';

/** What a CVSS badge shows: a vulnerability's headline score, or one metric of a record (which may lack score and severity). */
type CvssBadgeScore = Pick<CvssSummary, 'version' | 'vector'> & { baseScore: number | null; severity: string | null; assessor?: string | null };

/** A CVSS base score coloured by severity, with the version; the vector and assessor on hover. */
export function CvssBadge({ cvss, size = 'sm' }: { cvss: CvssBadgeScore; size?: 'xs' | 'sm' | 'md' }) {
  const band = severityBand(cvss.severity, cvss.baseScore);
  const color = band ? SEVERITY_COLORS[band] : 'gray';
  const score = formatScore(cvss.baseScore);
  return (
    <Tooltip
      label={
        <>
          <Text size="xs" ff="monospace">
            {cvss.vector}
          </Text>
          {cvss.assessor && <Text size="xs">Assessed by {cvss.assessor}</Text>}
        </>
      }
      withArrow
      openDelay={300}
      multiline
      maw={420}
    >
      <Group gap={4} wrap="nowrap" data-testid="cvss-badge" data-score={score || undefined} data-severity={band ?? undefined}>
        <Badge
          variant={band === 'critical' || band === 'high' ? 'filled' : 'light'}
          color={color}
          radius="sm"
          size={size}
          miw={38}
        >
          {score || '?'}
        </Badge>
        <Text span size="xs" c="dimmed" tt="lowercase">
          v{cvss.version}
          {band ? ` · ${band}` : ''}
        </Text>
      </Group>
    </Tooltip>
  );
}

export function EpssValue({ epss }: { epss: Pick<EpssSummary, 'score' | 'percentile'> & { date?: string | null } }) {
  return (
    <Tooltip label={epss.date ? `Scored ${formatDay(epss.date)}` : 'EPSS score'} withArrow openDelay={300}>
      <div data-testid="epss-value" data-score={epss.score}>
        <Text span size="sm" fw={600} ff="monospace">
          {formatEpss(epss.score)}
        </Text>
        {epss.percentile !== null && (
          <Text size="xs" c="dimmed" lh={1.2}>
            {formatPercentile(epss.percentile)}
          </Text>
        )}
      </div>
    </Tooltip>
  );
}

/** "KEV" with the CISA due date; red once the due date has passed. */
export function KevBadge({ kev }: { kev: Pick<KevSummary, 'dueDate' | 'dateAdded' | 'ransomware'> }) {
  const overdue = isOverdue(kev.dueDate);
  const label = [
    kev.dateAdded && `Added to KEV ${formatDay(kev.dateAdded)}`,
    kev.dueDate && `due ${formatDay(kev.dueDate)}`,
    kev.ransomware === 'known' && 'known ransomware use',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip label={label || 'Known exploited (CISA KEV)'} withArrow openDelay={300}>
      <Group gap={4} wrap="nowrap" data-testid="kev-badge">
        <Badge color="red" variant="filled" radius="sm" size="sm">
          KEV
        </Badge>
        {kev.dueDate && (
          <Text span size="xs" c={overdue ? 'red' : 'dimmed'} data-testid="kev-due">
            due {formatDay(kev.dueDate)}
          </Text>
        )}
      </Group>
    </Tooltip>
  );
}

export function ExploitationBadge({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return (
    <Badge variant="light" color={exploitationColor(value)} radius="sm" size="sm" tt="none" data-testid="ssvc-exploitation">
      {value}
    </Badge>
  );
}

/** Who said it: the source kind, and the provider inside it when known (NVD, CISA-ADP, a CSAF publisher). */
export function SourceTag({ source }: { source: IntelSource | undefined }) {
  if (!source) return null;
  const title = [source.document, source.pointer].filter(Boolean).join(' ');
  return (
    <Badge variant="outline" color="gray" radius="sm" size="xs" tt="none" title={title || undefined} data-testid="source-tag">
      {source.provider ? `${source.provider} · ${source.kind}` : source.kind}
    </Badge>
  );
}
