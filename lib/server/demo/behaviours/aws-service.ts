// AWS acting on the account's behalf, outside any workload: the AWS Config recorder's service-linked
// role re-reading configuration every six hours, and KMS rotating customer keys (AwsServiceEvent).
// The sts:AssumeRole calls of lambda/ecs-tasks/ec2 come with the workloads (workload.ts).
import { buildAwsRecord, openSession } from "../aws-record";
import { DAY_MS, HOUR_MS } from "../calendar";
import { deriveRng } from "../rng";
import { awsEvent, servicePrincipal, type Behaviour, type SimContext } from "../sim-context";
import type { DemoAccount } from "../types";

const CONFIG_READS: Array<[string, string]> = [
  ["ec2", "DescribeInstances"], ["ec2", "DescribeSecurityGroups"], ["ec2", "DescribeVolumes"], ["ec2", "DescribeNetworkInterfaces"],
  ["ec2", "DescribeSubnets"], ["ec2", "DescribeVpcs"], ["ec2", "DescribeRouteTables"], ["iam", "GetRole"], ["iam", "ListAttachedRolePolicies"],
  ["iam", "GetPolicy"], ["lambda", "GetFunction20150331v2"], ["s3", "GetBucketAcl"], ["s3", "GetBucketPolicy"], ["dynamodb", "DescribeTable"],
  ["kms", "DescribeKey"],
];

export function* runAwsServices(account: DemoAccount, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "aws-service", account.id);
  const config = servicePrincipal(ctx, account.id, "AWSServiceRoleForConfig");
  const kms = openSession(servicePrincipal(ctx, account.id, "kms.amazonaws.com"), { accessKeyId: "", createdAt: ctx.startMs, sourceIp: "kms.amazonaws.com", userAgent: "kms.amazonaws.com" });
  const keys = Array.from({ length: 3 }, () => `arn:aws:kms:${account.homeRegion}:${account.id}:key/${rng.uuid()}`);
  const rotationDay = new Map(keys.map((k) => [k, rng.int(0, Math.max(0, Math.floor((ctx.endMs - ctx.startMs) / DAY_MS) - 1))]));
  for (let t0 = ctx.startMs + rng.int(0, HOUR_MS); t0 < ctx.endMs; t0 += 6 * HOUR_MS) {
    const s = openSession(config, { sessionName: "AWSConfig-Describe", accessKeyId: "ASIA" + rng.upper(16), createdAt: t0, sourceIp: "", userAgent: "" });
    let t = t0;
    for (const region of account.regions) {
      for (const [svc, name] of CONFIG_READS) {
        t += rng.int(50, 2_000);
        if (t >= ctx.endMs) return;
        yield awsEvent(t, buildAwsRecord(rng, t, s, { source: `${svc}.amazonaws.com`, name, region, rp: null, invokedBy: "config.amazonaws.com" }));
      }
    }
    const day = Math.floor((t0 - ctx.startMs) / DAY_MS);
    for (const key of keys) {
      if (rotationDay.get(key) !== day || new Date(t0).getUTCHours() >= 6) continue;
      t += rng.int(1_000, 60_000);
      const rec = buildAwsRecord(rng, t, kms, { source: "kms.amazonaws.com", name: "RotateKey", region: account.homeRegion, eventType: "AwsServiceEvent", readOnly: false, resources: [{ accountId: account.id, type: "AWS::KMS::Key", ARN: key }], recipientAccountId: account.id });
      delete rec.requestID;
      rec.serviceEventDetails = { keyId: key.split("/").pop() };
      yield awsEvent(t, rec);
    }
  }
}
