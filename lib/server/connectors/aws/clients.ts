import "server-only";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { roleFromAssumedRoleArn } from "@/lib/server/ingest/aws/principal";
import type { TAwsCredentials } from "../credentials";
import type { TClientFactory } from "../types";

// SDK clients acting as the customer's identity. A role is assumed with its external id by the
// host's own identity (the default chain); the temporary credentials are re-assumed before they
// expire, so a long backfill outlives the one-hour session.

interface TAwsIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
type TAwsCredentialProvider = () => Promise<TAwsIdentity>;

const SESSION_NAME = "trailwatch";
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TAwsClients {
  /** Only for kind "role": the host identity that calls AssumeRole. */
  stsBase: STSClient | null;
  sts(region: string): STSClient;
  cloudTrail(region: string): CloudTrailClient;
  s3(region: string): S3Client;
}

function assumeRoleProvider(base: STSClient, roleArn: string, externalId: string): TAwsCredentialProvider {
  let cached: TAwsIdentity | null = null;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return cached;
    const out = await base.send(new AssumeRoleCommand({ RoleArn: roleArn, ExternalId: externalId, RoleSessionName: SESSION_NAME, DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
    cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return cached;
  };
}

export function createAwsClients(credentials: TAwsCredentials, factory: TClientFactory = {}, homeRegion = "us-east-1"): TAwsClients {
  const stsBase = credentials.kind === "role" ? (factory.stsBase?.(homeRegion) ?? new STSClient({ region: homeRegion })) : null;
  let provider: TAwsCredentialProvider | TAwsIdentity | undefined;
  if (credentials.kind === "role" && stsBase) provider = assumeRoleProvider(stsBase, credentials.roleArn, credentials.externalId);
  else if (credentials.kind === "keys") provider = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
  // undefined: the SDK's default chain.
  const config = (region: string) => ({ region, credentials: provider, maxAttempts: 3 });
  const cache = new Map<string, CloudTrailClient | S3Client | STSClient>();
  function cached<T extends CloudTrailClient | S3Client | STSClient>(key: string, make: () => T): T {
    let client = cache.get(key) as T | undefined;
    if (!client) cache.set(key, (client = make()));
    return client;
  }
  return {
    stsBase,
    sts: (region) => cached(`sts:${region}`, () => factory.sts?.(region) ?? new STSClient(config(region))),
    cloudTrail: (region) => cached(`ct:${region}`, () => factory.cloudTrail?.(region) ?? new CloudTrailClient(config(region))),
    s3: (region) => cached(`s3:${region}`, () => factory.s3?.(region) ?? new S3Client(config(region))),
  };
}

/** The assumed-role or IAM-user ARN → the principal key its CloudTrail records carry (DOMAIN.md §1). */
export function principalKeyOfArn(arn: string): string {
  return roleFromAssumedRoleArn(arn)?.roleArn ?? arn;
}

/**
 * Principal keys of the connector's own identity, so its LookupEvents and GetObject calls are
 * stored as is_own and never scored. The configured role ARN is kept as given (it carries the
 * role's path, which the assumed-role ARN drops).
 */
export async function awsOwnPrincipalKeys(clients: TAwsClients, credentials: TAwsCredentials, region: string, signal?: AbortSignal): Promise<Set<string>> {
  const keys = new Set<string>();
  if (credentials.kind === "role") keys.add(credentials.roleArn);
  const me = await clients.sts(region).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  if (me.Arn) {
    keys.add(me.Arn);
    keys.add(principalKeyOfArn(me.Arn));
  }
  return keys;
}
