/** One finding on the remediation board: decision, vulnerability, asset, owner and due date; draggable, with a "Move to" menu. */
import { ActionIcon, Anchor, Group, Menu, Paper, Text } from '@mantine/core';
import type { DragEvent } from 'react';
import { Link } from 'react-router';
import { findingPath } from '../../api/findingQueries';
import type { RemediationState } from '../../api/riskTypes';
import { DotsIcon } from '../../components/icons';
import { DecisionBadge } from '../../components/riskBadges';
import { formatDay } from '../../lib/intelFormat';
import type { BoardCard } from '../../lib/riskBoard';
import { planOverdue } from '../../lib/riskBoard';
import { formatRisk, stateLook, transitionVerb } from '../../lib/riskFormat';

export const DRAG_TYPE = 'application/x-bulwark-finding';

export function BoardCardView({
  card,
  moves,
  today,
  onMove,
  onDrag,
}: {
  card: BoardCard;
  moves: RemediationState[];
  today: string;
  onMove: (card: BoardCard, to: RemediationState) => void;
  onDrag: (card: BoardCard | null) => void;
}) {
  const late = planOverdue(card, today);
  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    event.dataTransfer.setData(DRAG_TYPE, card.findingId);
    event.dataTransfer.setData('text/plain', card.findingId);
    event.dataTransfer.effectAllowed = 'move';
    onDrag(card);
  };
  return (
    <Paper
      withBorder
      radius="sm"
      p={8}
      className="bw-board-card"
      draggable={moves.length > 0}
      onDragStart={onDragStart}
      onDragEnd={() => onDrag(null)}
      data-testid="board-card"
      data-finding-id={card.findingId}
      data-state={card.state}
      data-decision={card.decision ?? ''}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" mb={4}>
        <Group gap={6} wrap="nowrap">
          <DecisionBadge decision={card.decision} size="xs" />
          <Text size="xs" c="dimmed" title="risk score">
            {formatRisk(card.risk)}
          </Text>
        </Group>
        {moves.length > 0 && (
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${card.vulnerabilityId} on ${card.targetName}`} data-testid="board-card-menu">
                <DotsIcon size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to</Menu.Label>
              {moves.map((to) => (
                <Menu.Item key={to} onClick={() => onMove(card, to)} color={stateLook(to).color} data-testid={`board-move-${to}`}>
                  {transitionVerb(card.state, to)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Anchor component={Link} to={findingPath(card.findingId)} size="sm" fw={600} ff="monospace" className="bw-clip" data-testid="board-card-link">
        {card.vulnerabilityId}
      </Anchor>
      <Text size="xs" className="bw-clip" title={card.targetName}>
        {card.targetName}
        {card.siteName ? <Text span size="xs" c="dimmed">{` · ${card.siteName}`}</Text> : null}
      </Text>
      {(card.owner || card.dueDate) && (
        <Text size="xs" c={late ? 'red' : 'dimmed'} className="bw-clip" data-testid="board-card-plan" title={card.action ?? undefined}>
          {card.owner ?? 'no owner'}
          {card.dueDate ? ` · due ${formatDay(card.dueDate)}${late ? ' (late)' : ''}` : ''}
        </Text>
      )}
      {card.acceptedUntil && (
        <Text size="xs" c="dimmed">
          accepted until {formatDay(card.acceptedUntil)}
        </Text>
      )}
    </Paper>
  );
}
