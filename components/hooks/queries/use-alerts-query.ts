"use client";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { listAlerts } from "@/lib/server/dal/alerts";
import type { TAlertFilters } from "@/lib/shared/alerts";
import { apiFetch, toSearch } from "./fetcher";
import { alertKeys, type UrlFilters } from "./keys";
import type { Serialized } from "./serialized";

export type TAlertPage = Serialized<Awaited<ReturnType<typeof listAlerts>>>;
export type TAlertRow = TAlertPage["items"][number];

/** The inbox: keyset pages appended as the analyst asks for more; old rows stay while filters change. */
export function useAlertsQuery(filters: UrlFilters<TAlertFilters>, limit = 50) {
  return useInfiniteQuery({
    queryKey: alertKeys.list(filters),
    queryFn: ({ pageParam, signal }) => apiFetch<TAlertPage>(`/api/alerts${toSearch({ ...filters, limit, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
