"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { getOverview } from "@/lib/server/dal/overview";
import type { TRangePreset } from "@/lib/shared/time-range";
import { apiFetch, toSearch } from "./fetcher";
import { overviewKeys } from "./keys";
import type { Serialized } from "./serialized";

export type TOverview = Serialized<Awaited<ReturnType<typeof getOverview>>>;

export function useOverviewQuery(range: TRangePreset) {
  return useQuery({
    queryKey: overviewKeys.range(range),
    queryFn: ({ signal }) => apiFetch<TOverview>(`/api/overview${toSearch({ range })}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
