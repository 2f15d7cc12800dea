/** Sign-in, the current account, API tokens, accounts and organisations, and the audit log. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuditQuery } from '../lib/auditQuery';
import { auditQueryToApi } from '../lib/auditQuery';
import { apiDelete, apiGet, ApiError, apiPatchJson, apiPostJson, setCsrfToken, withQuery } from './client';
import type { Account, ApiTokenRecord, AuditPage, AuditVerification, CreatedApiToken, Me, Organisation, OrganisationKind, Role } from './authTypes';

export const authKeys = {
  me: ['auth', 'me'] as const,
  tokens: (all: boolean) => ['auth', 'tokens', all] as const,
  allTokens: ['auth', 'tokens'] as const,
  users: ['admin', 'users'] as const,
  organisations: ['admin', 'organisations'] as const,
  audit: (apiQuery: string) => ['audit', apiQuery] as const,
};

/**
 * The signed-in account, or null when nobody is. Asks GET /api/auth/session, which answers 200
 * either way: a signed-out visitor is expected, not a failed request for the console (a 401 from an
 * older server still means signed out).
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const answer = await apiGet<({ signedIn: true } & Me) | { signedIn: false }>('/api/auth/session', signal);
    if (!answer.signedIn) return null;
    const { signedIn: _signedIn, ...me } = answer;
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: ({ signal }) => fetchMe(signal), staleTime: 5 * 60_000, retry: 1 });
}

/** Drops every cached answer but the account itself: nothing one account saw may show for the next. */
function forgetData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.me[0] || query.queryKey[1] !== authKeys.me[1] });
}

/** The session is gone (signed out here or elsewhere, expired, disabled): show the sign-in page. */
export function markSignedOut(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.setQueryData<Me | null>(authKeys.me, null);
  forgetData(queryClient);
}

export function markSignedIn(queryClient: QueryClient, me: Me): void {
  forgetData(queryClient);
  queryClient.setQueryData<Me | null>(authKeys.me, me);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) => apiPostJson<Me>('/api/auth/login', credentials),
    onSuccess: (me) => markSignedIn(queryClient, me),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiPostJson<{ ok: boolean }>('/api/auth/logout', {});
      } catch (error) {
        // Already signed out (the session ended elsewhere): that is what was asked for.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => markSignedOut(queryClient),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { current: string; password: string }) => apiPostJson<Me>('/api/auth/password', change),
    // The server starts a new session (new cookie, new CSRF token) and ends the others.
    onSuccess: (me) => queryClient.setQueryData<Me | null>(authKeys.me, me),
  });
}

// ---- API tokens ----

export function useApiTokens(all: boolean) {
  return useQuery({
    queryKey: authKeys.tokens(all),
    queryFn: ({ signal }) => apiGet<{ items: ApiTokenRecord[] }>(all ? '/api/tokens?all=true' : '/api/tokens', signal),
  });
}

export interface TokenRequest {
  name: string;
  role?: Role;
  expiresInDays?: number;
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: TokenRequest) => apiPostJson<CreatedApiToken>('/api/tokens', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.allTokens }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete<{ ok: boolean }>(`/api/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.allTokens }),
  });
}

// ---- accounts and organisations ----

/** The accounts an administrator manages (hosting administrators: every organisation's). */
export function useAccounts(enabled = true) {
  return useQuery({ queryKey: authKeys.users, queryFn: ({ signal }) => apiGet<{ items: Account[] }>('/api/users', signal), enabled });
}

export interface NewAccount {
  username: string;
  role: Role;
  password: string;
  orgId?: string;
  displayName?: string;
  email?: string;
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (account: NewAccount) => apiPostJson<Account>('/api/users', account),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export interface AccountChange {
  role?: Role;
  disabled?: boolean;
  unlock?: boolean;
  displayName?: string | null;
  email?: string | null;
}

export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: AccountChange }) => apiPatchJson<Account>(`/api/users/${encodeURIComponent(id)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) => apiPostJson<{ ok: boolean }>(`/api/users/${encodeURIComponent(id)}/password`, { password }),
  });
}

export function useOrganisations(enabled = true) {
  return useQuery({
    queryKey: authKeys.organisations,
    queryFn: ({ signal }) => apiGet<{ items: Organisation[] }>('/api/organisations', signal),
    enabled,
    staleTime: 60_000,
  });
}

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  community?: boolean;
  clientOf?: string | null;
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (organisation: NewOrganisation) => apiPostJson<Organisation>('/api/organisations', organisation),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.organisations }),
  });
}

// ---- audit log ----

export function useAuditPage(query: AuditQuery) {
  const apiQuery = auditQueryToApi(query).toString();
  return useQuery({
    queryKey: authKeys.audit(apiQuery),
    queryFn: ({ signal }) => apiGet<AuditPage>(`/api/audit?${apiQuery}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAuditVerify() {
  return useMutation({
    mutationFn: (anchor: string) => apiGet<AuditVerification>(withQuery('/api/audit/verify', new URLSearchParams(anchor.trim() ? { anchor: anchor.trim() } : {}))),
  });
}
