import { Group, Stack, Text, Timeline, Tooltip } from '@mantine/core';
import type { Observation } from '../../api/types';
import { SourceKindBadge } from '../../components/badges';
import { attributeLabel, formatDateTime, formatRelative } from '../../lib/format';
import { ConfidenceMeter } from './ProvenanceCells';

/** Renders one stated fact value, whatever shape the source gave it. */
export function factText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(factText).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${factText(v)}`)
      .join(', ');
  }
  return String(value);
}

function Facts({ facts }: { facts: Observation['facts'] }) {
  const entries = Object.entries(facts).filter(([, value]) => factText(value) !== '');
  if (entries.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No facts stated.
      </Text>
    );
  }
  return (
    <dl className="bw-facts" data-testid="observation-facts">
      {entries.map(([key, value]) => (
        <div key={key} className="bw-fact">
          <dt>{attributeLabel(key)}</dt>
          <dd>{factText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every observation of the asset, newest first, with the facts each source stated. */
export function ObservationHistory({ observations }: { observations: Observation[] }) {
  if (observations.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No observations recorded.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={0} data-testid="observation-history">
      {observations.map((observation) => (
        <Timeline.Item
          key={observation.id}
          id={`observation-${observation.id}`}
          className="bw-observation"
          data-testid="observation"
          title={
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" miw={0}>
                <SourceKindBadge sourceKind={observation.sourceKind} />
                <Text size="sm" fw={600} truncate>
                  {observation.sourceName}
                </Text>
              </Group>
              <ConfidenceMeter confidence={observation.confidence} />
            </Group>
          }
        >
          <Stack gap={6}>
            <Tooltip label={formatRelative(observation.observedAt)} withArrow openDelay={300}>
              <Text size="xs" c="dimmed" w="fit-content">
                {formatDateTime(observation.observedAt)}
              </Text>
            </Tooltip>
            <Facts facts={observation.facts} />
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
