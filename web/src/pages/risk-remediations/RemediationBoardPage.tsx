/**
 * The remediation board: a column per state (open, planned, mitigated, remediated, verified, risk
 * accepted). Moving a card — dragging it, or its "Move to" menu — is the state transition through
 * the API, after a dialog asks for what the API requires. Plans across a vulnerability on top.
 */
import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useBoardColumn, useRiskQueue } from '../../api/riskQueries';
import type { RemediationState } from '../../api/riskTypes';
import { REMEDIATION_STATES } from '../../api/riskTypes';
import { useAuth } from '../../auth/AuthContext';
import { PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/states';
import type { BoardCard } from '../../lib/riskBoard';
import { cardFromBoardItem, openColumn } from '../../lib/riskBoard';
import { allowedTransitions, todayUtc } from '../../lib/riskFormat';
import { defaultQueueQuery } from '../../lib/riskQuery';
import type { PlanSeed } from '../risk/PlanDialog';
import { PlanDialog } from '../risk/PlanDialog';
import { SiteSelect } from '../risk/QueueToolbar';
import { RiskTabs } from '../risk/RiskTabs';
import type { TransitionTarget } from '../risk/TransitionDialog';
import { TransitionDialog } from '../risk/TransitionDialog';
import { BoardColumn } from './BoardColumn';
import { PlansStrip } from './PlansStrip';

const COLUMN_LIMIT = 50;
const RECORDED_STATES = REMEDIATION_STATES.filter((s) => s !== 'open');

function useColumns(site: string | undefined, plan: string | undefined) {
  const filters = { site, plan };
  // One request per state; the Open column also takes the work queue's open findings, most urgent first.
  const open = useBoardColumn('open', filters, COLUMN_LIMIT);
  const planned = useBoardColumn('planned', filters, COLUMN_LIMIT);
  const mitigated = useBoardColumn('mitigated', filters, COLUMN_LIMIT);
  const remediated = useBoardColumn('remediated', filters, COLUMN_LIMIT);
  const verified = useBoardColumn('verified', filters, COLUMN_LIMIT);
  const accepted = useBoardColumn('risk-accepted', filters, COLUMN_LIMIT);
  const queue = useRiskQueue('queue', { ...defaultQueueQuery(), ...(site ? { site } : {}), pageSize: 100 });
  const recorded = { planned, mitigated, remediated, verified, 'risk-accepted': accepted } as const;
  const columns = new Map<RemediationState, { cards: BoardCard[] | undefined; total: number | undefined; loading: boolean; error: unknown }>();
  const openCards = open.data && queue.data ? openColumn(open.data.items, plan ? [] : queue.data.items) : undefined;
  columns.set('open', { cards: openCards, total: openCards?.length, loading: open.isPending || queue.isPending, error: open.error ?? queue.error });
  for (const state of RECORDED_STATES) {
    const q = recorded[state as keyof typeof recorded];
    const cards = q.data?.items.map(cardFromBoardItem);
    columns.set(state, { cards, total: q.data?.total, loading: q.isPending, error: q.error });
  }
  return { columns, queueTotal: queue.data?.total, queueShown: queue.data?.items.length ?? 0 };
}

export function RemediationBoardPage() {
  const [params, setParams] = useSearchParams();
  const site = params.get('site') ?? undefined;
  const plan = params.get('plan') ?? undefined;
  const setParam = (name: string, value: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const { can } = useAuth();
  const canWrite = can('write');
  const canApprove = can('approve');
  const today = todayUtc();
  const { columns, queueTotal, queueShown } = useColumns(site, plan);
  const [dragging, setDragging] = useState<BoardCard | null>(null);
  const [target, setTarget] = useState<TransitionTarget | null>(null);
  const [planSeed, setPlanSeed] = useState<PlanSeed | null>(null);

  const movesOf = useCallback((card: BoardCard) => allowedTransitions(card.state, { write: canWrite, approve: canApprove }).filter((to) => to !== card.state), [canWrite, canApprove]);
  const move = useCallback(
    (card: BoardCard, to: RemediationState) => {
      setDragging(null);
      setTarget({
        findingId: card.findingId,
        label: `${card.vulnerabilityId} on ${card.targetName}`,
        from: card.state,
        to,
        plan: card.owner && card.dueDate ? { owner: card.owner, dueDate: card.dueDate, action: card.action } : null,
        suggestedDue: card.deadline,
      });
    },
    [],
  );
  const drop = (findingId: string, to: RemediationState) => {
    for (const column of columns.values()) {
      const card = column.cards?.find((c) => c.findingId === findingId);
      if (card) return move(card, to);
    }
  };
  const firstError = [...columns.values()].find((c) => c.error)?.error;

  return (
    <Stack gap="sm" data-testid="remediation-board-page">
      <PageHeader
        title="Remediation board"
        subtitle="Drag a card, or use its menu, to move a finding; the dialog asks for what the change needs."
        actions={
          canWrite ? (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setPlanSeed({ ...(site ? { site } : {}) })} data-testid="plan-vulnerability">
              Plan a vulnerability
            </Button>
          ) : undefined
        }
      />
      <RiskTabs />
      <Group gap="sm">
        <SiteSelect value={site} onChange={(s) => setParam('site', s)} testId="board-site" />
        {plan && (
          <Anchor component="button" type="button" size="sm" onClick={() => setParam('plan', null)} data-testid="board-clear-plan">
            Show every plan
          </Anchor>
        )}
      </Group>
      <PlansStrip selected={plan} onSelect={(id) => setParam('plan', id)} />
      {firstError ? <ErrorAlert error={firstError} title="Part of the board could not be loaded" /> : null}
      <div className="bw-board" data-testid="remediation-board">
        {REMEDIATION_STATES.map((state) => {
          const column = columns.get(state)!;
          return (
            <BoardColumn
              key={state}
              state={state}
              cards={column.cards?.slice(0, state === 'open' ? 100 : COLUMN_LIMIT)}
              total={column.total}
              loading={column.loading}
              today={today}
              movesOf={movesOf}
              dragging={dragging}
              onMove={move}
              onDrop={drop}
              onDrag={setDragging}
              footer={
                state === 'open' && queueTotal !== undefined && queueTotal > queueShown ? (
                  <Text size="xs" c="dimmed" ta="center">
                    The {queueShown} most urgent of {queueTotal} open findings.{' '}
                    <Anchor component={Link} to="/risk" size="xs">
                      Work queue
                    </Anchor>
                  </Text>
                ) : column.total !== undefined && column.cards && column.total > column.cards.length ? (
                  <Text size="xs" c="dimmed" ta="center">
                    {column.total - column.cards.length} more, most recently changed shown
                  </Text>
                ) : null
              }
            />
          );
        })}
      </div>
      <TransitionDialog target={target} onClose={() => setTarget(null)} />
      <PlanDialog seed={planSeed} onClose={() => setPlanSeed(null)} />
    </Stack>
  );
}
