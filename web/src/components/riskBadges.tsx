/** Badges of the risk pages: the SSVC decision, the remediation state and the deadline, coloured the same everywhere. */
import { Badge, Tooltip } from '@mantine/core';
import { decisionLook, deadlineLook, describeDaysLeft, stateLook } from '../lib/riskFormat';
import { formatDay } from '../lib/intelFormat';

type Size = 'xs' | 'sm' | 'md' | 'lg';

export function DecisionBadge({ decision, size = 'sm' }: { decision: string | null | undefined; size?: Size }) {
  const look = decisionLook(decision);
  return (
    <Tooltip label={`SSVC ${look.label}: ${look.description}`} withArrow openDelay={300} multiline maw={320}>
      <Badge
        variant={decision === 'Act' || decision === 'Attend' ? 'filled' : 'light'}
        color={look.color}
        radius="sm"
        size={size}
        tt="none"
        miw={size === 'lg' ? 72 : 56}
        data-testid="decision-badge"
        data-decision={decision ?? ''}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}

export function StateBadge({ state, size = 'sm' }: { state: string; size?: Size }) {
  const look = stateLook(state);
  return (
    <Tooltip label={look.description} withArrow openDelay={300} multiline maw={320}>
      <Badge variant="light" color={look.color} radius="sm" size={size} tt="none" data-testid="state-badge" data-state={state}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

/** Where a finding stands against its governing deadline: the status, with the due date and days left on hover. */
export function DeadlineBadge({ status, dueDate, daysLeft, size = 'sm' }: { status: string; dueDate: string | null; daysLeft: number | null; size?: Size }) {
  const look = deadlineLook(status);
  const when = dueDate ? `${formatDay(dueDate)} — ${describeDaysLeft(daysLeft)}` : describeDaysLeft(null);
  return (
    <Tooltip label={`${look.description} ${when}`} withArrow openDelay={300} multiline maw={320}>
      <Badge variant={status === 'overdue' ? 'filled' : 'light'} color={look.color} radius="sm" size={size} tt="none" data-testid="deadline-badge" data-status={status}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
