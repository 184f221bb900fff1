// People in the AWS console: each session replays one of the REAL console sessions
// (console-templates.ts) with this person's identity, IP, browser, region and time. Background
// calls the console makes keep their `AWS Internal` / service identities like the original.
import { buildAwsRecord, openSession, type AwsSession } from "../aws-record";
import { eventsForAccount } from "../console-templates";
import { deriveRng, type Rng } from "../rng";
import { awsEvent, type Behaviour, type SimContext } from "../sim-context";
import type { DemoPrincipal } from "../types";
import { daysOf, planDay } from "./daily-plan";

export function* runConsoleHuman(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "console", p.key);
  let busyUntil = 0;
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    for (const planned of planDay(p, day, rng, { perDay: [1, 3], startMs: ctx.startMs, endMs: ctx.endMs })) {
      if (planned.start < busyUntil) continue;
      const favourites = p.favouriteTemplates ?? [];
      const index = favourites.length && rng.chance(0.85) ? rng.pick(favourites) : rng.int(0, ctx.templates.length - 1);
      const template = ctx.templates[index];
      const stretch = 0.8 + rng.next() * 0.45;
      const ip = planned.fromOffice ? p.officeIp : p.homeIp;
      const session = openSession(p, { accessKeyId: "ASIA" + rng.upper(16), createdAt: planned.start, mfa: true, sourceIp: ip, userAgent: p.userAgent, isConsole: true });
      const events = eventsForAccount(template, p.account.id);
      if (events[0]?.name !== "ConsoleLogin") {
        yield awsEvent(planned.start, signIn(p, rng, planned.start, session));
      }
      let t = planned.start;
      for (const e of events) {
        t = Math.max(t, planned.start + 1000 + Math.round(e.dt * stretch));
        if (t >= ctx.endMs) return;
        if (e.name === "ConsoleLogin") {
          yield awsEvent(t, signIn(p, rng, t, session));
          continue;
        }
        const isBrowser = e.userAgent.startsWith("Mozilla/");
        const invokedBy = e.userAgent === "AWS Internal" ? "AWS Internal" : e.userAgent.endsWith(".amazonaws.com") ? e.userAgent : undefined;
        yield awsEvent(t, buildAwsRecord(rng, t, session, {
          source: e.source, name: e.name, region: e.region === template.mainRegion ? p.region : e.region,
          rp: e.rp, re: e.re, invokedBy, userAgent: isBrowser ? p.userAgent : invokedBy ? undefined : e.userAgent,
          error: e.errorCode ? { code: e.errorCode, message: e.errorMessage ?? e.errorCode } : undefined,
        }));
      }
      busyUntil = t + 10 * 60_000;
    }
  }
}

function signIn(p: DemoPrincipal, rng: Rng, t: number, session: AwsSession) {
  const rec = buildAwsRecord(rng, t, session, {
    source: "signin.amazonaws.com", name: "ConsoleLogin", region: "us-east-1", eventType: "AwsConsoleSignIn", readOnly: false,
    re: { ConsoleLogin: "Success" },
    additional: { LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true", MobileVersion: "No", MFAUsed: "Yes" },
  });
  rec.userIdentity = { type: "IAMUser", principalId: p.principalId, arn: p.arn, accountId: p.account.id, userName: p.name };
  delete rec.sessionCredentialFromConsole;
  return rec;
}
