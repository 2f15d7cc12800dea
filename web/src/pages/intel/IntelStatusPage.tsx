import { Anchor, Box, Button, Code, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useIntelStatus } from '../../api/intelQueries';
import type { IntelStatus } from '../../api/intelTypes';
import { UploadIcon } from '../../components/icons';
import { useCan } from '../../auth/AuthContext';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { IntelImportModal } from './IntelImportModal';

const SOURCE_NAMES: Record<string, string> = {
  'nvd-api': 'NVD API 2.0',
  'nvd-feed-1.1': 'NVD 1.1 feed',
  nvd: 'NVD',
  cve5: 'CVE JSON 5',
  kev: 'CISA KEV',
  epss: 'FIRST EPSS',
  csaf: 'CSAF 2.0',
  osv: 'OSV',
};

function CountCard({ label, value, to, testId }: { label: string; value: number; to?: string; testId: string }) {
  const number = (
    <Text fw={700} size="xl" data-testid={testId} data-count={value}>
      {formatCount(value)}
    </Text>
  );
  return (
    <Paper withBorder radius="md" p="sm" className="bw-panel">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} underline="never" c="inherit">
          {number}
        </Anchor>
      ) : (
        number
      )}
    </Paper>
  );
}

function When({ iso }: { iso: string | null }): ReactNode {
  if (!iso) return <Text span c="dimmed">never</Text>;
  return (
    <Tooltip label={formatDateTime(iso)} withArrow openDelay={300}>
      <Text span size="sm">
        {formatRelative(iso)}
      </Text>
    </Tooltip>
  );
}

function SourcesTable({ status }: { status: IntelStatus }) {
  if (status.sources.length === 0) {
    return <EmptyView title="Nothing imported yet" description="Import documents or run `bulwark intel sync` to fill the intelligence store." testId="intel-empty" />;
  }
  return (
    <Table fz="sm" verticalSpacing={6} className="bw-thead" data-testid="intel-sources">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Source</Table.Th>
          <Table.Th ta="right">Documents</Table.Th>
          <Table.Th ta="right">Records</Table.Th>
          <Table.Th>Last update</Table.Th>
          <Table.Th>Cursor</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {status.sources.map((source) => (
          <Table.Tr key={source.source} data-testid="intel-source" data-source={source.source}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {SOURCE_NAMES[source.source] ?? source.source}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {source.source}
              </Text>
            </Table.Td>
            <Table.Td ta="right" data-testid="intel-source-documents">
              {formatCount(source.documents)}
            </Table.Td>
            <Table.Td ta="right" data-testid="intel-source-records">
              {formatCount(source.records)}
            </Table.Td>
            <Table.Td>
              <When iso={source.lastUpdate} />
            </Table.Td>
            <Table.Td>{source.cursor ? <Code className="bw-break">{source.cursor}</Code> : <Text span c="dimmed">—</Text>}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function IntelStatusPage() {
  const status = useIntelStatus();
  const [importOpened, importModal] = useDisclosure(false);
  const canWrite = useCan('write');
  return (
    <Stack gap="md" data-testid="intel-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            Intel status
          </Title>
          <Text size="sm" c="dimmed">
            What the vulnerability-intelligence store holds, per source.
          </Text>
        </div>
        {canWrite && (
          <Button leftSection={<UploadIcon size={16} />} onClick={importModal.open} data-testid="intel-import-open">
            Import
          </Button>
        )}
      </Group>
      {status.error && !status.data ? (
        <ErrorAlert error={status.error} title="Could not load the intel status" onRetry={() => void status.refetch()} />
      ) : !status.data ? (
        <Stack gap="md">
          <Skeleton height={72} radius="md" />
          <Skeleton height={240} radius="md" />
        </Stack>
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <CountCard label="Vulnerabilities" value={status.data.counts.vulnerabilities} to="/vulnerabilities" testId="count-vulnerabilities" />
            <CountCard label="Advisories" value={status.data.counts.advisories} to="/advisories" testId="count-advisories" />
            <CountCard label="Known exploited" value={status.data.counts.kev} to="/vulnerabilities?kev=true" testId="count-kev" />
            <CountCard label="EPSS scores" value={status.data.counts.epss} testId="count-epss" />
          </SimpleGrid>
          <Paper withBorder radius="md" className="bw-panel">
            <Box>
              <SourcesTable status={status.data} />
            </Box>
          </Paper>
        </>
      )}
      <IntelImportModal opened={importOpened} onClose={importModal.close} />
    </Stack>
  );
}
