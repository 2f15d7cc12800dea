import { Anchor, Group, Progress, Table, Text, Tooltip } from '@mantine/core';
import type { Provenance } from '../../api/types';
import { SourceKindBadge } from '../../components/badges';
import { formatConfidence, formatDateTime, formatRelative } from '../../lib/format';

export function confidenceColor(confidence: number): string {
  if (confidence >= 0.85) return 'teal';
  if (confidence >= 0.6) return 'yellow';
  return 'orange';
}

export function ConfidenceMeter({ confidence }: { confidence: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={confidence * 100} color={confidenceColor(confidence)} size={5} w={40} radius="xl" />
      <Text span size="xs" c="dimmed" ff="monospace">
        {formatConfidence(confidence)}
      </Text>
    </Group>
  );
}

/** Where one value came from: source kind and name (linking to its observation), when, and how sure. */
export function ProvenanceCells({ provenance }: { provenance: Provenance | undefined }) {
  if (!provenance) {
    return (
      <Table.Td colSpan={3}>
        <Text size="xs" c="dimmed">
          no provenance recorded
        </Text>
      </Table.Td>
    );
  }
  return (
    <>
      <Table.Td data-testid="provenance">
        <Group gap={6} wrap="nowrap">
          <SourceKindBadge sourceKind={provenance.sourceKind} />
          <Anchor href={`#observation-${provenance.observationId}`} size="xs" c="dimmed" truncate maw={150} title={provenance.sourceName} data-testid="provenance-source">
            {provenance.sourceName}
          </Anchor>
        </Group>
      </Table.Td>
      <Table.Td>
        <Tooltip label={formatDateTime(provenance.observedAt)} withArrow openDelay={300}>
          <Text span size="xs" c="dimmed" data-testid="provenance-observed">
            {formatRelative(provenance.observedAt)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <ConfidenceMeter confidence={provenance.confidence} />
      </Table.Td>
    </>
  );
}
