/** Remediation plans (one vulnerability across many assets, or a set of findings) with their progress; a click narrows the board to a plan. */
import { Badge, Group, Paper, Progress, ScrollArea, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { usePlans } from '../../api/riskQueries';
import { formatCount } from '../../lib/format';
import { formatDay } from '../../lib/intelFormat';
import { planDone, planProgress } from '../../lib/riskBoard';
import { stateLook, todayUtc } from '../../lib/riskFormat';

export function PlansStrip({ selected, onSelect }: { selected: string | undefined; onSelect: (planId: string | undefined) => void }) {
  const plans = usePlans();
  const items = plans.data?.items ?? [];
  if (items.length === 0) return null;
  const today = todayUtc();
  return (
    <ScrollArea type="auto" offsetScrollbars data-testid="plans-strip">
      <Group gap="sm" wrap="nowrap" pb={4}>
        {items.map((plan) => {
          const active = selected === plan.id;
          const late = plan.dueDate.slice(0, 10) < today && planDone(plan) < 1;
          return (
            <UnstyledButton key={plan.id} onClick={() => onSelect(active ? undefined : plan.id)} aria-pressed={active} data-testid="plan-card" data-plan-id={plan.id}>
              <Paper withBorder radius="md" p="xs" w={250} className="bw-plan-card" data-active={active || undefined}>
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <Text size="sm" fw={600} className="bw-clip" title={plan.title}>
                    {plan.title}
                  </Text>
                  <Badge size="xs" radius="sm" variant="light" color="gray">
                    {formatCount(plan.findings)}
                  </Badge>
                </Group>
                <Text size="xs" c={late ? 'red' : 'dimmed'} className="bw-clip">
                  {plan.owner} · due {formatDay(plan.dueDate)}
                  {late ? ' (late)' : ''}
                </Text>
                <Progress.Root size={8} mt={6} radius="sm">
                  {planProgress(plan).map((p) => (
                    <Tooltip key={p.state} label={`${stateLook(p.state).label}: ${p.count}`} withArrow>
                      <Progress.Section value={p.percent} color={stateLook(p.state).color} />
                    </Tooltip>
                  ))}
                </Progress.Root>
              </Paper>
            </UnstyledButton>
          );
        })}
      </Group>
    </ScrollArea>
  );
}
