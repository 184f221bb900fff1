"use client";
import { useQuery } from "@tanstack/react-query";
import type { getAlert, getAlertFacets, listAssignees, listRelatedAlerts } from "@/lib/server/dal/alerts";
import { apiFetch } from "./fetcher";
import { alertKeys } from "./keys";
import type { Serialized } from "./serialized";

export type TAlertDetail = Serialized<Awaited<ReturnType<typeof getAlert>>>;
export type TRelatedAlerts = Serialized<Awaited<ReturnType<typeof listRelatedAlerts>>>;
export type TAlertFacets = Serialized<Awaited<ReturnType<typeof getAlertFacets>>>;
export type TAssignee = Serialized<Awaited<ReturnType<typeof listAssignees>>>[number];

export function useAlertQuery(id: number) {
  return useQuery({ queryKey: alertKeys.detail(id), queryFn: ({ signal }) => apiFetch<TAlertDetail>(`/api/alerts/${id}`, { signal }) });
}

export function useRelatedAlertsQuery(id: number) {
  return useQuery({ queryKey: alertKeys.related(id), queryFn: ({ signal }) => apiFetch<TRelatedAlerts>(`/api/alerts/${id}/related`, { signal }) });
}

export function useAlertFacetsQuery() {
  return useQuery({ queryKey: alertKeys.facets(), queryFn: ({ signal }) => apiFetch<TAlertFacets>("/api/alerts/facets", { signal }), staleTime: 5 * 60_000 });
}

export function useAssigneesQuery(enabled = true) {
  return useQuery({
    queryKey: alertKeys.assignees(),
    queryFn: ({ signal }) => apiFetch<{ items: TAssignee[] }>("/api/alerts/assignees", { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}
