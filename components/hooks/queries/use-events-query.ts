"use client";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { getEvent, searchEvents } from "@/lib/server/dal/events";
import type { TEventFilters } from "@/lib/shared/events";
import { apiFetch, toSearch } from "./fetcher";
import { eventKeys, type UrlFilters } from "./keys";
import type { Serialized } from "./serialized";

export type TEventPage = Serialized<Awaited<ReturnType<typeof searchEvents>>>;
export type TEventDetail = Serialized<Awaited<ReturnType<typeof getEvent>>>;

export function useEventsQuery(filters: UrlFilters<TEventFilters>, limit = 50) {
  return useInfiniteQuery({
    queryKey: eventKeys.list(filters),
    queryFn: ({ pageParam, signal }) => apiFetch<TEventPage>(`/api/events${toSearch({ ...filters, limit, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useEventQuery(id: string | null) {
  return useQuery({
    queryKey: eventKeys.detail(id ?? ""),
    queryFn: ({ signal }) => apiFetch<TEventDetail>(`/api/events/${id}`, { signal }),
    enabled: id !== null,
  });
}
