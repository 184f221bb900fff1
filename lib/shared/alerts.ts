// Alert vocabulary, inbox filters and triage inputs shared by the route handlers (zod parse) and
// the browser (the same filters live in the URL so a view can be shared).
import { z } from "zod";
import { ATTACK_TACTIC_ID_RE, ATTACK_TECHNIQUE_ID_RE } from "./attack";
import { ZIntId, ZIsoDate, ZPage } from "./schemas";

export const ALERT_STATUSES = ["open", "acknowledged", "closed"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const CLOSE_REASONS = ["true_positive", "benign_positive", "false_positive", "duplicate", "other"] as const;
/** "newest"/"oldest" go by when the activity happened (last event); "raised" by when the detector raised the alert. */
export const ALERT_SORTS = ["newest", "oldest", "score", "raised"] as const;
export const ALERT_SORT_LABELS: Record<(typeof ALERT_SORTS)[number], string> = {
  newest: "newest activity",
  oldest: "oldest activity",
  score: "highest score",
  raised: "recently raised",
};

export type TAlertStatus = (typeof ALERT_STATUSES)[number];
export type TSeverity = (typeof SEVERITIES)[number];
export type TCloseReason = (typeof CLOSE_REASONS)[number];
export type TAlertSort = (typeof ALERT_SORTS)[number];

export const CLOSE_REASON_LABELS: Record<TCloseReason, string> = {
  true_positive: "True positive",
  benign_positive: "Benign positive",
  false_positive: "False positive",
  duplicate: "Duplicate",
  other: "Other",
};

/** "open" in the inbox means "not closed yet": acknowledged alerts still need a decision. */
export const ZAlertStatusFilter = z.enum([...ALERT_STATUSES, "active", "all"]).default("active");

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const ZAlertFilters = z.object({
  status: ZAlertStatusFilter,
  severity: csvOf(SEVERITIES).optional(),
  accountId: z.uuid().optional(),
  principal: z.string().trim().max(300).optional(),
  action: z.string().trim().max(300).optional(),
  category: z.string().trim().max(100).optional(),
  /** ATT&CK tactic id (TA0005) or technique id (T1562, which also matches its sub-techniques). */
  tactic: z.string().trim().regex(ATTACK_TACTIC_ID_RE, "an ATT&CK tactic id such as TA0005").optional(),
  technique: z.string().trim().toUpperCase().regex(ATTACK_TECHNIQUE_ID_RE, "an ATT&CK technique id such as T1562.008").optional(),
  assignee: z.union([z.literal("me"), z.literal("none"), z.uuid()]).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  // "last_event" was the event-time order's name before "newest" became it (shared links keep working).
  sort: z.preprocess((v) => (v === "last_event" ? "newest" : v), z.enum(ALERT_SORTS).default("newest")),
});
export type TAlertFilters = z.infer<typeof ZAlertFilters>;

export const ZAlertListQuery = ZAlertFilters.extend(ZPage.shape);
export type TAlertListQuery = z.infer<typeof ZAlertListQuery>;

const ZSuppression = z.object({
  scope: z.enum(["principal", "action", "account", "principal_action"]),
  reason: z.string().trim().min(3).max(500),
  /** Days until the rule expires; permanent allow-lists hide real attacks (DOMAIN.md §4), so capped. */
  expiresInDays: z.number().int().min(1).max(365),
});
export type TSuppressionInput = z.infer<typeof ZSuppression>;

export const ZTriageAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("acknowledge") }),
  z.object({ kind: z.literal("assign"), assigneeId: z.uuid().nullable() }),
  z.object({ kind: z.literal("comment"), body: z.string().trim().min(1).max(5000) }),
  z.object({
    kind: z.literal("close"),
    reason: z.enum(CLOSE_REASONS),
    comment: z.string().trim().max(5000).optional(),
    suppression: ZSuppression.optional(),
  }),
  z.object({ kind: z.literal("reopen") }),
]);
export type TTriageAction = z.infer<typeof ZTriageAction>;

export const ZBulkTriage = z.object({
  ids: z.array(ZIntId).min(1).max(200),
  action: ZTriageAction.refine((a) => a.kind !== "comment" && !(a.kind === "close" && a.suppression), {
    message: "bulk actions cannot comment or create suppression rules",
  }),
});
export type TBulkTriage = z.infer<typeof ZBulkTriage>;
