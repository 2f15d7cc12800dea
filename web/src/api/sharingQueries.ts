/** An own record's TLP label and recipients: reading them, labelling, sharing and withdrawing a share. */
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPostJson, apiPutJson } from './client';
import { findingKeys } from './findingQueries';
import { queryKeys } from './queries';
import { sbomKeys } from './sbomQueries';
import type { DirectoryOrganisation, DirectoryPerson, NewShare, Share, ShareKind, SharingState, Tlp } from './sharingTypes';

export const sharingKeys = {
  all: ['sharing'] as const,
  record: (kind: ShareKind, id: string) => ['sharing', kind, id] as const,
  directory: ['sharing', 'directory'] as const,
  people: (organisationId: string) => ['sharing', 'directory', organisationId, 'people'] as const,
};

/** The cached answers that show a record's label besides its sharing state (asset, SBOM and finding answers carry `tlp`). */
const RECORD_KEYS: Record<ShareKind, QueryKey | null> = { asset: queryKeys.assets, sbom: sbomKeys.all, finding: findingKeys.all };

export function sharingPath(kind: ShareKind, id: string): string {
  return `/api/sharing/${kind}/${encodeURIComponent(id)}`;
}

/** Only the owning organisation may ask (everyone else gets 404), so partners never do. */
export function useSharing(kind: ShareKind, id: string, enabled = true) {
  return useQuery({
    queryKey: sharingKeys.record(kind, id),
    queryFn: ({ signal }) => apiGet<SharingState>(sharingPath(kind, id), signal),
    enabled: enabled && id !== '',
  });
}

/**
 * A change to one record's sharing. Whether it worked or not, the record's state is read again:
 * a refusal often means someone else changed it meanwhile (another label, a share already made).
 */
function useSharingChange<V, R>(kind: ShareKind, id: string, change: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSettled: async () => {
      const recordKey = RECORD_KEYS[kind];
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: sharingKeys.record(kind, id) }),
        recordKey ? queryClient.invalidateQueries({ queryKey: recordKey }) : undefined,
      ]);
    },
  });
}

export function useSetTlp(kind: ShareKind, id: string) {
  return useSharingChange(kind, id, (tlp: Tlp) => apiPutJson<SharingState>(`${sharingPath(kind, id)}/tlp`, { tlp }));
}

export function useAddShare(kind: ShareKind, id: string) {
  return useSharingChange(kind, id, (recipient: NewShare) => apiPostJson<Share>(`${sharingPath(kind, id)}/shares`, recipient));
}

export function useRemoveShare(kind: ShareKind, id: string) {
  return useSharingChange(kind, id, (shareId: string) => apiDelete<{ ok: boolean }>(`/api/sharing/shares/${encodeURIComponent(shareId)}`));
}

/**
 * The recipients a writer may choose from, whatever its organisation: every other organisation
 * (GET /api/organisations/directory) and the people of one (GET /api/organisations/{id}/people).
 * Not the administrators' lists (/api/organisations, /api/users), which show others only to the
 * hosting administrators.
 */
export function useShareDirectory(enabled = true) {
  return useQuery({
    queryKey: sharingKeys.directory,
    queryFn: ({ signal }) => apiGet<{ items: DirectoryOrganisation[] }>('/api/organisations/directory', signal),
    enabled,
  });
}

export function useOrganisationPeople(organisationId: string | null) {
  return useQuery({
    queryKey: sharingKeys.people(organisationId ?? ''),
    queryFn: ({ signal }) => apiGet<{ items: DirectoryPerson[] }>(`/api/organisations/${encodeURIComponent(organisationId ?? '')}/people`, signal),
    enabled: organisationId !== null,
  });
}
