import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetQuery } from '../lib/assetQuery';
import { toApiParams } from '../lib/assetQuery';
import { apiGet, apiPostForm, withQuery } from './client';
import type { AssetDetail, AssetFacets, AssetPage, Health, ImportFormat, ImportReport, SiteList } from './types';

export const queryKeys = {
  health: ['health'] as const,
  assets: ['assets'] as const,
  assetList: (apiQuery: string) => ['assets', 'list', apiQuery] as const,
  asset: (id: string) => ['assets', 'detail', id] as const,
  facets: ['assets', 'facets'] as const,
  sites: ['sites'] as const,
};

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => apiGet<Health>('/api/health', signal),
    refetchInterval: 30_000,
    retry: false,
  });
}

export function useAssetPage(query: AssetQuery) {
  const apiQuery = toApiParams(query).toString();
  return useQuery({
    queryKey: queryKeys.assetList(apiQuery),
    queryFn: ({ signal }) => apiGet<AssetPage>(`/api/assets?${apiQuery}`, signal),
    // Keep the current rows on screen while the next page/filter loads, so the table never flashes empty.
    placeholderData: keepPreviousData,
  });
}

export function useAssetFacets() {
  return useQuery({
    queryKey: queryKeys.facets,
    queryFn: ({ signal }) => apiGet<AssetFacets>('/api/assets/facets', signal),
    staleTime: 60_000,
  });
}

export function useAsset(id: string) {
  return useQuery({
    queryKey: queryKeys.asset(id),
    queryFn: ({ signal }) => apiGet<AssetDetail>(`/api/assets/${encodeURIComponent(id)}`, signal),
  });
}

export function useSites() {
  return useQuery({
    queryKey: queryKeys.sites,
    queryFn: ({ signal }) => apiGet<SiteList>('/api/sites', signal),
  });
}

export interface ImportRequest {
  file: File;
  format: ImportFormat;
  dryRun: boolean;
  site?: string;
}

export function importUrl(request: Omit<ImportRequest, 'file'>): string {
  const params = new URLSearchParams({ format: request.format, dryRun: String(request.dryRun) });
  if (request.site?.trim()) params.set('site', request.site.trim());
  return withQuery('/api/assets/import', params);
}

export function useAssetImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ImportRequest) => {
      const form = new FormData();
      form.append('file', request.file, request.file.name);
      return apiPostForm<ImportReport>(importUrl(request), form);
    },
    onSuccess: async (report) => {
      if (report.dryRun) return;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.assets }),
        queryClient.invalidateQueries({ queryKey: queryKeys.sites }),
      ]);
    },
  });
}

export function exportUrl(format: ImportFormat): string {
  return `/api/assets/export?format=${format}`;
}
