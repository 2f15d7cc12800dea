import { Anchor, Badge, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Evidence } from '../../api/findingTypes';
import { advisoryPath } from '../../api/intelQueries';
import { ConfidenceBadge, FindingStatusBadge } from '../../components/findingBadges';
import { formatDateTime } from '../../lib/format';
import { comparisonColor, matcherName, tierName } from '../../lib/findingFormat';
import { humanise } from '../../lib/intelFormat';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="bw-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ComparedTable({ evidence }: { evidence: Evidence }) {
  if (evidence.compared.length === 0) return null;
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} horizontalSpacing="sm" fz="sm" className="bw-thead" data-testid="evidence-compared">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={110}>Attribute</Table.Th>
          <Table.Th>Target</Table.Th>
          <Table.Th>Statement</Table.Th>
          <Table.Th w={140}>Result</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {evidence.compared.map((c, i) => (
          <Table.Tr key={`${c.attribute}-${i}`} data-testid="evidence-comparison" data-attribute={c.attribute}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {humanise(c.attribute)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace" className="bw-break">
                {c.target || '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace" className="bw-break">
                {c.spec || '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={comparisonColor(c.result)} radius="sm" size="sm" tt="none" data-testid="evidence-result">
                {c.result}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SourceFacts({ evidence }: { evidence: Evidence }) {
  const { source } = evidence;
  const isUser = source.kind === 'user';
  return (
    <dl className="bw-facts" data-testid="evidence-source">
      <Fact label="Source">
        {source.provider ? `${source.provider} · ${source.kind}` : source.kind}
      </Fact>
      {source.advisoryId && (
        <Fact label="Advisory" testId="evidence-advisory">
          {source.kind === 'csaf' ? (
            <Anchor component={Link} to={advisoryPath(source.advisoryId)} size="xs" ff="monospace">
              {source.advisoryId}
            </Anchor>
          ) : (
            source.advisoryId
          )}
        </Fact>
      )}
      {source.revision && <Fact label={isUser ? 'Decided' : 'Revision'}>{isUser ? formatDateTime(source.revision) : source.revision}</Fact>}
      {source.document && <Fact label="Document">{source.document}</Fact>}
      {source.pointer && <Fact label="Statement at">{source.pointer}</Fact>}
      {evidence.criterion && <Fact label={evidence.matcher === 'csaf' ? 'Product id' : 'Criterion'}>{evidence.criterion}</Fact>}
      {evidence.pointer && <Fact label="Product at">{evidence.pointer}</Fact>}
    </dl>
  );
}

/** One piece of evidence: who said what about which product, and how the target's attributes compared. */
export function EvidenceCard({ evidence, deciding }: { evidence: Evidence; deciding: boolean }) {
  return (
    <Paper withBorder radius="md" p="sm" className="bw-evidence" data-testid="evidence" data-matcher={evidence.matcher} data-status={evidence.status} data-deciding={deciding || undefined}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap={6}>
            <Badge variant="default" radius="sm" tt="none" data-testid="evidence-matcher">
              {matcherName(evidence.matcher)}
            </Badge>
            <FindingStatusBadge status={evidence.status} />
            <ConfidenceBadge confidence={evidence.confidence} />
            {deciding && (
              <Tooltip label="The status of the finding comes from this evidence (highest precedence)." withArrow openDelay={300}>
                <Badge variant="light" color="violet" radius="sm" tt="none" data-testid="evidence-deciding">
                  deciding
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Tooltip label="Precedence: user decision › vendor statement › exact identifier › version-ranged name › derived" withArrow multiline maw={300} openDelay={300}>
            <Text size="xs" c="dimmed">
              precedence {evidence.tier} · {tierName(evidence.tier)}
            </Text>
          </Tooltip>
        </Group>
        <Text size="sm" className="bw-break" data-testid="evidence-reason">
          {evidence.reason}
        </Text>
        <ComparedTable evidence={evidence} />
        {evidence.versionScheme && (
          <Group gap={6} data-testid="evidence-scheme">
            <Text size="xs" c="dimmed">
              Versions compared as
            </Text>
            <Badge variant="light" color="gray" radius="sm" size="sm" tt="none">
              {evidence.versionScheme}
            </Badge>
            {evidence.heuristic && (
              <Tooltip
                label="The ordering used is Bulwark's platform heuristic (vendor firmware forms normalised), not the ecosystem's own rules."
                withArrow
                multiline
                maw={320}
                openDelay={200}
              >
                <Badge variant="outline" color="orange" radius="sm" size="sm" tt="none" data-testid="evidence-heuristic">
                  heuristic
                </Badge>
              </Tooltip>
            )}
          </Group>
        )}
        {evidence.justifications && evidence.justifications.length > 0 && (
          <Group gap={6} data-testid="evidence-justifications">
            <Text size="xs" c="dimmed">
              Justification
            </Text>
            {evidence.justifications.map((j) => (
              <Badge key={j} variant="light" color="teal" radius="sm" size="sm" tt="none">
                {humanise(j)}
              </Badge>
            ))}
          </Group>
        )}
        {evidence.impactStatement && (
          <Text size="sm">
            <Text span size="xs" c="dimmed" mr={6}>
              Impact
            </Text>
            {evidence.impactStatement}
          </Text>
        )}
        {evidence.actionStatement && (
          <Text size="sm">
            <Text span size="xs" c="dimmed" mr={6}>
              Action
            </Text>
            {evidence.actionStatement}
          </Text>
        )}
        <SourceFacts evidence={evidence} />
      </Stack>
    </Paper>
  );
}
