/**
 * A finding's remediation: its state, plan, acceptance or verification, the history, and the
 * transitions this user may make (changes need `write`, a risk acceptance `approve`).
 */
import { Button, Group, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useFindingRisk } from '../../api/riskQueries';
import type { FindingRisk, RemediationState } from '../../api/riskTypes';
import { useAuth } from '../../auth/AuthContext';
import { ShieldCheckIcon } from '../../components/icons';
import { StateBadge } from '../../components/riskBadges';
import { Section } from '../../components/Section';
import { formatDateTime, formatRelative } from '../../lib/format';
import { formatDay } from '../../lib/intelFormat';
import { allowedTransitions, stateLook, transitionVerb } from '../../lib/riskFormat';
import type { TransitionTarget } from '../risk/TransitionDialog';
import { TransitionDialog } from '../risk/TransitionDialog';

function Facts({ rows }: { rows: Array<[string, string | null | undefined, string?]> }) {
  return (
    <dl className="bw-facts bw-facts-wide">
      {rows
        .filter(([, v]) => v)
        .map(([label, value, testId]) => (
          <div className="bw-fact" key={label} data-testid={testId}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

export function RemediationPanel({ risk }: { risk: FindingRisk }) {
  const { can } = useAuth();
  const [target, setTarget] = useState<TransitionTarget | null>(null);
  const r = risk.remediation;
  const state = r.state;
  const label = `${risk.finding.vulnerability.id} on ${risk.finding.target.name}`;
  const transitions = allowedTransitions(state, { write: can('write'), approve: can('approve') });
  const open = (to: RemediationState) =>
    setTarget({ findingId: risk.finding.id, label, from: state, to, plan: r.plan, suggestedDue: risk.assessment.mode === 'bod-26-04' ? risk.assessment.bod.dueDate : risk.assessment.policy.dueDate });
  return (
    <Stack gap="sm" className="bw-section-body" data-testid="remediation-panel" data-state={state}>
      <Group gap={8}>
        <StateBadge state={state} size="lg" />
        <Text size="xs" c="dimmed" title={formatDateTime(r.since)}>
          since {formatRelative(r.since)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {stateLook(state).description}
      </Text>
      <Facts
        rows={[
          ['Owner', r.plan?.owner, 'remediation-owner'],
          ['Due', r.plan ? formatDay(r.plan.dueDate) : null, 'remediation-due'],
          ['Action', r.plan?.action],
          ['Plan', r.planId ? 'part of a plan' : null],
          ['Accepted by', r.acceptance?.approver, 'remediation-approver'],
          ['Until', r.acceptance ? formatDay(r.acceptance.expiresAt) : null, 'remediation-expiry'],
          ['Why', r.acceptance?.reason],
          ['In place', r.firstActionAt ? formatDateTime(r.firstActionAt) : null],
          ['Verified', r.verification ? `${formatDateTime(r.verification.at)} by ${r.verification.by}${r.verification.observedVersion ? ` (saw ${r.verification.observedVersion}, fix ${r.verification.fixedVersion ?? '?'})` : ''}` : null],
        ]}
      />
      {transitions.length > 0 && (
        <Group gap={6} data-testid="remediation-actions">
          {transitions.map((to) => (
            <Button
              key={to}
              size="xs"
              variant={to === 'planned' && state === 'open' ? 'filled' : 'light'}
              color={stateLook(to).color}
              onClick={() => open(to)}
              data-testid={`remediation-to-${to}`}
            >
              {transitionVerb(state, to)}
            </Button>
          ))}
        </Group>
      )}
      {r.history.length > 0 && (
        <Timeline bulletSize={12} lineWidth={2} active={r.history.length} data-testid="remediation-history">
          {[...r.history].reverse().map((h, i) => (
            <Timeline.Item key={i} color={stateLook(h.to).color} title={<Text size="xs" fw={600}>{`${stateLook(h.from).label} → ${stateLook(h.to).label}`}</Text>}>
              <Text size="xs" c="dimmed" title={formatDateTime(h.at)}>
                {formatRelative(h.at)} by {h.by}
              </Text>
              {h.note && (
                <Text size="xs" className="bw-break">
                  {h.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {r.evidence.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            Evidence
          </Text>
          {r.evidence.map((e, i) => (
            <Text key={i} size="xs" className="bw-break">
              {formatDay(e.at)} {e.by}: {e.text}
              {e.url ? ` (${e.url})` : ''}
            </Text>
          ))}
        </Stack>
      )}
      <TransitionDialog target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}

/** The finding page's remediation section (shares the risk answer with the Risk section). */
export function RemediationSection({ findingId }: { findingId: string }) {
  const risk = useFindingRisk(findingId);
  if (risk.error) return null;
  return (
    <Section title="Remediation" icon={<ShieldCheckIcon size={16} />} testId="finding-remediation">
      {risk.data ? <RemediationPanel risk={risk.data} /> : <Skeleton height={120} m="md" width="auto" />}
    </Section>
  );
}
