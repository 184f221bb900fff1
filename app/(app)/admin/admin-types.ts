// What the admin endpoints answer, as the browser sees it (dates as ISO strings, bigints as strings).
export type TRole = "admin" | "analyst" | "viewer";

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: TRole;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface AccountView {
  id: string;
  provider: "aws" | "azure";
  externalId: string;
  displayName: string;
  config: Record<string, unknown>;
  status: string;
  statusMessage: string | null;
  enabled: boolean;
  isDemo: boolean;
  checkpoint: Record<string, unknown>;
  learningUntil: string | null;
  lastPolledAt: string | null;
  credentialsSet: boolean;
  importRuns?: Array<{ source: string; status: string; stored: number; rejected: number; error: string | null; startedAt: string; finishedAt: string | null }>;
}

export interface ConnectionCheck {
  check: string;
  ok: boolean;
  error?: string;
  cause?: "network" | "credentials" | "permission" | "other";
  missingPermission?: string;
}

export interface RuleView {
  id: number;
  accountId: string | null;
  principalKey: string | null;
  action: string | null;
  reason: string;
  expiresAt: string | null;
  hitCount: number;
  enabled: boolean;
  createdAt: string;
  owner: { email: string } | null;
  /** What the rule matches, by account, principal and action name. */
  scope: string;
}

export interface ModelVersionView {
  id: number;
  version: number;
  status: string;
  architecture: string;
  backend: string | null;
  metrics: Record<string, unknown>;
  trainFrom: string | null;
  trainTo: string | null;
  trainEvents: string;
  error: string | null;
  createdAt: string;
  promotedAt: string | null;
  /** For a cross-fitting fold model: the version it belongs to (lib/server/dal/models.ts). */
  foldOf: number | null;
}

/** lib/server/jobs/pipeline-status.ts getPipelineStatus(), as JSON. */
export interface JobsStatus {
  modelVersionId: number | null;
  backlog: number;
  lagSeconds: number;
  queues: Array<{ name: string; queued: number; active: number; retrying: number; failed: number; completedDay: number; lastCompletedAt: string | null }>;
  recentJobs: Array<{ id: string; name: string; state: string; startedAt: string | null; finishedAt: string | null }>;
  failedJobs: Array<{ id: string; name: string; error: string; failedAt: string | null }>;
  workers: Array<{ id: string; at: string; isAlive: boolean }>;
  workersAlive: number;
  training: Array<{ id: number; version: number }>;
}

export interface RejectsPage {
  items: Array<{ id: string; file: string; position: string; reason: string; raw: string | null; createdAt: string; importRun: { id: string; source: string } | null }>;
  total: number;
  nextCursor: string | null;
}

export interface AuditPage {
  items: Array<{
    id: string; actorEmail: string | null; action: string; targetType: string | null; targetId: string | null; details: unknown; ip: string | null; userAgent: string | null; createdAt: string;
    /** The target and details in words, ids as names (lib/server/dal/audit-view.ts). */
    target: { label: string; href: string | null } | null;
    lines: Array<{ label: string; value: string; isRawId?: boolean }>;
  }>;
  nextCursor: string | null;
}

export function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—";
}
