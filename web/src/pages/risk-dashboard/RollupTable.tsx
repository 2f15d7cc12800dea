/** Risk per organisation, site, zone or asset, worst first, with the counts per decision and the formula with its numbers. */
import { Anchor, Group, Progress, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { findingPath } from '../../api/findingQueries';
import type { RollupItem } from '../../api/riskTypes';
import { DECISIONS_URGENT_FIRST } from '../../api/riskTypes';
import { SkeletonRows } from '../../components/ListTable';
import { formatCount } from '../../lib/format';
import { decisionLook } from '../../lib/riskFormat';

export function RollupTable({ items, loading }: { items: RollupItem[] | undefined; loading: boolean }) {
  return (
    <div className="bw-table-x">
      <Table verticalSpacing={6} className="bw-thead" miw={760} data-testid="rollup-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Group</Table.Th>
            <Table.Th w={200}>Risk</Table.Th>
            <Table.Th w={80} ta="right">
              Findings
            </Table.Th>
            {DECISIONS_URGENT_FIRST.map((d) => (
              <Table.Th key={d} w={72} ta="right">
                <Text span size="xs" fw={700} c={decisionLook(d).color}>
                  {d}
                </Text>
              </Table.Th>
            ))}
            <Table.Th w={110}>Worst finding</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading && !items ? (
            <SkeletonRows count={4} columns={8} />
          ) : (
            items?.map((r) => (
              <Table.Tr key={r.groupId} data-testid="rollup-row" data-group-id={r.groupId} data-score={r.score} data-findings={r.findings} data-act={r.byDecision.Act} data-attend={r.byDecision.Attend}>
                <Table.Td>
                  <Text size="sm" fw={500} className="bw-clip" title={r.name}>
                    {r.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={r.text} withArrow multiline maw={420}>
                    <Group gap={8} wrap="nowrap">
                      <Text size="sm" fw={700} w={40} data-testid="rollup-score">
                        {r.score.toFixed(1)}
                      </Text>
                      <Progress value={r.score} color={r.score >= 75 ? 'red' : r.score >= 50 ? 'orange' : r.score >= 25 ? 'yellow' : 'gray'} size="sm" w={120} radius="sm" />
                    </Group>
                  </Tooltip>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatCount(r.findings)}</Text>
                </Table.Td>
                {DECISIONS_URGENT_FIRST.map((d) => (
                  <Table.Td key={d} ta="right">
                    <Text size="sm" c={r.byDecision[d] > 0 ? undefined : 'dimmed'} fw={r.byDecision[d] > 0 && (d === 'Act' || d === 'Attend') ? 700 : 400}>
                      {formatCount(r.byDecision[d])}
                    </Text>
                  </Table.Td>
                ))}
                <Table.Td>
                  {r.worstFindingId ? (
                    <Anchor component={Link} to={findingPath(r.worstFindingId)} size="xs">
                      open it
                    </Anchor>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
