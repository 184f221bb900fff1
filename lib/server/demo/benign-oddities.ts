// Rare but legitimate admin tasks, labelled benign-oddity so an evaluation can count alerts on them
// as false positives: an access-key rotation, a new KMS key, a bucket policy change, a new IAM role
// from the console, an Azure resource-provider registration. Scheduled on workdays in the test part.
import { operationEventId } from "@/lib/server/ingest/azure/collapse";
import { buildAwsRecord, openSession, type AwsCall } from "./aws-record";
import { AZURE_PORTAL_APP, buildAzureOperation } from "./azure-record";
import { DAY_MS, HOUR_MS, isWorkday, isoSeconds, localTimeOnDay, startOfUtcDay } from "./calendar";
import { deriveRng, type Rng } from "./rng";
import { awsEvent, type SimContext } from "./sim-context";
import type { DemoPrincipal, OddityLabel, TSimEvent } from "./types";

function workdayAt(p: DemoPrincipal, ctx: SimContext, fraction: number, rng: Rng): number {
  let day = startOfUtcDay(ctx.startMs + (ctx.endMs - ctx.startMs) * fraction);
  while (!isWorkday(day + 12 * HOUR_MS, p.utcOffsetHours) && day + DAY_MS < ctx.endMs) day += DAY_MS;
  return Math.min(localTimeOnDay(day, p.utcOffsetHours, 10 + rng.next() * 5), ctx.endMs - HOUR_MS);
}

/** Plans key rotations up front: the admin's later CLI calls must use the new key. */
export function planKeyRotation(ctx: SimContext): void {
  const admin = ctx.org.principals.find((p) => p.behaviour === "cli-admin");
  if (!admin) return;
  const rng = deriveRng(ctx.seed, "oddity-key-rotation");
  admin.keyRotation = { at: workdayAt(admin, ctx, 0.72, rng), newAccessKeyId: "AKIA" + rng.upper(16) };
}

