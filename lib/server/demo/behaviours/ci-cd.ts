// CI/CD: GitHub Actions runs Terraform with an OIDC-assumed role. Every run is the same long,
// regular sequence — AssumeRoleWithWebIdentity, GetCallerIdentity, a refresh of every resource in
// the state, and on merges to main an apply of a few changes — on pushes during working hours and
// in a nightly drift-detection plan.
import { buildAwsRecord, openSession } from "../aws-record";
import { DAY_MS, HOUR_MS, isWorkday } from "../calendar";
import { deriveRng, type Rng } from "../rng";
import { awsEvent, type Behaviour, type SimContext } from "../sim-context";
import { TF_PROVIDER_VERSIONS, TF_RESOURCES, TF_VERSIONS, terraformUserAgent } from "../terraform-catalog";
import type { DemoPrincipal } from "../types";
import { daysOf } from "./daily-plan";

const OIDC_UA = "aws-sdk-nodejs/2.1692.0 linux/v20.17.0 configure-aws-credentials-for-github-actions promise";

function runStarts(p: DemoPrincipal, ctx: SimContext, rng: Rng): number[] {
  const pushes = p.account.name === "staging" ? [3, 10] : p.account.name === "prod" ? [1, 5] : [0, 3];
  const starts: number[] = [];
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    starts.push(day + 3 * HOUR_MS + rng.int(0, 300_000));
    if (!isWorkday(day + 12 * HOUR_MS, 1)) continue;
    for (let i = rng.int(pushes[0], pushes[1]); i > 0; i--) starts.push(day + 7 * HOUR_MS + rng.int(0, 11 * HOUR_MS));
  }
  return starts.filter((s) => s >= ctx.startMs && s < ctx.endMs).sort((a, b) => a - b);
}

export function* runCiCd(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "ci-cd", p.key);
  const acct = p.account.id;
  const stack = Array.from({ length: rng.int(25, 60) }, (_, i) => {
    const type = rng.pick(TF_RESOURCES);
    const name = `${p.account.name}-${type.type.replace("aws_", "").replace(/_/g, "-")}-${i}`;
    return { type, rp: type.params(name, acct, p.account.homeRegion) };
  });
  const oidc = ctx.org.principals.find((q) => q.behaviour === "oidc" && q.account.id === acct);
  const upgradeAt = ctx.startMs + (ctx.endMs - ctx.startMs) * 0.6;
  let busyUntil = 0;
  for (const start of runStarts(p, ctx, rng)) {
    if (start < busyUntil) continue;
    const isNightly = new Date(start).getUTCHours() === 3;
    const v = start < upgradeAt ? 0 : 1;
    const runnerIp = `${rng.pick([4, 13, 20, 40, 52])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    const accessKeyId = "ASIA" + rng.upper(16);
    const sessionName = "GitHubActions";
    let t = start;
    if (oidc) {
      const web = openSession(oidc, { accessKeyId: "", createdAt: t, sourceIp: runnerIp, userAgent: OIDC_UA });
      const sub = `repo:contoso-demo/infrastructure:${isNightly ? "ref:refs/heads/main" : "environment:" + p.account.name}`;
      web.identity = { type: "WebIdentityUser", principalId: `${oidc.arn}:sts.amazonaws.com:${sub}`, userName: sub, identityProvider: oidc.arn };
      yield awsEvent(t, buildAwsRecord(rng, t, web, {
        source: "sts.amazonaws.com", name: "AssumeRoleWithWebIdentity", region: p.account.homeRegion,
        rp: { roleArn: p.arn, roleSessionName: sessionName, durationSeconds: 3600 },
        re: { credentials: { accessKeyId, expiration: new Date(t + HOUR_MS).toISOString(), sessionToken: "HIDDEN" }, subjectFromWebIdentityToken: sub, assumedRoleUser: { assumedRoleId: `${p.principalId}:${sessionName}`, arn: `arn:aws:sts::${acct}:assumed-role/${p.name}/${sessionName}` }, provider: oidc.arn, audience: "sts.amazonaws.com" },
        resources: [{ accountId: acct, type: "AWS::IAM::Role", ARN: p.arn }],
      }));
    }
    const s = openSession(p, { sessionName, accessKeyId, createdAt: t, sourceIp: runnerIp, userAgent: "" });
    const call = (service: string, name: string, rp: unknown, error?: string) => {
      t += rng.int(30, 450);
      return awsEvent(t, buildAwsRecord(rng, t, s, {
        source: `${service}.amazonaws.com`, name, region: p.account.homeRegion, rp,
        userAgent: terraformUserAgent(TF_VERSIONS[v], TF_PROVIDER_VERSIONS[v], service),
        error: error ? { code: error, message: `${error}: the requested configuration does not exist` } : undefined,
      }));
    };
    t += rng.int(8_000, 40_000);
    yield call("sts", "GetCallerIdentity", null);
    for (const r of stack) {
      for (const name of r.type.reads) yield call(r.type.service, name, r.rp, r.type.expectedErrors?.[name]);
    }
    if (!isNightly && rng.chance(0.4)) {
      t += rng.int(20_000, 120_000);
      for (let i = rng.int(1, 4); i > 0; i--) {
        const r = rng.pick(stack);
        t += rng.int(500, 5_000);
        yield call(r.type.service, rng.pick(r.type.writes), { ...r.rp, tags: [{ key: "ManagedBy", value: "terraform" }] });
        for (const name of r.type.reads) yield call(r.type.service, name, r.rp, r.type.expectedErrors?.[name]);
      }
    }
    busyUntil = t + 60_000;
    if (t > ctx.endMs + DAY_MS) return;
  }
}
