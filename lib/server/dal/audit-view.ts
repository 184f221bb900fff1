import "server-only";
// The audit log as an admin reads it (issue 17): each entry's target and details in words, with
// users, accounts, rules, alerts and models by name. The stored row keeps the exact ids (they are
// the record); this only adds `target` and `lines` for the page, looked up in one batch per page.
import type { TPrisma } from "@/lib/server/db/client";
import { isGuid, principalLabel } from "@/lib/shared/names";
import { labelOf } from "./alert-history";
import { lookupNames, principalNamesForRules, type Names, type RuleScope } from "./names";

interface AuditRow {
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

export interface AuditLine {
  label: string;
  value: string;
  /** The value is an identifier shown on purpose (a cloud account's own id): the page marks it data-raw-id. */
  isRawId?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TARGET_TEXT: Record<string, string> = {
  user: "user", account: "cloud account", suppression_rule: "suppression rule", alert: "alert", model_version: "model", notification_channel: "notification channel",
  job: "retraining job", session: "a sign-in session", import_run: "file import", event: "events",
};

const KEY_TEXT: Record<string, string> = {
  externalId: "account id", suppressionRuleId: "suppression rule", ruleId: "suppression rule", fromAlertId: "from alert", alertId: "alert", accountId: "account",
  principalKey: "principal", modelVersionId: "model", channelId: "notification channel", minSeverity: "minimum severity",
};

/** Detail keys whose number is a row id, and which names it: the page shows the name instead. */
const NUMERIC_ID_KEYS: Record<string, "rules" | "alerts" | "models" | "channels"> = {
  suppressionRuleId: "rules", ruleId: "rules", fromAlertId: "alerts", alertId: "alerts", modelVersionId: "models", channelId: "channels",
};
const GONE: Record<string, string> = { rules: "a rule since deleted", alerts: "an alert since deleted", models: "a model since deleted", channels: "a channel since deleted" };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Details are JSON: a key such as "constructor" must not find Object.prototype's members. */
const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);
const isObject = (v: unknown): v is Record<string, Json> => !!v && typeof v === "object" && !Array.isArray(v);
const words = (key: string) => own(KEY_TEXT, key) ?? key.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

/** Every uuid and rule id the entries mention, to look up in one go. */
function collectIds(rows: AuditRow[]): { uuids: Set<string>; rules: Set<number>; alerts: Set<number>; models: Set<number>; channels: Set<number> } {
  const ids = { uuids: new Set<string>(), rules: new Set<number>(), alerts: new Set<number>(), models: new Set<number>(), channels: new Set<number>() };
  const walk = (v: unknown, key = ""): void => {
    if (typeof v === "string" && isGuid(v)) ids.uuids.add(v);
    else if (own(NUMERIC_ID_KEYS, key) && typeof v === "number") ids[NUMERIC_ID_KEYS[key]].add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (isObject(v)) {
      if (typeof v.field === "string" && v.field === "suppression_rule") for (const x of [v.from, v.to]) if (typeof x === "string") ids.rules.add(Number(x));
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  for (const r of rows) {
    walk(r.details);
    const n = Number(r.targetId);
    if (r.targetId && isGuid(r.targetId)) ids.uuids.add(r.targetId);
    else if (r.targetType === "suppression_rule") ids.rules.add(n);
    else if (r.targetType === "alert") ids.alerts.add(n);
    else if (r.targetType === "model_version") ids.models.add(n);
    else if (r.targetType === "notification_channel") ids.channels.add(n);
  }
  return ids;
}

/** A uuid as the user's email or the account's name; any other value as text. */
function valueText(v: Json, names: Names): string {
  if (v === null) return "—";
  if (typeof v === "string") {
    if (ISO_TIME.test(v)) return `${v.slice(0, 10)} ${v.slice(11, 16)} UTC`;
    return isGuid(v) ? (names.users.get(v) ?? names.accounts.get(v) ?? v) : v;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(x, names)).join(", ") : "none";
  if ("from" in v && "to" in v) return `${valueText(v.from, names)} → ${valueText(v.to, names)}`;
  return Object.entries(v).map(([k, x]) => `${words(k)} ${valueText(x, names)}`).join(", ");
}

/** A rule's principal as recorded by triage (key and account), by its display name. */
function principalScopeOf(details: unknown): RuleScope | null {
  if (!isObject(details) || typeof details.principalKey !== "string") return null;
  return { accountId: typeof details.accountId === "string" ? details.accountId : null, principalKey: details.principalKey, action: null };
}

function linesOf(details: unknown, names: Names, principals: Map<string, string>): AuditLine[] {
  if (!isObject(details)) return [];
  const lines: AuditLine[] = [];
  const hasRuleChange = Array.isArray(details.changes) && details.changes.some((c) => isObject(c) && c.field === "suppression_rule");
  for (const [key, v] of Object.entries(details)) {
    if (key === "suppressionRuleId" && hasRuleChange) continue; // the changes already name the rule
    // A triage entry's changes, worded as the alert page's history words them.
    if (key === "changes" && Array.isArray(v)) {
      for (const c of v) {
        if (!isObject(c) || typeof c.field !== "string") continue;
        const label = (x: Json) => labelOf(c.field as string, typeof x === "string" ? x : null, names) ?? "—";
        lines.push(c.field === "comment" ? { label: "comment", value: "added" } : { label: words(c.field), value: `${label(c.from)} → ${label(c.to)}` });
      }
    } else if (key === "changes" && isObject(v)) {
      for (const [field, c] of Object.entries(v)) lines.push({ label: words(field), value: valueText(c, names) });
    } else if (own(NUMERIC_ID_KEYS, key) && typeof v === "number") {
      const kind = NUMERIC_ID_KEYS[key];
      lines.push({ label: words(key), value: names[kind].get(v) ?? GONE[kind] });
    } else if (key === "externalId" && typeof v === "string") {
      lines.push({ label: words(key), value: v, isRawId: true });
    } else if (key === "principalKey" && typeof v === "string") {
      const scope = principalScopeOf(details);
      const name = principals.get(`${scope?.accountId ?? ""}|${v}`) ?? principals.get(`|${v}`);
      lines.push({ label: words(key), value: principalLabel(name ?? v) });
    } else if ((key === "version" || key === "previous") && (typeof v === "number" || Array.isArray(v))) {
      const versions = (Array.isArray(v) ? v : [v]).map((x) => `v${String(x)}`);
      lines.push({ label: key === "previous" ? "previous model" : "model", value: versions.join(", ") || "none" });
    } else {
      lines.push({ label: words(key), value: valueText(v, names) });
    }
  }
  return lines;
}

function targetOf(r: AuditRow, names: Names): { label: string; href: string | null } | null {
  if (!r.targetType) return null;
  const kind = own(TARGET_TEXT, r.targetType) ?? words(r.targetType);
  const id = r.targetId ?? "";
  const n = Number(id);
  const details = isObject(r.details) ? r.details : {};
  // A deleted target keeps the name its entry recorded (e.g. a channel's), else just its kind.
  const recorded = typeof details.name === "string" ? details.name : typeof details.email === "string" ? details.email : null;
  switch (r.targetType) {
    case "user":
      return { label: `${kind} ${names.users.get(id) ?? recorded ?? "(deleted)"}`, href: null };
    case "account":
      return { label: `${kind} ${names.accounts.get(id) ?? "(deleted)"}`, href: null };
    case "suppression_rule":
      return { label: `${kind}: ${names.rules.get(n) ?? "(deleted)"}`, href: null };
    case "alert":
      return names.alerts.has(n) ? { label: `${kind}: ${names.alerts.get(n)}`, href: `/alerts/${n}` } : { label: kind, href: null };
    case "model_version":
      return { label: names.models.get(n) ?? kind, href: null };
    case "notification_channel":
      return { label: `${kind} ${names.channels.get(n) ?? recorded ?? "(deleted)"}`, href: null };
    default:
      return { label: kind, href: null };
  }
}

/** The page's view of audit rows: `target` (label, link) and `lines` of details, ids as names. */
export async function describeAuditEntries<T extends AuditRow>(db: TPrisma, rows: T[]): Promise<Array<T & { target: { label: string; href: string | null } | null; lines: AuditLine[] }>> {
  const ids = collectIds(rows);
  const [names, principals] = await Promise.all([
    lookupNames(db, { users: ids.uuids, accounts: ids.uuids, rules: ids.rules, alerts: ids.alerts, models: ids.models, channels: ids.channels }),
    principalNamesForRules(db, rows.map((r) => principalScopeOf(r.details)).filter((x): x is RuleScope => x !== null)),
  ]);
  return rows.map((r) => ({ ...r, target: targetOf(r, names), lines: linesOf(r.details, names, principals) }));
}
