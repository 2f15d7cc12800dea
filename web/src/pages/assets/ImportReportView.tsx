import { Alert, Badge, Paper, ScrollArea, SimpleGrid, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ImportChange, ImportReport, InputIssue } from '../../api/types';
import { AlertIcon } from '../../components/icons';
import { attributeLabel, formatCount } from '../../lib/format';

const ACTION_COLORS: Record<ImportChange['action'], string> = {
  create: 'green',
  update: 'blue',
  unchanged: 'gray',
};

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {formatCount(value)}
      </Text>
    </Paper>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const hiddenChanges = report.total - report.changes.length;
  return (
    <div data-testid="import-report" data-dry-run={String(report.dryRun)}>
      <Alert
        variant="light"
        color={report.dryRun ? 'blue' : 'green'}
        title={report.dryRun ? 'Dry run: nothing was saved' : 'Import complete'}
        mb="sm"
      >
        {report.dryRun
          ? `The ${report.format.toUpperCase()} file is valid. This is what an import would do.`
          : `${formatCount(report.total)} records from the ${report.format.toUpperCase()} file were applied.`}
      </Alert>
      <SimpleGrid cols={4} spacing="xs" mb="sm">
        <Stat label="Records" value={report.total} testId="import-total" />
        <Stat label="Created" value={report.created} color="green" testId="import-created" />
        <Stat label="Updated" value={report.updated} color="blue" testId="import-updated" />
        <Stat label="Unchanged" value={report.unchanged} testId="import-unchanged" />
      </SimpleGrid>
      {report.changes.length > 0 && (
        <ScrollArea.Autosize mah={260} type="auto">
          <Table fz="xs" verticalSpacing={4} striped stickyHeader className="bw-thead" data-testid="import-changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Line</Table.Th>
                <Table.Th w={100}>Action</Table.Th>
                <Table.Th>Asset</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.changes.map((change) => (
                <Table.Tr key={`${change.line}:${change.name}`}>
                  <Table.Td ff="monospace">{change.line}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={ACTION_COLORS[change.action]} radius="sm">
                      {change.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {change.assetId && !report.dryRun ? (
                      <Link to={`/assets/${encodeURIComponent(change.assetId)}`}>{change.name}</Link>
                    ) : (
                      change.name
                    )}
                  </Table.Td>
                  <Table.Td c="dimmed">{change.changed.map(attributeLabel).join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {hiddenChanges > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          Showing the first {formatCount(report.changes.length)} of {formatCount(report.total)} records.
        </Text>
      )}
    </div>
  );
}

function place(issue: InputIssue): string {
  if (issue.line === undefined) return '—';
  return issue.column === undefined || issue.column === '' ? `line ${issue.line}` : `line ${issue.line}, col ${issue.column}`;
}

/** The problems of a rejected file, by line and column, so the user can fix the source. */
export function ImportIssuesView({ message, issues }: { message: string; issues: InputIssue[] }) {
  return (
    <div data-testid="import-issues">
      <Alert variant="light" color="red" title="The file was rejected; nothing was imported" icon={<AlertIcon />} mb="sm">
        {message}
      </Alert>
      {issues.length > 0 && (
        <ScrollArea.Autosize mah={280} type="auto">
          <Table fz="xs" verticalSpacing={4} striped stickyHeader className="bw-thead">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>Where</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.map((issue, index) => (
                <Table.Tr key={index} data-testid="import-issue" data-line={issue.line}>
                  <Table.Td ff="monospace">{place(issue)}</Table.Td>
                  <Table.Td>
                    {issue.message}
                    {issue.code && (
                      <Text span size="xs" c="dimmed" ml={6} ff="monospace">
                        {issue.code}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </div>
  );
}
