/** The deadlines (policy, BOD 26-04, KEV for reference), the scores with their sources, data problems and recommended actions of a finding. */
import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Deadline, FindingRisk } from '../../api/riskTypes';
import { formatDay, formatEpss, formatPercentile, remediationLabel } from '../../lib/intelFormat';
import { daysBetween, describeDaysLeft, todayUtc } from '../../lib/riskFormat';

function dueText(deadline: Deadline): string {
  if (deadline.kind === 'next-upgrade') return 'at the next system upgrade';
  if (deadline.kind === 'unknown' || !deadline.dueDate) return 'unknown (no date to start the clock from)';
  return `${formatDay(deadline.dueDate)} (${describeDaysLeft(daysBetween(todayUtc(), deadline.dueDate))})`;
}

function DeadlineFact({ title, deadline, governing, testId, extra }: { title: string; deadline: Deadline; governing: boolean; testId: string; extra?: string }) {
  return (
    <div className="bw-deadline" data-testid={testId} data-due={deadline.dueDate ?? ''} data-governing={governing || undefined}>
      <Group gap={6} mb={2}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {title}
        </Text>
        {governing && (
          <Badge size="xs" radius="sm" variant="light" color="blue" tt="none">
            governs
          </Badge>
        )}
        {deadline.forensicTriage && (
          <Badge size="xs" radius="sm" variant="light" color="red" tt="none">
            forensic triage
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={600} data-testid={`${testId}-due`}>
        {dueText(deadline)}
      </Text>
      {extra && (
        <Text size="xs" c="dimmed">
          {extra}
        </Text>
      )}
      <Text size="xs" c="dimmed" className="bw-break">
        {deadline.rule}
        {deadline.clockStart ? ` · clock from ${deadline.clockStart.from}, ${formatDay(deadline.clockStart.date)}` : ''}
      </Text>
      {deadline.notes.map((n) => (
        <Text key={n} size="xs" c="dimmed" className="bw-break">
          Note: {n}
        </Text>
      ))}
    </div>
  );
}

export function RiskDeadlines({ risk }: { risk: FindingRisk }) {
  const { bod, policy, mode } = risk.assessment;
  return (
    <div className="bw-deadlines" data-testid="risk-deadlines">
      <DeadlineFact title={`Policy (${risk.policy.name})`} deadline={policy} governing={mode === 'organisation'} testId="deadline-policy" />
      <DeadlineFact title="BOD 26-04" deadline={bod} governing={mode === 'bod-26-04'} testId="deadline-bod" extra={bod.cell} />
      <div className="bw-deadline" data-testid="deadline-kev" data-due={bod.kevDueDate ?? ''}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={2}>
          KEV due date (reference)
        </Text>
        <Text size="sm" fw={600}>
          {bod.kevDueDate ? formatDay(bod.kevDueDate) : 'not in KEV'}
        </Text>
        <Text size="xs" c="dimmed">
          BOD 22-01 date for federal agencies; shown for reference, it does not govern here.
        </Text>
      </div>
    </div>
  );
}

export function RiskScores({ risk }: { risk: FindingRisk }) {
  const { cvss, epss } = risk.scores;
  const others = cvss.all.filter((s) => s !== cvss.preferred && !(cvss.preferred && s.vector === cvss.preferred.vector && s.source.name === cvss.preferred.source.name));
  return (
    <Stack gap={6} data-testid="risk-scores">
      <Group gap={8} align="baseline">
        <Text size="sm" fw={600} w={60}>
          CVSS
        </Text>
        {cvss.preferred ? (
          <Text size="sm" data-testid="score-cvss" data-score={cvss.preferred.base}>
            <b>{cvss.preferred.base.toFixed(1)}</b> {cvss.preferred.severity.toLowerCase()} · CVSS {cvss.preferred.version} from {cvss.preferred.source.name} ({cvss.preferred.source.kind}){' '}
            <Text span size="xs" ff="monospace" c="dimmed" className="bw-break">
              {cvss.preferred.vector}
            </Text>
          </Text>
        ) : (
          <Text size="sm" c="dimmed" data-testid="score-cvss">
            no valid CVSS score (counted as 10 in the risk score)
          </Text>
        )}
      </Group>
      {others.map((s) => (
        <Text key={`${s.source.name}-${s.vector}`} size="xs" c="dimmed" pl={68} className="bw-break">
          also {s.base.toFixed(1)} (CVSS {s.version}) from {s.source.name} ({s.source.kind}) {s.vector}
        </Text>
      ))}
      <Text size="xs" c="dimmed" pl={68} className="bw-break">
        {cvss.rule}
      </Text>
      <Group gap={8} align="baseline">
        <Text size="sm" fw={600} w={60}>
          EPSS
        </Text>
        <Text size="sm" data-testid="score-epss">
          {epss ? `${formatEpss(epss.score)}${epss.percentile !== undefined ? ` (${formatPercentile(epss.percentile)} percentile)` : ''}${epss.date ? ` on ${formatDay(epss.date)}` : ''}${epss.modelVersion ? `, model ${epss.modelVersion}` : ''}` : 'no EPSS score (counted as 0)'}
        </Text>
      </Group>
      <Group gap={8} align="baseline" wrap="nowrap">
        <Text size="sm" fw={600} w={60} style={{ flex: 'none' }}>
          Risk
        </Text>
        <Text size="sm" className="bw-break" data-testid="score-risk" data-score={risk.assessment.risk.score}>
          <b>{risk.assessment.risk.score.toFixed(1)}</b>{' '}
          <Text span size="xs" c="dimmed">
            {risk.assessment.risk.text}
          </Text>
        </Text>
      </Group>
    </Stack>
  );
}

export function RiskProblems({ risk }: { risk: FindingRisk }) {
  if (risk.problems.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="risk-problems" data-count={0}>
        No data problems: every vector, score and date was readable and consistent.
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="risk-problems" data-count={risk.problems.length}>
      {risk.problems.map((p, i) => (
        <Group key={i} gap={6} wrap="nowrap" align="flex-start">
          <Badge size="xs" radius="sm" variant="light" color="yellow" tt="none" style={{ flex: 'none' }}>
            {p.code}
          </Badge>
          <Text size="xs" className="bw-break">
            {p.message}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

export function ExploitationEvidenceList({ risk }: { risk: FindingRisk }) {
  if (risk.exploitationEvidence.length === 0) return <Text size="sm" c="dimmed">No evidence of exploitation in the wild.</Text>;
  return (
    <Stack gap={2} data-testid="risk-exploitation">
      {risk.exploitationEvidence.map((e, i) => (
        <Text key={i} size="xs">
          <Badge size="xs" radius="sm" variant="light" color="red" tt="none" mr={6}>
            {e.kind}
          </Badge>
          {e.date ? formatDay(e.date) : 'undated'} · {e.source}
        </Text>
      ))}
    </Stack>
  );
}

export function RecommendedActions({ risk }: { risk: FindingRisk }) {
  const verdict = risk.firmwareVerdict;
  return (
    <Stack gap="xs" data-testid="risk-actions" data-count={risk.recommendedActions.length}>
      {risk.fixedVersion && (
        <Text size="sm" data-testid="risk-fixed-version">
          Fixed in <b>{risk.fixedVersion}</b>
          {risk.finding.asset?.firmware ? ` · the asset runs ${risk.finding.asset.firmware}` : ''}
          {verdict && (
            <Tooltip label={verdict.reason} withArrow>
              <Badge ml={6} size="xs" radius="sm" variant="light" tt="none" color={verdict.result === true ? 'green' : verdict.result === false ? 'red' : 'gray'}>
                {verdict.result === true ? 'reaches the fix' : verdict.result === false ? 'below the fix' : 'cannot compare'}
              </Badge>
            </Tooltip>
          )}
        </Text>
      )}
      {risk.recommendedActions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No advisory recommends an action for this product.
        </Text>
      ) : (
        risk.recommendedActions.map((a, i) => {
          const look = remediationLabel(a.category);
          return (
            <div key={i} className="bw-action" data-testid="risk-action" data-category={a.category}>
              <Group gap={6} mb={2}>
                <Badge size="sm" radius="sm" variant="light" color={look.color} tt="none">
                  {look.label}
                </Badge>
                {a.fixedVersion && (
                  <Text size="xs" c="dimmed">
                    fixed version {a.fixedVersion}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {a.advisories.join(', ')}
                </Text>
              </Group>
              {a.details && (
                <Text size="sm" className="bw-break bw-pre" lineClamp={6}>
                  {a.details}
                </Text>
              )}
              {a.url && (
                <Anchor href={a.url} target="_blank" rel="noreferrer" size="xs" className="bw-break">
                  {a.url}
                </Anchor>
              )}
            </div>
          );
        })
      )}
    </Stack>
  );
}
