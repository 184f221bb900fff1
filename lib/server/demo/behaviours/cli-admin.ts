// Administrators at a terminal: bursts of aws-cli v2 commands with their long-lived access key.
// aws-cli v2 names the command in its user agent (`md/command#ec2.describe-instances`).
import { buildAwsRecord, openSession } from "../aws-record";
import { deriveRng } from "../rng";
import { awsEvent, type Behaviour, type SimContext } from "../sim-context";
import type { DemoPrincipal } from "../types";
import { daysOf, planDay } from "./daily-plan";

type Cmd = { cmd: string; calls: Array<[string, string]>; weight: number };

const COMMANDS: Cmd[] = [
  { cmd: "sts.get-caller-identity", calls: [["sts", "GetCallerIdentity"]], weight: 4 },
  { cmd: "s3.ls", calls: [["s3", "ListBuckets"]], weight: 3 },
  { cmd: "ec2.describe-instances", calls: [["ec2", "DescribeInstances"]], weight: 5 },
  { cmd: "ecs.describe-services", calls: [["ecs", "ListServices"], ["ecs", "DescribeServices"]], weight: 4 },
  { cmd: "ecs.update-service", calls: [["ecs", "UpdateService"], ["ecs", "DescribeServices"]], weight: 1 },
  { cmd: "logs.describe-log-streams", calls: [["logs", "DescribeLogGroups"], ["logs", "DescribeLogStreams"]], weight: 3 },
  { cmd: "iam.list-roles", calls: [["iam", "ListRoles"]], weight: 1 },
  { cmd: "iam.get-role", calls: [["iam", "GetRole"], ["iam", "ListAttachedRolePolicies"]], weight: 1 },
  { cmd: "cloudformation.describe-stacks", calls: [["cloudformation", "DescribeStacks"], ["cloudformation", "DescribeStackEvents"]], weight: 2 },
  { cmd: "ssm.start-session", calls: [["ssm", "StartSession"], ["ssm", "TerminateSession"]], weight: 1 },
  { cmd: "rds.describe-db-instances", calls: [["rds", "DescribeDBInstances"]], weight: 2 },
  { cmd: "lambda.list-functions", calls: [["lambda", "ListFunctions20150331"]], weight: 2 },
  { cmd: "kms.list-keys", calls: [["kms", "ListKeys"], ["kms", "ListAliases"]], weight: 1 },
];
const TOTAL_WEIGHT = COMMANDS.reduce((s, c) => s + c.weight, 0);

export function* runCliAdmin(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "cli", p.key);
  // Each admin leans on a few commands; the rest appear rarely.
  const habits = COMMANDS.map((c) => ({ ...c, weight: c.weight * (rng.chance(0.5) ? 3 : 0.5) }));
  const habitTotal = habits.reduce((s, c) => s + c.weight, 0) || TOTAL_WEIGHT;
  const pickCommand = () => {
    let r = rng.next() * habitTotal;
    for (const c of habits) if ((r -= c.weight) < 0) return c;
    return habits[0];
  };
  let busyUntil = 0;
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    for (const planned of planDay(p, day, rng, { perDay: [2, 6], startMs: ctx.startMs, endMs: ctx.endMs })) {
      if (planned.start < busyUntil) continue;
      const ip = planned.fromOffice ? p.officeIp : p.homeIp;
      const key = p.keyRotation && planned.start >= p.keyRotation.at ? p.keyRotation.newAccessKeyId : (p.accessKeyId ?? "");
      const session = openSession(p, { accessKeyId: key, createdAt: planned.start, sourceIp: ip, userAgent: p.userAgent });
      let t = planned.start;
      for (let i = rng.int(3, 15); i > 0; i--) {
        const c = pickCommand();
        const ua = `${p.userAgent} md/command#${c.cmd}`;
        for (const [svc, name] of c.calls) {
          t += rng.int(300, 2500);
          if (t >= ctx.endMs) return;
          const isDenied = name === "UpdateService" && rng.chance(0.05);
          yield awsEvent(t, buildAwsRecord(rng, t, session, {
            source: `${svc}.amazonaws.com`, name, region: p.region, userAgent: ua,
            rp: name === "StartSession" ? { target: `i-0${rng.hex(16)}` } : name === "DescribeInstances" ? { instancesSet: {}, filterSet: {} } : null,
            re: name === "StartSession" ? { sessionId: `${p.name}-${rng.hex(17)}`, tokenValue: "Value hidden due to security reasons.", streamUrl: "wss://ssmmessages" } : undefined,
            error: isDenied ? { code: "AccessDeniedException", message: `User: ${p.arn} is not authorized to perform: ecs:UpdateService` } : undefined,
          }));
        }
        t += rng.int(5_000, 90_000);
      }
      busyUntil = t;
    }
  }
}
