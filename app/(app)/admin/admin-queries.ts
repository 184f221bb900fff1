"use client";
// TanStack hooks for the admin screens: one per endpoint, keys from one factory, mutations
// invalidate the list they change. Only the admin pages use them, so they live beside the routes.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, toSearch } from "@/components/hooks/queries/fetcher";
import type { AccountView, AuditPage, JobsStatus, ModelVersionView, RejectsPage, RuleView, UserView } from "./admin-types";

export const adminKeys = {
  users: ["admin", "users"] as const,
  accounts: ["admin", "accounts"] as const,
  rules: ["admin", "rules"] as const,
  models: ["admin", "models"] as const,
  jobs: ["admin", "jobs"] as const,
  rejects: (cursor: string | null) => ["admin", "rejects", cursor] as const,
  audit: (cursor: string | null) => ["admin", "audit", cursor] as const,
};

export const useUsersQuery = () => useQuery({ queryKey: adminKeys.users, queryFn: () => apiFetch<{ items: UserView[] }>("/api/admin/users") });
export const useAccountsQuery = () =>
  useQuery({ queryKey: adminKeys.accounts, queryFn: () => apiFetch<{ items: AccountView[] }>("/api/admin/accounts"), refetchInterval: 15_000 });
export const useRulesQuery = () => useQuery({ queryKey: adminKeys.rules, queryFn: () => apiFetch<{ items: RuleView[] }>("/api/admin/suppression-rules") });
export const useModelsQuery = () => useQuery({ queryKey: adminKeys.models, queryFn: () => apiFetch<{ items: ModelVersionView[] }>("/api/admin/models") });
export const useJobsQuery = () => useQuery({ queryKey: adminKeys.jobs, queryFn: () => apiFetch<JobsStatus>("/api/admin/jobs"), refetchInterval: 10_000 });
export const useRejectsQuery = (cursor: string | null) =>
  useQuery({ queryKey: adminKeys.rejects(cursor), queryFn: () => apiFetch<RejectsPage>(`/api/admin/rejects${toSearch({ cursor, limit: 50 })}`), placeholderData: keepPreviousData });
export const useAuditQuery = (cursor: string | null) =>
  useQuery({ queryKey: adminKeys.audit(cursor), queryFn: () => apiFetch<AuditPage>(`/api/admin/audit${toSearch({ cursor, limit: 50 })}`), placeholderData: keepPreviousData });

/** A write to an admin endpoint that refreshes the given list (and the audit log) on success. */
export function useAdminMutation<TInput, TOut = unknown>(invalidate: readonly unknown[], request: (input: TInput) => Promise<TOut>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: invalidate });
      await client.invalidateQueries({ queryKey: ["admin", "audit"] });
    },
  });
}
