import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FindingQuery } from '../lib/findingQuery';
import { findingQueryToApi } from '../lib/findingQuery';
import { apiGet, apiPostJson } from './client';
import type { DecisionRequest, FindingPage, FindingView, MatchStatus, MatchSummary } from './findingTypes';

export const findingKeys = {
  /** Everything derived from a match; invalidated after a match run or a decision. */
  all: ['findings'] as const,
  list: (apiQuery: string) => ['findings', 'list', apiQuery] as const,
  detail: (id: string) => ['findings', 'detail', id] as const,
  status: ['findings', 'status'] as const,
  assetCount: (assetId: string) => ['findings', 'asset-count', assetId] as const,
};

export function findingPath(id: string): string {
  return `/findings/${encodeURIComponent(id)}`;
}

export function useFindingPage(query: FindingQuery) {
  const apiQuery = findingQueryToApi(query).toString();
  return useQuery({
    queryKey: findingKeys.list(apiQuery),
    queryFn: ({ signal }) => apiGet<FindingPage>(`/api/findings?${apiQuery}`, signal),
    // Keep the current rows on screen while the next page/filter loads, so the table never flashes empty.
    placeholderData: keepPreviousData,
  });
}

export function useFinding(id: string) {
  return useQuery({
    queryKey: findingKeys.detail(id),
    queryFn: ({ signal }) => apiGet<FindingView>(`/api${findingPath(id)}`, signal),
  });
}

export function useMatchStatus() {
  return useQuery({
    queryKey: findingKeys.status,
    queryFn: ({ signal }) => apiGet<MatchStatus>('/api/match/status', signal),
  });
}

/** How many findings of the given statuses an asset (and the components it runs) has: for the tab label. */
export function useAssetFindingCount(assetId: string, statuses: readonly string[]) {
  const params = new URLSearchParams({ asset: assetId, limit: '1', offset: '0', status: statuses.join(',') });
  return useQuery({
    queryKey: [...findingKeys.assetCount(assetId), params.toString()],
    queryFn: ({ signal }) => apiGet<FindingPage>(`/api/findings?${params.toString()}`, signal),
    select: (page) => page.total,
  });
}

export function useRunMatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options: { full: boolean }) => apiPostJson<MatchSummary>('/api/match', { full: options.full }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: findingKeys.all }),
  });
}

/**
 * Confirms, rejects or clears the decision on a finding. The server re-matches the target (and, for
 * a rule, every target of the same vendor and model), so every finding view is refreshed after.
 */
export function useFindingDecision(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: DecisionRequest) => apiPostJson<unknown>(`/api${findingPath(id)}/decision`, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: findingKeys.all }),
  });
}
