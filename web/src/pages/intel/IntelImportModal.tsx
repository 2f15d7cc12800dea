import { Alert, Badge, Button, FileInput, Group, Modal, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useIntelImport } from '../../api/intelQueries';
import type { IntelImportDocument, IntelImportIssue, IntelImportReport } from '../../api/intelTypes';
import { FileIcon, UploadIcon } from '../../components/icons';
import { ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatBytes } from '../../lib/importFormat';

const STATUS_COLORS: Record<IntelImportDocument['status'], string> = {
  imported: 'green',
  unchanged: 'gray',
  rejected: 'red',
};

function place(issue: IntelImportIssue): string {
  if (issue.pointer) return issue.pointer;
  if (issue.line !== undefined) return `line ${issue.line}`;
  return '';
}

function DocumentRow({ document }: { document: IntelImportDocument }) {
  return (
    <Table.Tr data-testid="intel-import-document" data-status={document.status} data-name={document.name}>
      <Table.Td>
        <Text size="sm" className="bw-break">
          {document.name}
        </Text>
        {document.issues.length > 0 && (
          <Stack gap={2} mt={2}>
            {document.issues.slice(0, 20).map((issue, index) => (
              <Text key={index} size="xs" c={document.status === 'rejected' ? 'red' : 'dimmed'} data-testid="intel-import-issue">
                {place(issue) && (
                  <Text span ff="monospace" size="xs">
                    {place(issue)}:{' '}
                  </Text>
                )}
                {issue.message}
              </Text>
            ))}
            {document.issues.length > 20 && (
              <Text size="xs" c="dimmed">
                and {document.issues.length - 20} more
              </Text>
            )}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>{document.kind ?? '—'}</Table.Td>
      <Table.Td>
        <Badge size="xs" radius="sm" variant="light" color={STATUS_COLORS[document.status]}>
          {document.status}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">{formatCount(document.records)}</Table.Td>
    </Table.Tr>
  );
}

export function IntelImportReportView({ report }: { report: IntelImportReport }) {
  const unchanged = report.documents.filter((d) => d.status === 'unchanged').length;
  return (
    <div data-testid="intel-import-report">
      <Alert
        variant="light"
        color={report.rejected > 0 ? (report.imported > 0 ? 'yellow' : 'red') : 'green'}
        title={
          report.rejected > 0
            ? `${report.rejected} of ${report.documents.length} documents rejected`
            : `${report.documents.length} document${report.documents.length === 1 ? '' : 's'} processed`
        }
        mb="sm"
      >
        Rejected documents were skipped; everything else was saved.
      </Alert>
      <SimpleGrid cols={3} spacing="xs" mb="sm">
        <Stat label="Imported" value={report.imported} color="green" testId="intel-imported" />
        <Stat label="Unchanged" value={unchanged} testId="intel-unchanged" />
        <Stat label="Rejected" value={report.rejected} color="red" testId="intel-rejected" />
      </SimpleGrid>
      <ScrollArea.Autosize mah={320} type="auto">
        <Table fz="sm" verticalSpacing={4} striped stickyHeader className="bw-thead">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Document</Table.Th>
              <Table.Th w={90}>Kind</Table.Th>
              <Table.Th w={100}>Status</Table.Th>
              <Table.Th w={80} ta="right">
                Records
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.documents.map((document, index) => (
              <DocumentRow key={`${document.name}:${index}`} document={document} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </div>
  );
}

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {formatCount(value)}
      </Text>
    </div>
  );
}

export function IntelImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const mutation = useIntelImport();
  const { reset } = mutation;

  // A fresh dialog each time it opens: a report about earlier files would mislead.
  useEffect(() => {
    if (opened) {
      setFiles([]);
      reset();
    }
  }, [opened, reset]);

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700} size="lg">Import intelligence</Text>} size="xl" data-testid="intel-import-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          NVD (API 2.0 pages or feeds), CVE JSON 5, CISA KEV, FIRST EPSS (CSV, plain or .gz), CSAF 2.0 and OSV documents.
          Each file's kind is detected from its content. A document that fails validation is rejected with the reason;
          the others are imported.
        </Text>
        <FileInput
          label="Files"
          placeholder="Choose one or more files"
          multiple
          value={files}
          onChange={(next) => {
            setFiles(next);
            reset();
          }}
          clearable
          leftSection={<FileIcon size={16} />}
          description={files.length > 0 ? `${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(totalBytes)}` : undefined}
          data-testid="intel-import-file"
        />
        {mutation.data && <IntelImportReportView report={mutation.data} />}
        {mutation.error && <ErrorAlert error={mutation.error} title="Import failed" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-testid="intel-import-close">
            {mutation.data ? 'Done' : 'Cancel'}
          </Button>
          <Button
            leftSection={<UploadIcon size={16} />}
            onClick={() => mutation.mutate(files)}
            disabled={files.length === 0 || Boolean(mutation.data)}
            loading={mutation.isPending}
            data-testid="intel-import-submit"
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
