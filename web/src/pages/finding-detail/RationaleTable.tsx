/** The SSVC rationale: every input with what the data said, the value used, the rule and the source; assumptions and overrides named. */
import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { FindingRisk } from '../../api/riskTypes';
import { exploitationColor } from '../../lib/intelFormat';
import { rationaleRows } from '../../lib/riskFormat';

export function RationaleTable({ risk }: { risk: FindingRisk }) {
  const rows = rationaleRows(risk.assessment.ssvc, risk.assessment.exposure);
  return (
    <Table verticalSpacing={6} className="bw-thead bw-rationale" layout="fixed" data-testid="risk-rationale">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={150}>Input</Table.Th>
          <Table.Th w={150}>Value</Table.Th>
          <Table.Th>Rule</Table.Th>
          <Table.Th w={200}>Source</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key} data-testid="rationale-row" data-input={r.key} data-used={r.used} data-value={r.value} data-assumed={r.assumed || undefined}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {r.label}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Badge variant="light" radius="sm" tt="none" color={r.key === 'exploitation' ? exploitationColor(r.used) : r.assumed ? 'orange' : 'blue'} data-testid="rationale-used">
                  {r.used}
                </Badge>
                {r.assumed && (
                  <Tooltip label={`No source gave a value: ${r.label} is unknown and the decision assumed ${r.used}.`} withArrow multiline maw={300}>
                    <Badge variant="outline" color="orange" radius="sm" size="xs" tt="none" data-testid="rationale-assumed">
                      unknown → assumed
                    </Badge>
                  </Tooltip>
                )}
                {r.overridden && (
                  <Badge variant="outline" color="grape" radius="sm" size="xs" tt="none" data-testid="rationale-override">
                    override
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="xs" className="bw-break" data-testid="rationale-rule">
                {r.rule}
              </Text>
              {r.notes.map((n) => (
                <Text key={n} size="xs" c="dimmed" className="bw-break">
                  Note: {n}
                </Text>
              ))}
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed" className="bw-break" data-testid="rationale-source">
                {r.source}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
