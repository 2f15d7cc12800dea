import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPostForm, withQuery } from '../../api/client';
import { queryKeys } from '../../api/queries';
import type { AnalyseResponse, EventPage } from './types';

export interface AnalyseRequest {
  files: File[];
  import: boolean;
  site?: string;
}

export function analyseUrl(request: Omit<AnalyseRequest, 'files'>): string {
  const params = new URLSearchParams();
  if (request.import) {
    params.set('import', 'true');
    if (request.site?.trim()) params.set('site', request.site.trim());
  }
  return withQuery('/api/discovery/analyse', params);
}

/** Uploads captures for analysis (and, with `import`, merges the devices into the inventory). */
export function useAnalyse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: AnalyseRequest) => {
      const form = new FormData();
      for (const file of request.files) form.append('file', file, file.name);
      return apiPostForm<AnalyseResponse>(analyseUrl(request), form);
    },
    onSuccess: async (response) => {
      if (!response.import) return;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.assets }),
        queryClient.invalidateQueries({ queryKey: queryKeys.sites }),
        queryClient.invalidateQueries({ queryKey: ['events'] }),
      ]);
    },
  });
}

export function useAssetEvents(assetId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: ['events', 'asset', assetId, page.limit, page.offset],
    queryFn: ({ signal }) =>
      apiGet<EventPage>(`/api/assets/${encodeURIComponent(assetId)}/events?limit=${page.limit}&offset=${page.offset}`, signal),
  });
}
