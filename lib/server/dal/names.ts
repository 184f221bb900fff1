import "server-only";
// Names for ids (issue 17): the pages show users, accounts, suppression rules and alerts by what
// an analyst knows them as, never by uuid or row number. One batched lookup per kind, so a page
// of history or audit entries costs a handful of queries, whatever its length.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPrisma } from "@/lib/server/db/client";
import { actionLabel, isGuid, principalLabel } from "@/lib/shared/names";

type TDb = TPrisma | Prisma.TransactionClient;

export interface NameRequest {
  users?: Iterable<string>;
  accounts?: Iterable<string>;
  rules?: Iterable<number>;
  alerts?: Iterable<number>;
  models?: Iterable<number>;
  channels?: Iterable<number>;
}

export interface Names {
  users: Map<string, string>;
  accounts: Map<string, string>;
  rules: Map<number, string>;
  alerts: Map<number, string>;
  models: Map<number, string>;
  channels: Map<number, string>;
}

export interface RuleScope {
  accountId: string | null;
  principalKey: string | null;
  action: string | null;
}

const uuids = (xs: Iterable<string> | undefined) => [...new Set(xs ?? [])].filter(isGuid);
const ints = (xs: Iterable<number> | undefined) => [...new Set(xs ?? [])].filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);

/** "Production (AWS) · ci-deployer · CreateAccessKey (IAM)": what a rule matches, by name. */
export function ruleScopeText(r: RuleScope, accounts: Map<string, string>, principals: Map<string, string>): string {
  const account = r.accountId ? (accounts.get(r.accountId) ?? "a deleted account") : null;
  const principal = r.principalKey ? principalLabel(principals.get(`${r.accountId ?? ""}|${r.principalKey}`) ?? principals.get(`|${r.principalKey}`) ?? r.principalKey) : null;
  return [account, principal, r.action ? actionLabel(r.action) : null].filter(Boolean).join(" · ");
}

/** Display names of the rules' principals, keyed "<accountId>|<key>" (and "|<key>" for any account). */
export async function principalNamesForRules(db: TDb, rules: RuleScope[]): Promise<Map<string, string>> {
  const keys = [...new Set(rules.map((r) => r.principalKey).filter((k): k is string => !!k))];
  if (keys.length === 0) return new Map();
  const rows = await db.principal.findMany({ where: { key: { in: keys } }, select: { accountId: true, key: true, displayName: true }, take: 5000 });
  const out = new Map<string, string>();
  for (const p of rows) {
    out.set(`${p.accountId}|${p.key}`, p.displayName);
    if (!out.has(`|${p.key}`)) out.set(`|${p.key}`, p.displayName);
  }
  return out;
}

export async function accountNames(db: TDb, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = uuids(ids);
  if (list.length === 0) return new Map();
  const rows = await db.cloudAccount.findMany({ where: { id: { in: list } }, select: { id: true, displayName: true } });
  return new Map(rows.map((a) => [a.id, a.displayName]));
}

async function ruleNames(db: TDb, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rules = await db.suppressionRule.findMany({ where: { id: { in: ids } }, select: { id: true, accountId: true, principalKey: true, action: true } });
  const [accounts, principals] = await Promise.all([accountNames(db, rules.flatMap((r) => (r.accountId ? [r.accountId] : []))), principalNamesForRules(db, rules)]);
  return new Map(rules.map((r) => [r.id, ruleScopeText(r, accounts, principals)]));
}

/** Names for every id asked for; an id with no row (deleted since) is simply absent. */
export async function lookupNames(db: TDb, req: NameRequest): Promise<Names> {
  const users = uuids(req.users);
  const alerts = ints(req.alerts);
  const models = ints(req.models);
  const channels = ints(req.channels);
  const [u, accounts, rules, a, m, c] = await Promise.all([
    users.length ? db.user.findMany({ where: { id: { in: users } }, select: { id: true, email: true } }) : [],
    accountNames(db, req.accounts ?? []),
    ruleNames(db, ints(req.rules)),
    alerts.length ? db.alert.findMany({ where: { id: { in: alerts } }, select: { id: true, title: true } }) : [],
    models.length ? db.modelVersion.findMany({ where: { id: { in: models } }, select: { id: true, version: true } }) : [],
    channels.length ? db.notificationChannel.findMany({ where: { id: { in: channels } }, select: { id: true, name: true } }) : [],
  ]);
  return {
    users: new Map(u.map((x) => [x.id, x.email])),
    accounts,
    rules,
    alerts: new Map(a.map((x) => [x.id, x.title])),
    models: new Map(m.map((x) => [x.id, `model v${x.version}`])),
    channels: new Map(c.map((x) => [x.id, x.name])),
  };
}
