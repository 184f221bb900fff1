// Attack victims drawn from the demo organisation: people (console users, CLI admins) and workload
// roles, described by the identity block their normal events carry so the attacker's events share
// their principal key.
import { openSession } from "./aws-record";
import { deriveRng, hashString } from "./rng";
import { DAY_MS, HOUR_MS, isWorkday, localTimeOnDay, startOfUtcDay } from "./calendar";
import type { AttackVictim } from "./attacks";
import type { DemoOrg } from "./org";
import type { DemoPrincipal } from "./types";

function workdayMoments(p: DemoPrincipal, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let day = startOfUtcDay(fromMs); day < toMs; day += DAY_MS) {
    if (!isWorkday(day + 12 * HOUR_MS, p.utcOffsetHours)) continue;
    for (const hour of [10, 12, 14, 16]) out.push(localTimeOnDay(day, p.utcOffsetHours, hour));
  }
  return out.filter((t) => t >= Math.max(fromMs, p.activeFrom) && t < toMs - HOUR_MS);
}

export function victimFromPrincipal(p: DemoPrincipal, window: { fromMs: number; toMs: number }): AttackVictim {
  const compute = p.workload?.compute;
  // Stolen task / instance credentials carry a session name of the kind the workload uses.
  const rng = deriveRng(hashString(p.key), "victim-session");
  const sessionName = compute === "lambda" ? p.name : compute === "ec2" ? `i-0${rng.hex(16)}` : compute === "ecs" ? rng.hex(32) : null;
  const s = openSession(p, { sessionName, accessKeyId: p.identityType === "IAMUser" ? (p.accessKeyId ?? "") : "ASIA" + rng.upper(16), createdAt: window.fromMs, sourceIp: "", userAgent: "" });
  const isPerson = p.kind === "human";
  return {
    key: p.key, accountId: p.account.id, region: p.region, userIdentity: s.identity, canConsole: p.behaviour === "console-human",
    activeTimes: isPerson ? workdayMoments(p, window.fromMs, window.toMs) : undefined,
  };
}

/** People of every AWS account, plus one workload role per account (stolen instance/task credentials). */
export function demoVictims(org: DemoOrg, window: { fromMs: number; toMs: number }): AttackVictim[] {
  // The admin who rotates their key in the window is left out: a stolen key must still be valid.
  const aws = org.principals.filter((p) => p.provider === "aws" && p.activeFrom <= window.fromMs && !p.keyRotation);
  const people = aws.filter((p) => p.behaviour === "console-human" || p.behaviour === "cli-admin");
  const roles = org.accounts.flatMap((a) => aws.filter((p) => p.behaviour === "workload" && p.account.id === a.id).slice(0, 1));
  return [...people, ...roles].map((p) => victimFromPrincipal(p, window));
}
