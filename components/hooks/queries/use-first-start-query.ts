"use client";
import { useQuery } from "@tanstack/react-query";
import type { TFirstStart } from "@/lib/server/dal/first-start";
import { apiFetch } from "./fetcher";
import { statusKeys } from "./keys";

const POLL_MS = 5_000;

/** Polls while the demo is being set up; once the first scoring pass is done, never again. */
export function useFirstStartQuery() {
  return useQuery({
    queryKey: statusKeys.firstStart,
    queryFn: ({ signal }) => apiFetch<TFirstStart>("/api/first-start", { signal }),
    staleTime: POLL_MS,
    refetchInterval: (q) => (q.state.data?.phase === "done" ? false : POLL_MS),
  });
}
