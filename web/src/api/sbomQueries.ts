import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ComponentQuery, SbomListQuery } from '../lib/sbomQuery';
import { componentQueryToApi, sbomListQueryToApi } from '../lib/sbomQuery';
import { apiGet, apiPostForm } from './client';
import type { AssetSbom, Page, SbomComponentRow, SbomDetail, SbomImportReport, SbomSummary, VexStatementJson } from './sbomTypes';

export const sbomKeys = {
  all: ['sboms'] as const,
  list: (apiQuery: string) => ['sboms', 'list', apiQuery] as const,
  detail: (id: string) => ['sboms', 'detail', id] as const,
  components: (id: string, apiQuery: string) => ['sboms', 'components', id, apiQuery] as const,
  ai: (id: string) => ['sboms', 'ai', id] as const,
  vex: (id: string) => ['sboms', 'vex', id] as const,
  asset: (id: string, apiQuery: string) => ['sboms', 'asset', id, apiQuery] as const,
};

export function sbomPath(id: string): string {
  return `/sboms/${encodeURIComponent(id)}`;
}

export function useSbomPage(query: SbomListQuery) {
  const apiQuery = sbomListQueryToApi(query).toString();
  return useQuery({
    queryKey: sbomKeys.list(apiQuery),
    queryFn: ({ signal }) => apiGet<Page<SbomSummary>>(`/api/sboms?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSbom(id: string) {
  return useQuery({ queryKey: sbomKeys.detail(id), queryFn: ({ signal }) => apiGet<SbomDetail>(`/api/sboms/${encodeURIComponent(id)}`, signal) });
}

export function useSbomComponents(id: string, query: ComponentQuery) {
  const apiQuery = componentQueryToApi(query).toString();
  return useQuery({
    queryKey: sbomKeys.components(id, apiQuery),
    queryFn: ({ signal }) => apiGet<Page<SbomComponentRow>>(`/api/sboms/${encodeURIComponent(id)}/components?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSbomAiComponents(id: string, enabled: boolean) {
  return useQuery({
    queryKey: sbomKeys.ai(id),
    queryFn: ({ signal }) => apiGet<Page<SbomComponentRow>>(`/api/sboms/${encodeURIComponent(id)}/components?ai=true&limit=100`, signal),
    enabled,
  });
}

export function useSbomVex(id: string, enabled: boolean) {
  return useQuery({
    queryKey: sbomKeys.vex(id),
    queryFn: ({ signal }) => apiGet<{ items: VexStatementJson[] }>(`/api/sboms/${encodeURIComponent(id)}/vex`, signal),
    enabled,
  });
}

export function useAssetSbom(assetId: string, query: ComponentQuery) {
  const apiQuery = componentQueryToApi(query).toString();
  return useQuery({
    queryKey: sbomKeys.asset(assetId, apiQuery),
    queryFn: ({ signal }) => apiGet<AssetSbom>(`/api/assets/${encodeURIComponent(assetId)}/sbom?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export interface SbomImportRequest {
  file: File;
  asset?: string;
  product?: string;
}

export function useSbomImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, asset, product }: SbomImportRequest) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const params = new URLSearchParams();
      if (asset) params.set('asset', asset);
      if (product) params.set('product', product);
      const qs = params.toString();
      return apiPostForm<SbomImportReport>(`/api/sboms/import${qs ? `?${qs}` : ''}`, form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sbomKeys.all }),
  });
}
