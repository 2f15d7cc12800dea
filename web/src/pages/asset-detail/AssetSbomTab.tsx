import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { sbomPath, useAssetSbom } from '../../api/sbomQueries';
import type { AssetDetail } from '../../api/types';
import { PackageIcon, UploadIcon } from '../../components/icons';
import { useCan } from '../../auth/AuthContext';
import { EmptyView, ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { DEFAULT_LIST_PAGE_SIZE } from '../../lib/listState';
import { formatRatio, productLabel, qualityColor, type ComponentQuery } from '../../lib/sbomQuery';
import { ComponentTable } from '../sbom-detail/ComponentTable';
import { ExportMenu } from '../sbom-detail/SbomDetailPage';
import { SbomImportModal } from '../sboms/SbomImportModal';

/** What the asset runs: its own SBOM and the one of its product version (vendor, model and firmware). */
export function AssetSbomTab({ asset }: { asset: AssetDetail }) {
  const canWrite = useCan('write');
  const [query, setQueryState] = useState<ComponentQuery>({ page: 1, pageSize: DEFAULT_LIST_PAGE_SIZE });
  const [importing, setImporting] = useState(false);
  const data = useAssetSbom(asset.id, query);
  const setQuery = (update: (current: ComponentQuery) => ComponentQuery) => setQueryState((current) => update(current));

  if (data.error && !data.data) return <ErrorAlert error={data.error} title="Could not load the SBOM" onRetry={() => void data.refetch()} />;
  const sboms = data.data?.sboms;
  const labels = new Map((sboms ?? []).map((s) => [s.sbom.id, s.sbom.name]));
  return (
    <Stack gap="md" data-testid="asset-sbom">
      {sboms && sboms.length === 0 ? (
        <Paper withBorder radius="md" className="bw-panel">
          <EmptyView
            title="No SBOM for this asset"
            description={
              asset.vendor && asset.model && asset.firmware
                ? `Import an SBOM for ${asset.vendor} ${asset.model} ${asset.firmware} and every asset running that firmware shows its components, or one for this asset alone.`
                : 'Import an SBOM for this asset. Assets with a vendor, model and firmware also inherit the SBOM of that product version.'
            }
            icon={<PackageIcon size={28} />}
            action={
              canWrite ? (
                <Button leftSection={<UploadIcon size={16} />} onClick={() => setImporting(true)} data-testid="asset-sbom-import">
                  Import SBOM
                </Button>
              ) : undefined
            }
            testId="asset-sbom-empty"
          />
        </Paper>
      ) : (
        <>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              {(sboms ?? []).map(({ sbom, via }) => (
                <Group key={sbom.id} gap="xs" data-testid="asset-sbom-source" data-via={via}>
                  <Badge variant="light" radius="sm" color={via === 'asset' ? 'blue' : 'teal'}>
                    {via === 'asset' ? 'this asset' : 'inherited'}
                  </Badge>
                  <Anchor component={Link} to={sbomPath(sbom.id)} size="sm" fw={600}>
                    {sbom.name}
                  </Anchor>
                  {via === 'product-version' && sbom.productVersion && (
                    <Text size="sm" c="dimmed">
                      from product version {productLabel(sbom.productVersion)}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    {formatCount(sbom.componentCount)} components
                  </Text>
                  {sbom.ntiaScore !== null && (
                    <Badge size="sm" variant="light" radius="sm" color={qualityColor(sbom.ntiaScore)}>
                      NTIA {formatRatio(sbom.ntiaScore)}
                    </Badge>
                  )}
                </Group>
              ))}
            </Stack>
            <Group gap="xs">
              {canWrite && (
                <Button variant="subtle" leftSection={<UploadIcon size={16} />} onClick={() => setImporting(true)} data-testid="asset-sbom-import">
                  Import SBOM
                </Button>
              )}
              <ExportMenu basePath={`/api/assets/${encodeURIComponent(asset.id)}/sbom`} testId="asset-sbom-export" />
            </Group>
          </Group>
          <Paper withBorder radius="md" className="bw-panel">
            <ComponentTable
              page={data.data?.components}
              error={data.error}
              isFetching={data.isFetching}
              isPlaceholderData={data.isPlaceholderData}
              query={query}
              setQuery={setQuery}
              onRetry={() => void data.refetch()}
              sbomLabel={(labels.size > 1 ? (id: string) => labels.get(id) : undefined)}
              testIdPrefix="asset-components"
            />
          </Paper>
        </>
      )}
      <SbomImportModal opened={importing} onClose={() => setImporting(false)} assetId={asset.id} />
    </Stack>
  );
}
