// Attack injection (DOMAIN.md §5): real detonation records rewritten into a victim's timeline. The
// credential the detonation ran with becomes the victim's (same principal key, so the events land
// in the victim's history); roles the attacker created or assumed keep their names but move into the
// victim's account. Time keeps the detonation's relative spacing; IP and user agent become the
// attacker's; foreign account ids (snapshot-sharing targets) are left as they were.
import { regionFor } from "./aws-record";
import { isoSeconds } from "./calendar";
import type { Detonation } from "./detonations";
import { deriveRng, type Rng } from "./rng";
import type { AwsRecord, EventLabel } from "./types";

export interface AttackVictim {
  /** Principal key of the victim (role ARN / user ARN). */
  key: string;
  accountId: string;
  region: string;
  /** A userIdentity block as in the victim's normal events; the attacker's events carry it. */
  userIdentity: Record<string, unknown>;
  /** Can sign in to the console (IAM user with a password). */
  canConsole: boolean;
  /** Moments the victim is normally active; attacks are spliced in near one of them if given. */
  activeTimes?: number[];
}

export interface AttackPlan {
  detonation: Detonation;
  victim: AttackVictim;
  at: number;
  attackerIp: string;
  userAgent: string;
}

const ATTACKER_UAS = [
  "aws-cli/2.13.25 Python/3.11.5 Linux/6.2.0-1012-aws exe/x86_64.ubuntu.22 prompt/off",
  "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.5.0-1014-kali md/arch#x86_64 lang/python#3.11.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57",
  "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64",
];
const BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0";
const ATTACKER_NETS = ["185.220.101", "45.137.21", "193.32.162", "5.188.206", "91.240.118"];
const IP_LIKE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Deterministic schedule: one injection per detonation, victims and moments drawn from the seed. */
export function planAttacks(detonations: Detonation[], victims: AttackVictim[], seed: number, window: { fromMs: number; toMs: number }): AttackPlan[] {
  const rng = deriveRng(seed, "attack-plan");
  return detonations.map((detonation) => {
    const needsConsole = detonation.records.some((r) => r.eventName === "ConsoleLogin");
    const pool = victims.filter((v) => !needsConsole || v.canConsole);
    const victim = rng.pick(pool.length ? pool : victims);
    const active = victim.activeTimes?.filter((t) => t >= window.fromMs && t < window.toMs) ?? [];
    const at = active.length ? rng.pick(active) + rng.int(60_000, 40 * 60_000) : window.fromMs + Math.floor(rng.next() * (window.toMs - window.fromMs));
    return { detonation, victim, at: Math.min(at, window.toMs - 1), attackerIp: `${rng.pick(ATTACKER_NETS)}.${rng.int(2, 254)}`, userAgent: rng.pick(ATTACKER_UAS) };
  });
}

function ownAccounts(records: AwsRecord[]): Set<string> {
  const own = new Set<string>();
  const add = (v: unknown) => typeof v === "string" && /^\d{12}$/.test(v) && own.add(v);
  for (const r of records) {
    add(r.recipientAccountId);
    const id = (r.userIdentity ?? {}) as Record<string, unknown>;
    add(id.accountId);
    for (const m of String(id.arn ?? "").match(/\b\d{12}\b/g) ?? []) add(m);
  }
  return own;
}

/** The credential the detonation ran with: the first IAM user, else the most frequent identity. */
function primaryArn(records: AwsRecord[]): string {
  const arns = records.map((r) => String((r.userIdentity as Record<string, unknown> | undefined)?.arn ?? ""));
  const user = records.find((r) => (r.userIdentity as Record<string, unknown> | undefined)?.type === "IAMUser");
  if (user) return String((user.userIdentity as Record<string, unknown>).arn);
  const counts = new Map<string, number>();
  for (const a of arns) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/** The detonation's records rewritten for `plan`, and one label per record. */
export function rewriteDetonation(plan: AttackPlan, rng: Rng): { records: AwsRecord[]; labels: EventLabel[] } {
  const { detonation, victim } = plan;
  const src = detonation.records;
  const t0 = Date.parse(src[0].eventTime);
  const primary = primaryArn(src);
  const regions = new Set(src.map((r) => String(r.awsRegion)));
  const swaps: Array<[string, string]> = [[primary, String(victim.userIdentity.arn ?? victim.key)]];
  for (const a of ownAccounts(src)) swaps.push([a, victim.accountId]);
  for (const r of regions) swaps.push([r, victim.region]);
  swaps.push(["stratus-red-team", "ops-maint"], ["stratus_red_team", "ops_maint"], ["StratusRedTeam", "Maintenance"]);
  const records: AwsRecord[] = [];
  const labels: EventLabel[] = [];
  const injectedAt = isoSeconds(plan.at);
  for (const original of src) {
    const identity = original.userIdentity as Record<string, unknown>;
    const isPrimary = identity?.arn === primary;
    const { userIdentity: _drop, ...rest } = original;
    let text = JSON.stringify(rest);
    for (const [from, to] of swaps) text = text.replaceAll(from, to);
    const rec = JSON.parse(text) as AwsRecord;
    let idText = JSON.stringify(identity ?? {});
    for (const [from, to] of swaps.slice(1)) idText = idText.replaceAll(from, to);
    const t = plan.at + (Date.parse(original.eventTime) - t0);
    const isConsole = original.eventName === "ConsoleLogin";
    const out: AwsRecord = {
      eventVersion: rec.eventVersion, userIdentity: isPrimary ? { ...victim.userIdentity } : JSON.parse(idText),
      ...rec, eventTime: isoSeconds(t), eventID: rng.uuid(),
    };
    if (isPrimary && isConsole) {
      const u = out.userIdentity as Record<string, unknown>;
      delete u.accessKeyId;
      delete u.sessionContext;
    }
    out.requestID = rng.uuid();
    out.awsRegion = regionFor(String(out.eventSource), String(out.awsRegion));
    if (IP_LIKE.test(String(out.sourceIPAddress))) out.sourceIPAddress = plan.attackerIp;
    const originalUa = String(original.userAgent ?? "");
    if (originalUa.startsWith("stratus-red-team") || originalUa.startsWith("aws-sdk-go")) out.userAgent = isConsole ? BROWSER_UA : plan.userAgent;
    records.push(out);
    labels.push({ eventId: out.eventID, technique: detonation.technique, tactic: detonation.tactic, file: detonation.file, victim: victim.key, injectedAt, provider: "aws" });
  }
  return { records, labels };
}

export interface InjectAttacksOptions {
  /** Normal records to inject into (any order); returned merged and sorted by eventTime. */
  records?: AwsRecord[];
  detonations: Detonation[];
  victims: AttackVictim[];
  seed: number;
  /** Attack moments are drawn from [fromMs, toMs): the later part of the period (test split). */
  fromMs: number;
  toMs: number;
}

export function injectAttacks(o: InjectAttacksOptions): { records: AwsRecord[]; labels: EventLabel[]; plans: AttackPlan[]; injected: AwsRecord[] } {
  if (!o.victims.length) throw new Error("injectAttacks: no victims");
  const plans = planAttacks(o.detonations, o.victims, o.seed, { fromMs: o.fromMs, toMs: o.toMs });
  const rng = deriveRng(o.seed, "attack-rewrite");
  const injected: AwsRecord[] = [];
  const labels: EventLabel[] = [];
  for (const plan of plans) {
    const r = rewriteDetonation(plan, rng);
    injected.push(...r.records);
    labels.push(...r.labels);
  }
  const records = [...(o.records ?? []), ...injected].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return { records, labels, plans, injected };
}
