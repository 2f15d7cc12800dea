import { Alert, Anchor, Button, FileInput, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { sbomPath, useSbomImport } from '../../api/sbomQueries';
import type { SbomIssue } from '../../api/sbomTypes';
import { FileIcon, UploadIcon } from '../../components/icons';
import { ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatBytes } from '../../lib/importFormat';
import { formatRatio, productLabel } from '../../lib/sbomQuery';

type Attach = 'product' | 'asset' | 'none';

/** The problems of a rejected document, with their JSON pointer or line (the shared reader keeps lines only). */
function rejectedIssues(error: ApiError): Array<Pick<SbomIssue, 'message' | 'pointer' | 'line' | 'column'>> {
  const details = error.details as { issues?: unknown } | undefined;
  const raw = Array.isArray(details?.issues) ? (details.issues as unknown[]) : [];
  return raw.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const i = item as Record<string, unknown>;
    if (typeof i.message !== 'string') return [];
    return [{
      message: i.message,
      pointer: typeof i.pointer === 'string' ? i.pointer : undefined,
      line: typeof i.line === 'number' ? i.line : undefined,
      column: typeof i.column === 'number' || typeof i.column === 'string' ? i.column : undefined,
    }];
  });
}

export function issuePlace(issue: Pick<SbomIssue, 'pointer' | 'line' | 'column'>): string {
  if (issue.pointer !== undefined) return issue.pointer || '/';
  if (issue.line !== undefined) return `line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''}`;
  return '';
}

export function IssueList({ issues, testId = 'sbom-issue' }: { issues: Array<Pick<SbomIssue, 'message' | 'pointer' | 'line' | 'column'>>; testId?: string }) {
  return (
    <Stack gap={2}>
      {issues.slice(0, 30).map((issue, index) => (
        <Text key={index} size="xs" data-testid={testId}>
          {issuePlace(issue) && (
            <Text span ff="monospace" size="xs">
              {issuePlace(issue)}:{' '}
            </Text>
          )}
          {issue.message}
        </Text>
      ))}
      {issues.length > 30 && (
        <Text size="xs" c="dimmed">
          and {issues.length - 30} more
        </Text>
      )}
    </Stack>
  );
}

/** Import one SBOM or VEX file, attached to a product version (vendor, product, version), one asset, or nothing. */
export function SbomImportModal({ opened, onClose, assetId }: { opened: boolean; onClose: () => void; assetId?: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [attach, setAttach] = useState<Attach>(assetId ? 'asset' : 'product');
  const [vendor, setVendor] = useState('');
  const [product, setProduct] = useState('');
  const [version, setVersion] = useState('');
  const [asset, setAsset] = useState(assetId ?? '');
  const mutation = useSbomImport();
  const { reset } = mutation;

  useEffect(() => {
    if (opened) {
      setFile(null);
      reset();
    }
  }, [opened, reset]);

  const productReady = vendor.trim() !== '' && product.trim() !== '' && version.trim() !== '';
  const ready = file !== null && (attach === 'none' || (attach === 'product' ? productReady : asset.trim() !== ''));
  const report = mutation.data;
  const rejected = mutation.error instanceof ApiError ? mutation.error : null;

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700} size="lg">Import an SBOM</Text>} size="lg" data-testid="sbom-import-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          CycloneDX 1.2–1.6 (JSON or XML), SPDX 2.2/2.3 (JSON or tag-value), SPDX 3.0 JSON-LD, or a VEX document (OpenVEX,
          CycloneDX VEX). A product-version SBOM applies to every asset with that vendor, model and firmware.
        </Text>
        <FileInput
          label="File"
          placeholder="Choose a file"
          value={file}
          onChange={(next) => {
            setFile(next);
            reset();
          }}
          clearable
          leftSection={<FileIcon size={16} />}
          description={file ? formatBytes(file.size) : undefined}
          data-testid="sbom-import-file"
        />
        <SegmentedControl
          value={attach}
          onChange={(value) => setAttach(value as Attach)}
          data={[
            { label: 'Product version', value: 'product' },
            { label: 'One asset', value: 'asset' },
            { label: 'Not attached', value: 'none' },
          ]}
          data-testid="sbom-import-attach"
        />
        {attach === 'product' && (
          <Group grow gap="xs">
            <TextInput label="Vendor" value={vendor} onChange={(e) => setVendor(e.currentTarget.value)} placeholder="Siemens" data-testid="sbom-import-vendor" />
            <TextInput label="Product / model" value={product} onChange={(e) => setProduct(e.currentTarget.value)} placeholder="SIMATIC S7-1500" data-testid="sbom-import-product" />
            <TextInput label="Version / firmware" value={version} onChange={(e) => setVersion(e.currentTarget.value)} placeholder="V3.1" data-testid="sbom-import-version" />
          </Group>
        )}
        {attach === 'asset' && (
          <TextInput label="Asset id" value={asset} onChange={(e) => setAsset(e.currentTarget.value)} data-testid="sbom-import-asset" />
        )}
        {report && (
          <Alert color={report.issueCount > 0 ? 'yellow' : 'green'} variant="light" title={report.status === 'unchanged' ? 'Already imported' : 'Imported'} data-testid="sbom-import-report">
            <Stack gap={4}>
              <Text size="sm">
                <Anchor component={Link} to={sbomPath(report.id)} onClick={onClose} data-testid="sbom-import-link">
                  {report.name}
                </Anchor>
                : {report.kind === 'vex' ? `${formatCount(report.vexStatements)} VEX statements` : `${formatCount(report.components)} components`}
                {report.aiComponents > 0 && `, ${formatCount(report.aiComponents)} AI`}
                {report.quality && ` · NTIA ${formatRatio(report.quality.ntiaScore)}`}
              </Text>
              {report.productVersion && (
                <Text size="sm" data-testid="sbom-import-inherited">
                  {productLabel(report.productVersion)}: inherited by {formatCount(report.inheritedBy)} asset{report.inheritedBy === 1 ? '' : 's'}
                </Text>
              )}
              {report.issueCount > 0 && <IssueList issues={report.issues} />}
            </Stack>
          </Alert>
        )}
        {rejected && (
          <Alert color="red" variant="light" title="Rejected: nothing was imported" data-testid="sbom-import-rejected">
            <Text size="sm">{rejected.message}</Text>
            <IssueList issues={rejectedIssues(rejected)} />
          </Alert>
        )}
        {mutation.error && !rejected && <ErrorAlert error={mutation.error} title="Import failed" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-testid="sbom-import-close">
            {report ? 'Done' : 'Cancel'}
          </Button>
          <Button
            leftSection={<UploadIcon size={16} />}
            onClick={() =>
              file &&
              mutation.mutate({
                file,
                asset: attach === 'asset' ? asset.trim() : undefined,
                product: attach === 'product' ? `${vendor.trim()}/${product.trim()}/${version.trim()}` : undefined,
              })
            }
            disabled={!ready || Boolean(report)}
            loading={mutation.isPending}
            data-testid="sbom-import-submit"
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
