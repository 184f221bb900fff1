// Query key factories, one per entity (TkDodo's pattern, as formbricks and dub use): a mutation
// invalidates a whole branch (e.g. alertKeys.all) without knowing which filters are cached.
import type { TAlertFilters } from "@/lib/shared/alerts";
import type { TEventFilters } from "@/lib/shared/events";
import type { TRangePreset } from "@/lib/shared/time-range";

export type UrlFilters<T> = { [K in keyof T]?: string };

export const alertKeys = {
  all: ["alerts"] as const,
  lists: () => [...alertKeys.all, "list"] as const,
  list: (filters: UrlFilters<TAlertFilters>) => [...alertKeys.lists(), filters] as const,
  detail: (id: number) => [...alertKeys.all, "detail", id] as const,
  timeline: (id: number, window: { before: number; after: number }) => [...alertKeys.all, "timeline", id, window] as const,
  related: (id: number) => [...alertKeys.all, "related", id] as const,
  facets: () => [...alertKeys.all, "facets"] as const,
  assignees: () => [...alertKeys.all, "assignees"] as const,
};

export const eventKeys = {
  all: ["events"] as const,
  list: (filters: UrlFilters<TEventFilters>) => [...eventKeys.all, "list", filters] as const,
  detail: (id: string) => [...eventKeys.all, "detail", id] as const,
  timeline: (id: string, window: { before: number; after: number }) => [...eventKeys.all, "timeline", id, window] as const,
};

export const principalKeys = {
  all: ["principals"] as const,
  list: (search: string) => [...principalKeys.all, "list", search] as const,
  detail: (id: string, days: number) => [...principalKeys.all, "detail", id, days] as const,
};

export const overviewKeys = {
  all: ["overview"] as const,
  range: (range: TRangePreset) => [...overviewKeys.all, range] as const,
};

export const statusKeys = {
  firstStart: ["status", "first-start"] as const,
};
