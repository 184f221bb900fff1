// How an account reaches Trailwatch, as the screens say it (issue 17). An account that an import
// created (config.source "file", lib/server/ingest/store-accounts.ts) or the demo seeded, and that
// has no credentials, has nothing to poll and nothing to test: "imported only", not "active".
// lib/server/dal/overview.ts applies the same rule in SQL.

export interface TAccountOrigin {
  credentialsSet: boolean;
  isDemo: boolean;
  config: unknown;
}

export function isImportOnlyAccount(a: TAccountOrigin): boolean {
  return !a.credentialsSet && (a.isDemo || (a.config as { source?: unknown } | null)?.source === "file");
}

/** The status word on the accounts screen: "pending" means only that nobody has tested it yet. */
export function accountStatusText(a: TAccountOrigin & { enabled: boolean; status: string }): string {
  if (isImportOnlyAccount(a)) return a.isDemo ? "imported only (demo)" : "imported only";
  if (!a.enabled) return "disabled";
  if (a.status === "pending") return "not tested";
  return a.status === "error" ? "connection failed" : a.status;
}
