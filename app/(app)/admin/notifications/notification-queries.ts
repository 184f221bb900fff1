"use client";
// The notification screen's endpoints (issue 17): channels and the delivery log.
import { useQuery } from "@tanstack/react-query";
import { apiFetch, toSearch } from "@/components/hooks/queries/fetcher";

export interface ChannelView {
  id: number;
  name: string;
  format: "json" | "slack" | "teams";
  minSeverity: "low" | "medium" | "high" | "critical";
  enabled: boolean;
  urlHint: string;
  createdByEmail: string | null;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  channel: { id: number; name: string };
  alert: { id: number; title: string; severity: string };
}

export const notificationKeys = {
  channels: ["admin", "notifications", "channels"] as const,
  deliveries: ["admin", "notifications", "deliveries"] as const,
};

export const useChannelsQuery = () => useQuery({ queryKey: notificationKeys.channels, queryFn: () => apiFetch<{ items: ChannelView[] }>("/api/admin/notifications") });
export const useDeliveriesQuery = () =>
  useQuery({ queryKey: notificationKeys.deliveries, queryFn: () => apiFetch<{ items: DeliveryView[] }>(`/api/admin/notifications/deliveries${toSearch({ limit: 100 })}`), refetchInterval: 5_000 });
