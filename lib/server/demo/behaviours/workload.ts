// Service roles of Lambda / ECS / EC2 workloads: a narrow, periodic API mix. Credentials come from
// the compute service (an AWSService sts:AssumeRole by lambda/ecs-tasks/ec2), the session name is
// the function name, the ECS task id or the EC2 instance id, and it changes as tasks and
// instances are replaced.
import { buildAwsRecord, openSession, type AwsSession } from "../aws-record";
import { HOUR_MS, MINUTE_MS, isoSeconds } from "../calendar";
import { detailsFor } from "../params";
import { deriveRng, type Rng } from "../rng";
import { awsEvent, diurnalFactor, natIp, servicePrincipal, type Behaviour, type SimContext } from "../sim-context";
import type { DemoPrincipal } from "../types";

const COMPUTE = {
  lambda: { service: "lambda.amazonaws.com", credsEvery: HOUR_MS, replaceEvery: 6 * HOUR_MS, ua: "Boto3/1.34.126 md/Botocore#1.34.126 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.126" },
  ecs: { service: "ecs-tasks.amazonaws.com", credsEvery: HOUR_MS, replaceEvery: 36 * HOUR_MS, ua: "aws-sdk-js/3.592.0 ua/2.1 os/linux#5.10.220-209.869.amzn2.x86_64 lang/js md/nodejs#20.14.0 exec-env/AWS_ECS_FARGATE" },
  ec2: { service: "ec2.amazonaws.com", credsEvery: 6 * HOUR_MS, replaceEvery: 7 * 24 * HOUR_MS, ua: "aws-sdk-java/2.25.60 Linux/5.10.217-205.860.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. md/io#sync md/http#Apache ua/2.0" },
} as const;
const SSM_AGENT_UA = "aws-sdk-go/1.50.8 (go1.21.8; linux; amd64) amazon-ssm-agent/3.3.380.0";

function sessionNameFor(p: DemoPrincipal, rng: Rng): string {
  const compute = p.workload!.compute;
  if (compute === "lambda") return p.name;
  if (compute === "ecs") return rng.hex(32);
  return `i-0${rng.hex(16)}`;
}

export function* runWorkload(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const spec = p.workload!;
  const compute = COMPUTE[spec.compute];
  const rng = deriveRng(ctx.seed, "workload", p.key);
  const svc = openSession(servicePrincipal(ctx, p.account.id, compute.service), { accessKeyId: "", createdAt: ctx.startMs, sourceIp: compute.service, userAgent: compute.service });
  const period = spec.periodMinutes * MINUTE_MS;
  const ip = natIp(p.account.id, p.region);
  const ua = p.name.startsWith("ssm-fleet") ? SSM_AGENT_UA : compute.ua;
  const begin = Math.max(ctx.startMs, p.activeFrom);
  let sessionName = sessionNameFor(p, rng);
  let replacedAt = begin;
  let session: AwsSession | null = null;
  let expiresAt = 0;
  for (let t = begin + rng.int(0, period - 1); t < ctx.endMs; t += period) {
    if (t - replacedAt > compute.replaceEvery * (0.6 + rng.next() * 0.8)) {
      sessionName = sessionNameFor(p, rng);
      replacedAt = t;
      session = null;
    }
    if (!session || t >= expiresAt) {
      const assumedAt = t - rng.int(200, 1500);
      const accessKeyId = "ASIA" + rng.upper(16);
      const roleSessionName = sessionName;
      const record = buildAwsRecord(rng, assumedAt, svc, {
        source: "sts.amazonaws.com", name: "AssumeRole", region: p.region, invokedBy: compute.service,
        rp: { roleArn: p.arn, roleSessionName, durationSeconds: Math.round(compute.credsEvery / 1000) + 1800 },
        re: { credentials: { accessKeyId, sessionToken: "HIDDEN", expiration: isoSeconds(assumedAt + compute.credsEvery + 1_800_000) }, assumedRoleUser: { assumedRoleId: `${p.principalId}:${roleSessionName}`, arn: `arn:aws:sts::${p.account.id}:assumed-role/${p.name}/${roleSessionName}` } },
        resources: [{ accountId: p.account.id, type: "AWS::IAM::Role", ARN: p.arn }],
      });
      if (assumedAt >= ctx.startMs) yield awsEvent(assumedAt, record);
      session = openSession(p, {
        sessionName, accessKeyId, createdAt: assumedAt, sourceIp: ip, userAgent: ua,
        contextExtra: spec.compute === "ec2" ? { ec2RoleDelivery: "2.0" } : undefined,
      });
      expiresAt = t + compute.credsEvery;
    }
    const load = spec.diurnal ? diurnalFactor(t) : 1;
    const owner = spec.compute === "ec2" && p.name.startsWith("ssm-fleet") ? sessionName : p.name;
    let at = t;
    for (const call of spec.calls) {
      if (call.fromFraction && t < ctx.startMs + (ctx.endMs - ctx.startMs) * call.fromFraction) continue;
      for (let k = 0; k < spec.batch; k++) {
        if (!rng.chance(call.p * load)) continue;
        at += rng.int(20, 4000);
        if (at >= ctx.endMs) return;
        const d = detailsFor(call.name, { accountId: p.account.id, region: p.region, owner, rng });
        const throttled = rng.chance(0.002);
        yield awsEvent(at, buildAwsRecord(rng, at, session, {
          source: call.source, name: call.name, region: p.region, rp: d.rp, re: d.re, resources: d.resources, isData: call.isData,
          error: throttled ? { code: "ThrottlingException", message: "Rate exceeded" } : undefined,
        }));
      }
    }
  }
}
