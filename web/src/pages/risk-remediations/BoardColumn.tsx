/** One state's column of the board: its cards, its count, and a drop target for the states that may move into it. */
import { Badge, Group, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { useState, type DragEvent, type ReactNode } from 'react';
import type { RemediationState } from '../../api/riskTypes';
import { formatCount } from '../../lib/format';
import type { BoardCard } from '../../lib/riskBoard';
import { stateLook } from '../../lib/riskFormat';
import { BoardCardView, DRAG_TYPE } from './BoardCardView';

export function BoardColumn({
  state,
  cards,
  total,
  loading,
  footer,
  today,
  movesOf,
  dragging,
  onMove,
  onDrop,
  onDrag,
}: {
  state: RemediationState;
  cards: BoardCard[] | undefined;
  /** How many there are in all (more than the cards shown when the column is long). */
  total: number | undefined;
  loading: boolean;
  footer?: ReactNode;
  today: string;
  movesOf: (card: BoardCard) => RemediationState[];
  /** The card being dragged, to light up the columns it may go to. */
  dragging: BoardCard | null;
  onMove: (card: BoardCard, to: RemediationState) => void;
  onDrop: (findingId: string, to: RemediationState) => void;
  onDrag: (card: BoardCard | null) => void;
}) {
  const look = stateLook(state);
  const [over, setOver] = useState(false);
  const accepts = dragging !== null && dragging.state !== state && movesOf(dragging).includes(state);
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!accepts) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(true);
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    if (id && accepts) onDrop(id, state);
  };
  return (
    <div
      className="bw-board-column"
      data-color={look.color}
      data-accepts={accepts || undefined}
      data-over={over || undefined}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid={`board-column-${state}`}
      data-count={total ?? ''}
    >
      <Group justify="space-between" px={10} py={8} className="bw-board-head" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <span className="bw-board-dot" data-color={look.color} />
          <Text size="sm" fw={700}>
            {look.label}
          </Text>
        </Group>
        <Badge variant="light" color={look.color} radius="sm" data-testid={`board-count-${state}`}>
          {total === undefined ? '…' : formatCount(total)}
        </Badge>
      </Group>
      <ScrollArea.Autosize mah="calc(100dvh - 330px)" type="auto" scrollbars="y" offsetScrollbars="y">
        <Stack gap={6} p={8} mih={120}>
          {loading && !cards ? (
            <>
              <Skeleton height={76} />
              <Skeleton height={76} />
            </>
          ) : cards && cards.length > 0 ? (
            cards.map((card) => <BoardCardView key={card.findingId} card={card} moves={movesOf(card)} today={today} onMove={onMove} onDrag={onDrag} />)
          ) : (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {accepts ? 'Drop here' : 'Nothing here'}
            </Text>
          )}
          {footer}
        </Stack>
      </ScrollArea.Autosize>
    </div>
  );
}
