import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdvisoryQuery, VulnQuery } from '../lib/vulnQuery';
import { advisoryQueryToApi, vulnQueryToApi } from '../lib/vulnQuery';
import { apiGet, apiPostForm } from './client';
import type { AdvisoryDetail, AdvisoryPage, IntelImportReport, IntelStatus, VulnDetail, VulnPage } from './intelTypes';

export const intelKeys = {
  /** Everything derived from imported intelligence; invalidated after an import. */
  all: ['intel'] as const,
  vulnList: (apiQuery: string) => ['intel', 'vulnerabilities', 'list', apiQuery] as const,
  vuln: (id: string) => ['intel', 'vulnerabilities', 'detail', id] as const,
  advisoryList: (apiQuery: string) => ['intel', 'advisories', 'list', apiQuery] as const,
  advisory: (id: string) => ['intel', 'advisories', 'detail', id] as const,
  status: ['intel', 'status'] as const,
};

export function vulnerabilityPath(id: string): string {
  return `/vulnerabilities/${encodeURIComponent(id)}`;
}

export function advisoryPath(id: string): string {
  return `/advisories/${encodeURIComponent(id)}`;
}

export function useVulnerabilityPage(query: VulnQuery) {
  const apiQuery = vulnQueryToApi(query).toString();
  return useQuery({
    queryKey: intelKeys.vulnList(apiQuery),
    queryFn: ({ signal }) => apiGet<VulnPage>(`/api/vulnerabilities?${apiQuery}`, signal),
    // Keep the current rows on screen while the next page/filter loads, so the table never flashes empty.
    placeholderData: keepPreviousData,
  });
}

export function useVulnerability(id: string) {
  return useQuery({
    queryKey: intelKeys.vuln(id),
    queryFn: ({ signal }) => apiGet<VulnDetail>(`/api${vulnerabilityPath(id)}`, signal),
  });
}

export function useAdvisoryPage(query: AdvisoryQuery) {
  const apiQuery = advisoryQueryToApi(query).toString();
  return useQuery({
    queryKey: intelKeys.advisoryList(apiQuery),
    queryFn: ({ signal }) => apiGet<AdvisoryPage>(`/api/advisories?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAdvisory(id: string) {
  return useQuery({
    queryKey: intelKeys.advisory(id),
    queryFn: ({ signal }) => apiGet<AdvisoryDetail>(`/api${advisoryPath(id)}`, signal),
  });
}

export function useIntelStatus() {
  return useQuery({
    queryKey: intelKeys.status,
    queryFn: ({ signal }) => apiGet<IntelStatus>('/api/intel/status', signal),
  });
}

export function useIntelImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (files: File[]) => {
      const form = new FormData();
      for (const file of files) form.append('file', file, file.name);
      return apiPostForm<IntelImportReport>('/api/intel/import', form);
    },
    onSuccess: (report) => {
      if (report.imported > 0) return queryClient.invalidateQueries({ queryKey: intelKeys.all });
      return undefined;
    },
  });
}
