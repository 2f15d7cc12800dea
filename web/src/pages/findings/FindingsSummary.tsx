import { Alert, Badge, Button, Checkbox, Group, Paper, Skeleton, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useMatchStatus, useRunMatch } from '../../api/findingQueries';
import type { FindingStatus, MatchStatus } from '../../api/findingTypes';
import { FINDING_STATUSES } from '../../api/findingTypes';
import { AlertIcon, RadarIcon } from '../../components/icons';
import { Can } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { describeMatchSummary, severityBuckets, statusLook } from '../../lib/findingFormat';
import { SEVERITY_COLORS, severityBand } from '../../lib/intelFormat';

function Stat({
  label,
  value,
  color,
  onClick,
  hint,
  testId,
}: {
  label: string;
  value: number;
  color?: string;
  onClick?: () => void;
  hint: string;
  testId: string;
}) {
  const content = (
    <Stack gap={0} className="bw-stat" data-testid={testId} data-value={value}>
      <Text size="xl" fw={700} lh={1.2} c={value > 0 ? color : 'dimmed'} ff="monospace">
        {formatCount(value)}
      </Text>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} className="bw-stat-label">
        {label}
      </Text>
    </Stack>
  );
  return (
    <Tooltip label={hint} withArrow openDelay={300} multiline maw={300}>
      {onClick ? (
        <UnstyledButton onClick={onClick} className="bw-stat-button" aria-label={`${label}: ${value}. ${hint}`}>
          {content}
        </UnstyledButton>
      ) : (
        content
      )}
    </Tooltip>
  );
}

function StatusStats({ status, onStatus, onKev }: { status: MatchStatus; onStatus: (s: FindingStatus) => void; onKev: () => void }) {
  const { open } = status;
  return (
    <Group gap="xl" wrap="wrap" align="flex-start">
      {FINDING_STATUSES.map((s) => (
        <Stat
          key={s}
          label={statusLook(s).label}
          value={open.byStatus[s] ?? 0}
          color={statusLook(s).color}
          onClick={() => onStatus(s)}
          hint={`${statusLook(s).description} Click to list them.`}
          testId={`summary-status-${s}`}
        />
      ))}
      <Stat
        label="Affected in KEV"
        value={open.kev}
        color="red"
        onClick={onKev}
        hint="Affected findings whose vulnerability CISA lists as known exploited. Click to list them."
        testId="summary-kev"
      />
      <Stat
        label="Affected targets"
        value={open.affectedTargets}
        color="red"
        hint="Assets and SBOM components with at least one affected finding."
        testId="summary-targets"
      />
    </Group>
  );
}

function SeverityBar({ bySeverity }: { bySeverity: Record<string, number> }) {
  const buckets = severityBuckets(bySeverity);
  if (buckets.length === 0) {
    return (
      <Text size="xs" c="dimmed" data-testid="summary-severity">
        No affected findings
      </Text>
    );
  }
  return (
    <Group gap={6} data-testid="summary-severity">
      <Text size="xs" c="dimmed">
        Affected by severity
      </Text>
      {buckets.map(([severity, n]) => {
        const band = severityBand(severity, null);
        return (
          <Badge
            key={severity}
            variant={band === 'critical' || band === 'high' ? 'filled' : 'light'}
            color={band ? SEVERITY_COLORS[band] : 'gray'}
            radius="sm"
            size="sm"
            data-testid={`summary-severity-${severity.toLowerCase()}`}
            data-value={n}
          >
            {severity.toLowerCase()} {formatCount(n)}
          </Badge>
        );
      })}
    </Group>
  );
}

/** Open findings over the whole estate, when the last match ran, and the button to run one. */
export function FindingsSummary({ onStatus, onKev }: { onStatus: (status: FindingStatus) => void; onKev: () => void }) {
  const status = useMatchStatus();
  const run = useRunMatch();
  const [full, setFull] = useState(false);

  return (
    <Paper withBorder radius="md" className="bw-panel" p="md" data-testid="findings-summary">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          {status.data ? (
            <StatusStats status={status.data} onStatus={onStatus} onKev={onKev} />
          ) : status.error ? (
            <ErrorAlert error={status.error} title="Could not load the match status" onRetry={() => void status.refetch()} />
          ) : (
            <Group gap="xl">
              {Array.from({ length: 7 }, (_, i) => (
                <Stack key={i} gap={4}>
                  <Skeleton height={22} width={40} />
                  <Skeleton height={10} width={80} />
                </Stack>
              ))}
            </Group>
          )}
          <Stack gap={6} align="flex-end">
            <Can permission="write">
              <Group gap="sm">
                <Checkbox
                  label="Full re-match"
                  checked={full}
                  onChange={(event) => setFull(event.currentTarget.checked)}
                  disabled={run.isPending}
                  data-testid="match-full"
                />
                <Button leftSection={<RadarIcon size={16} />} onClick={() => run.mutate({ full })} loading={run.isPending} data-testid="match-run">
                  Run match
                </Button>
              </Group>
            </Can>
            {status.data && (
              <Text size="xs" c="dimmed" data-testid="match-last-run" data-last-run={status.data.lastRun ?? undefined}>
                {status.data.lastRun ? (
                  <span title={formatDateTime(status.data.lastRun)}>Last match {formatRelative(status.data.lastRun)}</span>
                ) : (
                  'No match has run yet'
                )}
                {status.data.rules.length > 0 &&
                  ` · ${formatCount(status.data.rules.length)} ${status.data.rules.length === 1 ? 'rule' : 'rules'} from rejections`}
              </Text>
            )}
          </Stack>
        </Group>
        {status.data && <SeverityBar bySeverity={status.data.open.bySeverity} />}
        {run.data && !run.isPending && (
          <Alert
            color={run.data.issueCount > 0 ? 'yellow' : 'teal'}
            variant="light"
            withCloseButton
            onClose={() => run.reset()}
            title="Match complete"
            data-testid="match-result"
            data-mode={run.data.mode}
          >
            <Text size="sm">{describeMatchSummary(run.data)}</Text>
            {run.data.issueCount > 0 && (
              <>
                <Text size="sm" mt={4}>
                  {formatCount(run.data.issueCount)} {run.data.issueCount === 1 ? 'issue' : 'issues'} prevented matching some targets
                  {run.data.issues.length < run.data.issueCount ? `; the first ${run.data.issues.length}:` : ':'}
                </Text>
                <Stack gap={2} mt={4} className="bw-match-issues">
                  {run.data.issues.slice(0, 20).map((issue, i) => (
                    <Text key={i} size="xs" ff="monospace" className="bw-break">
                      {issue.code}: {issue.message}
                    </Text>
                  ))}
                </Stack>
              </>
            )}
          </Alert>
        )}
        {run.error && !run.isPending && (
          <Alert color="red" variant="light" icon={<AlertIcon />} title="The match failed" withCloseButton onClose={() => run.reset()} data-testid="match-error">
            <Text size="sm">{run.error.message}</Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
