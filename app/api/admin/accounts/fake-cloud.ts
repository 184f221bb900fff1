import "server-only";
// The browser tests' stand-in for AWS (issue 8): with TRAILWATCH_FAKE_CLOUD=1, which only
// scripts/e2e.mjs sets, test connection gets aws-sdk-client-mock'ed clients with canned answers —
// the role assumes, the identity matches, LookupEvents works, and the trail bucket refuses
// s3:ListBucket, so the page has both a pass and a named missing permission to show. The mock
// library is a dev dependency, loaded only when the flag is on.
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { getEnv } from "@/lib/env";
import type { TClientFactory } from "@/lib/server/connectors/types";

const FAKE_KEYS = { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake" };

function accessDenied(operation: string): Error {
  return Object.assign(new Error(`User is not authorized to perform: ${operation}`), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
}

export async function fakeCloudFactory(accountId: string): Promise<TClientFactory | undefined> {
  if (!getEnv().TRAILWATCH_FAKE_CLOUD) return undefined;
  const { mockClient } = await import("aws-sdk-client-mock");
  const sts = (region: string) => {
    const client = new STSClient({ region, credentials: FAKE_KEYS });
    const mock = mockClient(client);
    mock.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: FAKE_KEYS.accessKeyId, SecretAccessKey: "fake", SessionToken: "fake", Expiration: new Date(Date.now() + 3600_000) } });
    mock.on(GetCallerIdentityCommand).resolves({ Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/TrailwatchReader/trailwatch`, UserId: "AROAFAKE:trailwatch" });
    return client;
  };
  return {
    stsBase: sts,
    sts,
    cloudTrail(region) {
      const client = new CloudTrailClient({ region, credentials: FAKE_KEYS });
      mockClient(client).on(LookupEventsCommand).resolves({ Events: [] });
      return client;
    },
    s3(region) {
      const client = new S3Client({ region, credentials: FAKE_KEYS });
      mockClient(client).on(ListObjectsV2Command).rejects(accessDenied("s3:ListBucket"));
      return client;
    },
  };
}
