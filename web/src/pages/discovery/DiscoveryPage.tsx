import { Alert, Badge, Button, FileInput, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { FileIcon, RadarIcon, UploadIcon } from '../../components/icons';
import { Can } from '../../auth/AuthContext';
import { Section } from '../../components/Section';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatBytes } from '../../lib/importFormat';
import { useAnalyse } from './api';
import { DevicesTable } from './DevicesTable';
import { EventList } from './EventList';
import { FlowsTable } from './FlowsTable';
import { NetworkMap } from './NetworkMap';
import type { AnalyseResponse } from './types';

function Stat({ label, value, testId, color }: { label: string; value: number; testId: string; color?: string }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId} data-value={value}>
        {formatCount(value)}
      </Text>
    </Paper>
  );
}

function Problems({ result }: { result: AnalyseResponse }) {
  if (result.problems.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title={`${formatCount(result.problems.length)} problem(s) while reading; analysis went on`} data-testid="discovery-problems">
      <Stack gap={2}>
        {result.problems.slice(0, 15).map((p, i) => (
          <Text key={i} size="xs">
            <Text span ff="monospace" size="xs">
              {p.file}
              {p.frame !== undefined ? `, frame ${p.frame}` : ''}
            </Text>
            : {p.message} <Text span c="dimmed" size="xs">[{p.code}]</Text>
          </Text>
        ))}
        {result.problems.length > 15 && (
          <Text size="xs" c="dimmed">
            and {formatCount(result.problems.length - 15)} more
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function ImportPanel({ files, result, onImported }: { files: File[]; result: AnalyseResponse; onImported: (r: AnalyseResponse) => void }) {
  const [site, setSite] = useState('');
  const mutation = useAnalyse();
  const imported = result.import;
  return (
    <Section title="Import into inventory" icon={<UploadIcon size={16} />} testId="discovery-import">
      <Stack gap="sm" p="md">
        <Text size="sm" c="dimmed">
          Merges the discovered devices into the inventory as observations from passive discovery (the capture names as the
          source). MAC addresses, vendor and serial, and site and IP find the assets they already are; values set by people or
          imports with a higher confidence are kept. New devices and changed firmware, identity or addresses become events.
        </Text>
        <Group align="flex-end" gap="sm">
          <TextInput label="Site" placeholder="e.g. Riverside water works" value={site} onChange={(e) => setSite(e.currentTarget.value)} w={320} data-testid="discovery-import-site" />
          <Button
            leftSection={<UploadIcon size={16} />}
            loading={mutation.isPending}
            disabled={files.length === 0}
            onClick={() => mutation.mutate({ files, import: true, site }, { onSuccess: onImported })}
            data-testid="discovery-import-submit"
          >
            Import into inventory
          </Button>
        </Group>
        {mutation.error && <ErrorAlert error={mutation.error} title="Import failed" />}
        {imported && (
          <Stack gap="sm" data-testid="discovery-import-report">
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              <Stat label="Devices" value={imported.report.total} testId="discovery-import-total" />
              <Stat label="Created" value={imported.report.created} color="green" testId="discovery-import-created" />
              <Stat label="Updated" value={imported.report.updated} color="blue" testId="discovery-import-updated" />
              <Stat label="Unchanged" value={imported.report.unchanged} testId="discovery-import-unchanged" />
            </SimpleGrid>
            {imported.devices.some((d) => d.action === 'skipped') && (
              <Text size="xs" c="dimmed" data-testid="discovery-import-skipped">
                Left out:{' '}
                {imported.devices
                  .filter((d) => d.action === 'skipped')
                  .map((d) => `${d.device} (${d.reason})`)
                  .join('; ')}
              </Text>
            )}
            <Group gap="xs">
              <Text fw={600} size="sm">
                Events
              </Text>
              <Badge variant="default" radius="sm" data-testid="discovery-import-event-count" data-value={imported.events.length}>
                {formatCount(imported.events.length)}
              </Badge>
            </Group>
            {imported.events.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="discovery-import-no-events">
                Nothing new: the inventory already knew everything these captures show.
              </Text>
            ) : (
              <EventList events={imported.events} testId="discovery-import-events" />
            )}
          </Stack>
        )}
      </Stack>
    </Section>
  );
}

/** Passive discovery: upload captures, see the network map, the devices with their evidence and the flows, import. */
export function DiscoveryPage() {
  const [files, setFiles] = useState<File[]>([]);
  const [result, setResult] = useState<AnalyseResponse | null>(null);
  const analyse = useAnalyse();
  const rejected = analyse.error instanceof ApiError ? analyse.error : null;

  return (
    <Stack gap="md" data-testid="discovery-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size="h3">
            Discovery
          </Title>
          <Text size="sm" c="dimmed">
            What the wire says: devices, identities and flows that industrial protocols reveal in a pcap or pcapng capture.
          </Text>
        </Stack>
      </Group>
      <Paper withBorder radius="md" p="md" className="bw-panel">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <FileInput
            label="Captures"
            placeholder="Choose pcap or pcapng files"
            multiple
            clearable
            value={files}
            onChange={(next) => {
              setFiles(next);
              setResult(null);
              analyse.reset();
            }}
            leftSection={<FileIcon size={16} />}
            description={files.length > 0 ? `${files.length} file(s), ${formatBytes(files.reduce((n, f) => n + f.size, 0))}` : 'Read in the server, never stored'}
            w={420}
            data-testid="discovery-file"
          />
          <Button
            leftSection={<RadarIcon size={16} />}
            disabled={files.length === 0}
            loading={analyse.isPending}
            onClick={() => analyse.mutate({ files, import: false }, { onSuccess: setResult })}
            data-testid="discovery-analyse"
          >
            Analyse
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          From the command line: <Text span ff="monospace" size="xs">bulwark discover plant.pcapng</Text> or live with{' '}
          <Text span ff="monospace" size="xs">bulwark discover --live eth1</Text>.
        </Text>
      </Paper>
      {rejected && (
        <Alert color="red" variant="light" title="Not analysed" data-testid="discovery-rejected">
          <Text size="sm">{rejected.message}</Text>
        </Alert>
      )}
      {analyse.error && !rejected && <ErrorAlert error={analyse.error} title="Analysis failed" />}
      {!result && !analyse.isPending && !analyse.error && (
        <Paper withBorder radius="md" className="bw-panel">
          <EmptyView
            title="No capture analysed yet"
            description="Record traffic from a mirror port or TAP (dumpcap, tcpdump, Wireshark) and upload the file. Nothing is sent onto the network."
            icon={<RadarIcon size={28} />}
            testId="discovery-empty"
          />
        </Paper>
      )}
      {result && (
        <Stack gap="md" data-testid="discovery-result">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <Stat label="Captures" value={result.captures.length} testId="discovery-captures" />
            <Stat label="Frames" value={result.captures.reduce((n, c) => n + c.frames, 0)} testId="discovery-frames" />
            <Stat label="Devices" value={result.devices.length} testId="discovery-device-count" />
            <Stat label="Flows" value={result.flows.length} testId="discovery-flow-count" />
          </SimpleGrid>
          <Problems result={result} />
          <Section title="Network map" icon={<RadarIcon size={16} />} testId="discovery-map-section">
            <NetworkMap devices={result.devices} flows={result.flows} inventory={result.inventory} />
          </Section>
          <Section title="Devices" icon={<FileIcon size={16} />} extra={<Badge variant="default" radius="sm">{formatCount(result.devices.length)}</Badge>}>
            <DevicesTable devices={result.devices} inventory={result.inventory} />
          </Section>
          <Section title="Flows" extra={<Badge variant="default" radius="sm">{formatCount(result.flows.length)}</Badge>}>
            <FlowsTable flows={result.flows} />
          </Section>
          <Can permission="write">
            <ImportPanel files={files} result={result} onImported={setResult} />
          </Can>
        </Stack>
      )}
    </Stack>
  );
}
