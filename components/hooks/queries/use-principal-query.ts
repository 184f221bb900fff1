"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { getPrincipal, listPrincipals } from "@/lib/server/dal/principals";
import { apiFetch, toSearch } from "./fetcher";
import { principalKeys } from "./keys";
import type { Serialized } from "./serialized";

export type TPrincipalDetail = Serialized<Awaited<ReturnType<typeof getPrincipal>>>;
export type TPrincipalRow = Serialized<Awaited<ReturnType<typeof listPrincipals>>>[number];

export function usePrincipalQuery(id: string, days: number) {
  return useQuery({
    queryKey: principalKeys.detail(id, days),
    queryFn: ({ signal }) => apiFetch<TPrincipalDetail>(`/api/principals/${id}${toSearch({ days })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePrincipalsQuery(search: string) {
  return useQuery({
    queryKey: principalKeys.list(search),
    queryFn: ({ signal }) => apiFetch<{ items: TPrincipalRow[] }>(`/api/principals${toSearch({ search })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}