export function buildBenignOddities(ctx: SimContext): { events: TSimEvent[]; labels: OddityLabel[] } {
  const rng = deriveRng(ctx.seed, "oddities");
  const events: TSimEvent[] = [];
  const labels: OddityLabel[] = [];
  const aws = (p: DemoPrincipal, at: number, description: string, calls: AwsCall[], isConsole: boolean, keyId?: string) => {
    const s = openSession(p, { accessKeyId: keyId ?? (isConsole ? "ASIA" + rng.upper(16) : (p.accessKeyId ?? "")), createdAt: at, mfa: true, sourceIp: p.officeIp, userAgent: p.userAgent, isConsole });
    let t = at;
    for (const c of calls) {
      t += rng.int(4_000, 40_000);
      const rec = buildAwsRecord(rng, t, s, c);
      events.push(awsEvent(t, rec));
      labels.push({ eventId: rec.eventID, kind: "benign-oddity", description, principal: p.key, at: isoSeconds(at), provider: "aws" });
    }
  };
  const admins = ctx.org.principals.filter((p) => p.behaviour === "cli-admin");
  const humans = ctx.org.principals.filter((p) => p.behaviour === "console-human" && p.activeFrom === ctx.startMs);
  const rot = admins[0]?.keyRotation;
  if (admins[0] && rot) {
    const a = admins[0];
    const r = a.region;
    aws(a, rot.at - 120_000, "admin rotates their own access key", [
      { source: "iam.amazonaws.com", name: "ListAccessKeys", region: r, rp: { userName: a.name } },
      { source: "iam.amazonaws.com", name: "CreateAccessKey", region: r, rp: { userName: a.name }, re: { accessKey: { accessKeyId: rot.newAccessKeyId, status: "Active", userName: a.name, createDate: isoSeconds(rot.at) } } },
      { source: "iam.amazonaws.com", name: "UpdateAccessKey", region: r, rp: { userName: a.name, accessKeyId: a.accessKeyId, status: "Inactive" } },
      { source: "iam.amazonaws.com", name: "DeleteAccessKey", region: r, rp: { userName: a.name, accessKeyId: a.accessKeyId } },
    ], false);
  }
  const kmsAdmin = admins[1] ?? admins[0];
  if (kmsAdmin) {
    const r = kmsAdmin.region;
    const keyId = rng.uuid();
    aws(kmsAdmin, workdayAt(kmsAdmin, ctx, 0.8, rng), "admin creates a customer-managed KMS key", [
      { source: "kms.amazonaws.com", name: "CreateKey", region: r, rp: { keyUsage: "ENCRYPT_DECRYPT", keySpec: "SYMMETRIC_DEFAULT", description: "reports bucket encryption" }, re: { keyMetadata: { keyId, keyState: "Enabled" } } },
      { source: "kms.amazonaws.com", name: "CreateAlias", region: r, rp: { aliasName: "alias/reports", targetKeyId: keyId } },
      { source: "kms.amazonaws.com", name: "EnableKeyRotation", region: r, rp: { keyId } },
      { source: "kms.amazonaws.com", name: "DescribeKey", region: r, rp: { keyId: "alias/reports" } },
    ], false, kmsAdmin === admins[0] && rot ? rot.newAccessKeyId : undefined);
  }
  const prodHuman = humans.find((h) => h.account.name === "prod") ?? humans[0];
  if (prodHuman) {
    const bucket = `reports-${prodHuman.account.id.slice(-4)}`;
    aws(prodHuman, workdayAt(prodHuman, ctx, 0.86, rng), "engineer changes a bucket policy in the console", [
      { source: "s3.amazonaws.com", name: "GetBucketPolicy", region: prodHuman.region, rp: { bucketName: bucket, policy: "" } },
      { source: "s3.amazonaws.com", name: "PutBucketPolicy", region: prodHuman.region, rp: { bucketName: bucket, bucketPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${prodHuman.account.id}:role/reports-generator` }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/*` }] } } },
      { source: "s3.amazonaws.com", name: "GetBucketPolicyStatus", region: prodHuman.region, rp: { bucketName: bucket, policyStatus: "" } },
    ], true);
  }
  const stagingHuman = humans.find((h) => h.account.name === "staging");
  if (stagingHuman) {
    aws(stagingHuman, workdayAt(stagingHuman, ctx, 0.9, rng), "engineer creates an IAM role for a new service in the console", [
      { source: "iam.amazonaws.com", name: "CreateRole", region: "us-east-1", rp: { roleName: "search-indexer", assumeRolePolicyDocument: "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}" } },
      { source: "iam.amazonaws.com", name: "AttachRolePolicy", region: "us-east-1", rp: { roleName: "search-indexer", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" } },
    ], true);
  }
  const azureUser = ctx.org.principals.find((p) => p.behaviour === "azure-user");
  if (azureUser) {
    const at = workdayAt(azureUser, ctx, 0.78, rng);
    const pair = buildAzureOperation(rng, { subscription: ctx.org.azure, tenantId: ctx.org.tenantId }, { t: at, principal: azureUser, operation: "Microsoft.ContainerInstance/register/action", resourcePath: "providers/Microsoft.ContainerInstance", ip: azureUser.officeIp, durationMs: rng.int(2_000, 9_000), clientAppId: AZURE_PORTAL_APP });
    for (const record of pair) events.push({ t: Date.parse(record.time), sink: "azure", subscriptionId: ctx.org.azure.id, record });
    labels.push({ eventId: operationEventId(pair[0].operationId, "MICROSOFT.CONTAINERINSTANCE/REGISTER/ACTION"), kind: "benign-oddity", description: "engineer registers a new Azure resource provider", principal: azureUser.key, at: isoSeconds(at), provider: "azure" });
  }
  events.sort((a, b) => a.t - b.t);
  return { events, labels };
}
