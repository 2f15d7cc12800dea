/** Open findings per SSVC decision as four tiles; a click narrows the list to that decision (again: every decision). */
import { Group, Paper, Text, UnstyledButton } from '@mantine/core';
import type { ByDecision, SsvcDecision } from '../../api/riskTypes';
import { DECISIONS_URGENT_FIRST } from '../../api/riskTypes';
import { formatCount } from '../../lib/format';
import { decisionLook } from '../../lib/riskFormat';

export function DecisionCounts({
  counts,
  capped,
  selected,
  onSelect,
}: {
  counts: ByDecision | undefined;
  /** Counts stop at 1,000 per decision: shown as "1,000+". */
  capped: boolean;
  selected: readonly SsvcDecision[];
  onSelect: (decision: SsvcDecision) => void;
}) {
  return (
    <Group gap="sm" grow wrap="wrap" data-testid="decision-counts">
      {DECISIONS_URGENT_FIRST.map((d) => {
        const look = decisionLook(d);
        const value = counts?.[d];
        const active = selected.length === 0 || selected.includes(d);
        return (
          <UnstyledButton
            key={d}
            onClick={() => onSelect(d)}
            aria-pressed={selected.includes(d)}
            aria-label={`${d}: ${value ?? 'loading'} open findings. ${look.description}`}
            data-testid={`count-${d}`}
            data-value={value ?? ''}
            miw={150}
          >
            <Paper withBorder radius="md" p="sm" className="bw-decision-tile" data-color={look.color} data-active={active || undefined} data-selected={selected.includes(d) || undefined}>
              <Text size="xs" fw={700} tt="uppercase" c={look.color}>
                {d}
              </Text>
              <Text fz={26} fw={700} lh={1.1}>
                {value === undefined ? '–' : `${formatCount(value)}${capped && value >= 1000 ? '+' : ''}`}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {look.description}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}
