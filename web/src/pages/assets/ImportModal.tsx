import { Autocomplete, Button, FileInput, Group, Input, Modal, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { useAssetFacets, useAssetImport } from '../../api/queries';
import type { ImportFormat } from '../../api/types';
import { FileIcon, UploadIcon } from '../../components/icons';
import { ErrorAlert } from '../../components/states';
import { detectImportFormat, formatBytes } from '../../lib/importFormat';
import { ImportIssuesView, ImportReportView } from './ImportReportView';

interface ImportModalProps {
  opened: boolean;
  onClose: () => void;
}

export function ImportModal({ opened, onClose }: ImportModalProps) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [site, setSite] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [dragging, setDragging] = useState(false);
  const mutation = useAssetImport();
  const facets = useAssetFacets();
  const { reset } = mutation;

  // A fresh dialog each time it opens: stale reports from an earlier file would mislead.
  useEffect(() => {
    if (opened) {
      setFile(null);
      setDryRun(true);
      setSite('');
      reset();
    }
  }, [opened, reset]);

  const chooseFile = (next: File | null) => {
    setFile(next);
    reset();
    if (next) setFormat(detectImportFormat(next.name, next.type) ?? format);
  };

  const submit = (asDryRun: boolean) => {
    if (!file) return;
    setDryRun(asDryRun);
    mutation.mutate({ file, format, dryRun: asDryRun, site });
  };

  const error = mutation.error;
  const rejected = error instanceof ApiError && error.status >= 400 && error.status < 500;
  const report = mutation.data;
  const committed = report !== undefined && !report.dryRun;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={700} size="lg">
          Import assets
        </Text>
      }
      size="xl"
      data-testid="import-modal"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Upload an inventory as CSV (one asset per row, a header row naming the columns) or JSON. Existing assets are
          matched and updated; every value keeps this file as its source.
        </Text>
        <div
          className="bw-dropzone"
          data-dragging={dragging || undefined}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            chooseFile(event.dataTransfer.files.item(0));
          }}
        >
          <FileInput
            label="File"
            placeholder="Choose or drop a .csv or .json file"
            accept=".csv,.json,text/csv,application/json"
            value={file}
            onChange={chooseFile}
            clearable
            leftSection={<FileIcon size={16} />}
            description={file ? `${formatBytes(file.size)}` : undefined}
            data-testid="import-file"
          />
        </div>
        <Group align="flex-end" gap="md" wrap="wrap">
          <Input.Wrapper label="Format" description="Guessed from the file name">
            <SegmentedControl
              display="flex"
              size="xs"
              value={format}
              onChange={(value) => {
                setFormat(value as ImportFormat);
                reset();
              }}
              data={[
                { value: 'csv', label: 'CSV' },
                { value: 'json', label: 'JSON' },
              ]}
              data-testid="import-format"
            />
          </Input.Wrapper>
          <Autocomplete
            label="Default site"
            description="For rows that name no site"
            placeholder="optional"
            data={(facets.data?.sites ?? []).map((s) => s.value)}
            value={site}
            onChange={setSite}
            w={220}
            size="sm"
          />
          <Switch
            label="Dry run (validate only)"
            checked={dryRun}
            onChange={(event) => setDryRun(event.currentTarget.checked)}
            data-testid="import-dry-run"
            mb={6}
          />
        </Group>

        {report && <ImportReportView report={report} />}
        {error && rejected && <ImportIssuesView message={error.message} issues={error.issues} />}
        {error && !rejected && <ErrorAlert error={error} title="Import failed" />}

        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} data-testid="import-close">
            {committed ? 'Done' : 'Cancel'}
          </Button>
          {report?.dryRun && !error ? (
            <Button
              leftSection={<UploadIcon size={16} />}
              onClick={() => submit(false)}
              loading={mutation.isPending}
              data-testid="import-commit"
            >
              Import {report.total} record{report.total === 1 ? '' : 's'}
            </Button>
          ) : (
            <Button
              leftSection={<UploadIcon size={16} />}
              onClick={() => submit(dryRun)}
              disabled={!file || committed}
              loading={mutation.isPending}
              data-testid="import-submit"
            >
              {dryRun ? 'Validate' : 'Import'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
