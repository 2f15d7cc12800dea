/** Recompute decisions, deadlines and rollups now (the server also does it daily and after each match). */
import { Button, Tooltip } from '@mantine/core';
import { useRecompute } from '../../api/riskQueries';
import { Can } from '../../auth/AuthContext';
import { HistoryIcon } from '../../components/icons';

export function RecomputeButton() {
  const recompute = useRecompute();
  return (
    <Can permission="write">
      <Tooltip label={recompute.error ? `Recompute failed: ${recompute.error.message}` : 'Recompute every open finding now (the server does it daily and after each match)'} withArrow multiline maw={300}>
        <Button
          variant="light"
          size="sm"
          leftSection={<HistoryIcon size={16} />}
          loading={recompute.isPending}
          color={recompute.error ? 'red' : undefined}
          onClick={() => recompute.mutate()}
          data-testid="risk-recompute"
        >
          Recompute
        </Button>
      </Tooltip>
    </Can>
  );
}
