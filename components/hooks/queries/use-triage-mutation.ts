"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TTriageAction } from "@/lib/shared/alerts";
import { apiFetch } from "./fetcher";
import { alertKeys, overviewKeys, principalKeys } from "./keys";

export interface TriageResult {
  changed: number[];
  suppressionRuleId: number | null;
}

/** One triage action on one alert (detail page) or many (inbox bulk bar). */
export function useTriageMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, action }: { ids: number[]; action: TTriageAction }) =>
      ids.length === 1
        ? apiFetch<TriageResult>(`/api/alerts/${ids[0]}/triage`, { method: "POST", json: action })
        : apiFetch<TriageResult>("/api/alerts/bulk", { method: "POST", json: { ids, action } }),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: alertKeys.all }),
        qc.invalidateQueries({ queryKey: overviewKeys.all }),
        qc.invalidateQueries({ queryKey: principalKeys.all }),
      ]),
  });
}
