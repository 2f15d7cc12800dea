import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueueQuery } from '../lib/riskQuery';
import { queueQueryToApi } from '../lib/riskQuery';
import { apiGet, apiPostJson } from './client';
import type {
  AcceptRequest, BeforeExploitation, BoardItem, BulkResult, FindingRisk, ListPage, PlanRequest, PlanView, QueuePage, RecomputeSummary,
  RemediationChange, RemediationState, RemediationView, RiskStatus, RollupLevel, RollupPage, TrendAnswer,
} from './riskTypes';

export const riskKeys = {
  /** Everything the risk API answers; invalidated after a recompute or a remediation change. */
  all: ['risk'] as const,
  queue: (kind: string, apiQuery: string) => ['risk', 'queue', kind, apiQuery] as const,
  finding: (id: string) => ['risk', 'finding', id] as const,
  status: ['risk', 'status'] as const,
  board: (state: string, site: string) => ['risk', 'board', state, site] as const,
  plans: ['risk', 'plans'] as const,
  rollups: (level: RollupLevel, site: string) => ['risk', 'rollups', level, site] as const,
  trend: (level: string, from: string) => ['risk', 'trend', level, from] as const,
  before: (from: string) => ['risk', 'before', from] as const,
};

export type QueueKind = 'queue' | 'overdue' | 'due-soon';

export function useRiskQueue(kind: QueueKind, query: QueueQuery) {
  const apiQuery = queueQueryToApi(query, kind).toString();
  return useQuery({
    queryKey: riskKeys.queue(kind, apiQuery),
    queryFn: ({ signal }) => apiGet<QueuePage>(`/api/risk/${kind}?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useFindingRisk(id: string) {
  return useQuery({
    queryKey: riskKeys.finding(id),
    queryFn: ({ signal }) => apiGet<FindingRisk>(`/api/risk/findings/${encodeURIComponent(id)}`, signal),
  });
}

export function useRiskStatus() {
  return useQuery({ queryKey: riskKeys.status, queryFn: ({ signal }) => apiGet<RiskStatus>('/api/risk/status', signal) });
}

/** One column of the remediation board: the records in that state, most recently changed first. */
export function useBoardColumn(state: RemediationState, filters: { site?: string | undefined; plan?: string | undefined }, limit: number) {
  const params = new URLSearchParams({ state, limit: String(limit), offset: '0' });
  if (filters.site) params.set('site', filters.site);
  if (filters.plan) params.set('plan', filters.plan);
  return useQuery({
    queryKey: riskKeys.board(state, params.toString()),
    queryFn: ({ signal }) => apiGet<ListPage<BoardItem>>(`/api/risk/remediations?${params.toString()}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePlans() {
  return useQuery({ queryKey: riskKeys.plans, queryFn: ({ signal }) => apiGet<ListPage<PlanView>>('/api/risk/plans?limit=50&offset=0', signal) });
}

export function useRollups(level: RollupLevel, site: string | undefined, limit = 50) {
  const params = new URLSearchParams({ level, limit: String(limit), offset: '0' });
  if (site) params.set('site', site);
  return useQuery({
    queryKey: riskKeys.rollups(level, `${site ?? ''}|${limit}`),
    queryFn: ({ signal }) => apiGet<RollupPage>(`/api/risk/rollups?${params.toString()}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRiskTrend(level: 'organisation' | 'site', from: string) {
  const params = new URLSearchParams({ level, from });
  return useQuery({
    queryKey: riskKeys.trend(level, from),
    queryFn: ({ signal }) => apiGet<TrendAnswer>(`/api/risk/trend?${params.toString()}`, signal),
  });
}

export function useBeforeExploitation(from: string) {
  const params = new URLSearchParams({ from });
  return useQuery({
    queryKey: riskKeys.before(from),
    queryFn: ({ signal }) => apiGet<BeforeExploitation>(`/api/risk/before-exploitation?${params.toString()}`, signal),
  });
}

export function useRecompute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPostJson<RecomputeSummary>('/api/risk/recompute', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: riskKeys.all }),
  });
}

/** Moves a finding's remediation (plan, mitigate, remediate, verify, reopen). */
export function useChangeRemediation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ findingId, change }: { findingId: string; change: RemediationChange }) =>
      apiPostJson<RemediationView>(`/api/risk/remediations/${encodeURIComponent(findingId)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: riskKeys.all }),
  });
}

/** Accepts a finding's risk until an expiry (needs the approve permission). */
export function useAcceptRisk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ findingId, request }: { findingId: string; request: AcceptRequest }) =>
      apiPostJson<RemediationView>(`/api/risk/remediations/${encodeURIComponent(findingId)}/accept`, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: riskKeys.all }),
  });
}

/** Plans findings, or one vulnerability across every asset (optionally one site), with an owner and a due date. */
export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: PlanRequest) => apiPostJson<BulkResult>('/api/risk/plans', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: riskKeys.all }),
  });
}
