import "server-only";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ZAwsAccountConfig } from "../config";
import type { TAwsCredentials } from "../credentials";
import { causeOf } from "../connection-result";
import { awsErrorName, errorMessage } from "../retry";
import type { TClientFactory, TConnectionCheck, TConnectorAccount } from "../types";
import { createAwsClients } from "./clients";
import { regionPrefix } from "./trail-layout";

// "Test connection": every call the connector makes, once, each reported on its own so the admin
// learns exactly which permission the role or user lacks.

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "Forbidden", "AuthorizationError"]);

function isDenied(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return DENIED.has(awsErrorName(error) ?? "") || status === 403;
}

async function check(checks: TConnectionCheck[], name: string, permission: string, fn: () => Promise<string | void>): Promise<boolean> {
  try {
    const note = await fn();
    checks.push(note ? { check: name, ok: false, error: note, cause: "other" } : { check: name, ok: true });
    return !note;
  } catch (error) {
    const cause = causeOf(error, isDenied(error));
    const code = awsErrorName(error);
    checks.push({ check: name, ok: false, error: `${code ? `${code}: ` : ""}${errorMessage(error)}`, cause, ...(cause === "permission" ? { missingPermission: permission } : {}) });
    return false;
  }
}

export async function testAwsConnection(account: TConnectorAccount, credentials: TAwsCredentials, factory?: TClientFactory): Promise<TConnectionCheck[]> {
  const config = ZAwsAccountConfig.parse(account.config ?? {});
  const home = config.regions[0];
  const clients = createAwsClients(credentials, factory, home);
  const checks: TConnectionCheck[] = [];

  if (credentials.kind === "role" && clients.stsBase) {
    const base = clients.stsBase;
    const assumed = await check(checks, `sts:AssumeRole ${credentials.roleArn}`, "sts:AssumeRole", async () => {
      await base.send(new AssumeRoleCommand({ RoleArn: credentials.roleArn, ExternalId: credentials.externalId, RoleSessionName: "trailwatch-test", DurationSeconds: 900 }));
    });
    if (!assumed) return checks;
  }
  const identified = await check(checks, "sts:GetCallerIdentity", "sts:GetCallerIdentity", async () => {
    const me = await clients.sts(home).send(new GetCallerIdentityCommand({}));
    if (me.Account && me.Account !== account.externalId) return `credentials belong to account ${me.Account}, not ${account.externalId}`;
  });
  if (!identified) return checks;

  for (const region of config.regions) {
    await check(checks, `cloudtrail:LookupEvents ${region}`, "cloudtrail:LookupEvents", async () => {
      await clients.cloudTrail(region).send(new LookupEventsCommand({ MaxResults: 1 }));
    });
  }

  const trail = config.trail;
  if (trail) {
    const s3 = clients.s3(trail.bucketRegion ?? home);
    let sampleKey: string | undefined;
    const prefix = regionPrefix(trail, account.externalId, home);
    const listed = await check(checks, `s3:ListBucket ${trail.bucket}`, "s3:ListBucket", async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: trail.bucket, Prefix: prefix, MaxKeys: 20 }));
      sampleKey = out.Contents?.find((o) => o.Key?.endsWith(".json.gz"))?.Key;
    });
    if (listed && !sampleKey) checks.push({ check: `s3:GetObject ${trail.bucket}`, ok: false, cause: "other", error: `no CloudTrail objects under s3://${trail.bucket}/${prefix}: check the bucket, prefix and organization id` });
    else if (listed && sampleKey) {
      const key = sampleKey;
      await check(checks, `s3:GetObject ${trail.bucket}`, "s3:GetObject", async () => {
        const out = await s3.send(new GetObjectCommand({ Bucket: trail.bucket, Key: key, Range: "bytes=0-0" }));
        (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      });
    }
  }
  return checks;
}
