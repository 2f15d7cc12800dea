/** The finding page's risk: the SSVC decision with its full rationale, both deadlines, scores, problems and recommended actions. */
import { Alert, Badge, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useFindingRisk } from '../../api/riskQueries';
import type { FindingRisk } from '../../api/riskTypes';
import { DeadlineBadge, DecisionBadge } from '../../components/riskBadges';
import { GaugeIcon } from '../../components/icons';
import { Section } from '../../components/Section';
import { ErrorAlert } from '../../components/states';
import { formatRelative } from '../../lib/format';
import { INPUT_LABELS, daysBetween, todayUtc } from '../../lib/riskFormat';
import { RationaleTable } from './RationaleTable';
import { ExploitationEvidenceList, RecommendedActions, RiskDeadlines, RiskProblems, RiskScores } from './RiskFacts';

function Sub({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function Summary({ risk }: { risk: FindingRisk }) {
  const a = risk.assessment;
  const governing = a.mode === 'bod-26-04' ? a.bod : a.policy;
  const outcome = a.ssvc.rationale[a.ssvc.rationale.length - 1] ?? '';
  return (
    <Stack gap={6}>
      <Group gap="sm" align="center">
        <DecisionBadge decision={risk.decision} size="lg" />
        <DeadlineBadge status={a.status} dueDate={governing.dueDate ?? null} daysLeft={governing.dueDate ? daysBetween(todayUtc(), governing.dueDate) : null} size="lg" />
        <Tooltip label={a.risk.text} withArrow multiline maw={420}>
          <Badge variant="default" radius="sm" size="lg" tt="none" data-testid="risk-score-badge">
            risk {a.risk.score.toFixed(1)}
          </Badge>
        </Tooltip>
      </Group>
      <Text size="sm" ff="monospace" className="bw-break" data-testid="risk-outcome">
        {outcome}
      </Text>
      {a.ssvc.unknown.length > 0 && (
        <Alert color="orange" variant="light" p="xs" title="Decided partly on assumptions" data-testid="risk-unknown">
          <Text size="xs">
            No source gave {a.ssvc.unknown.map((k) => INPUT_LABELS[k] ?? k).join(', ')}:{' '}
            {a.ssvc.unknown
              .map((k) => {
                const step = a.ssvc[k as 'exploitation'] ?? (k === 'exposure' ? a.exposure : undefined);
                return step ? `${INPUT_LABELS[k] ?? k} assumed ${step.used}` : k;
              })
              .join('; ')}
            {a.exposure.assumed && !a.ssvc.unknown.includes('exposure') ? `; Exposure assumed ${a.exposure.used}` : ''}. Set the asset's attributes or an override to decide on facts.
          </Text>
        </Alert>
      )}
      {risk.stored && risk.stored.decision !== risk.decision && (
        <Text size="xs" c="dimmed" data-testid="risk-stale">
          The work queue still shows {risk.stored.decision} (computed {formatRelative(risk.stored.computedAt)}); the next recompute moves it.
        </Text>
      )}
    </Stack>
  );
}

export function RiskSection({ findingId }: { findingId: string }) {
  const risk = useFindingRisk(findingId);
  return (
    <Section
      title="Risk"
      icon={<GaugeIcon size={16} />}
      testId="finding-risk"
      extra={
        <Text component={Link} to="/risk" size="xs" c="blue">
          Work queue
        </Text>
      }
    >
      <div className="bw-section-body" data-decision={risk.data?.decision} data-testid="finding-risk-body">
        {risk.isPending ? (
          <Skeleton height={220} />
        ) : risk.error ? (
          risk.error instanceof ApiError && risk.error.isNotFound ? (
            <Text size="sm" c="dimmed">
              No risk assessment: the finding is resolved or not visible to you.
            </Text>
          ) : (
            <ErrorAlert error={risk.error} title="Could not load the risk assessment" onRetry={() => void risk.refetch()} />
          )
        ) : (
          <Stack gap="md">
            <Summary risk={risk.data} />
            <Sub title={`SSVC rationale (${risk.data.assessment.ssvc.table})`}>
              <div className="bw-table-x">
                <RationaleTable risk={risk.data} />
              </div>
            </Sub>
            <Sub title="Deadlines">
              <RiskDeadlines risk={risk.data} />
            </Sub>
            <Sub title="Scores and their sources">
              <RiskScores risk={risk.data} />
            </Sub>
            <Sub title="Exploitation evidence">
              <ExploitationEvidenceList risk={risk.data} />
            </Sub>
            <Sub title="Data problems">
              <RiskProblems risk={risk.data} />
            </Sub>
            <Sub title="Recommended actions (from advisories)">
              <RecommendedActions risk={risk.data} />
            </Sub>
          </Stack>
        )}
      </div>
    </Section>
  );
}
