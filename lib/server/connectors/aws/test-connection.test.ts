import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { summarizeConnection } from "../connection-result";
import { testConnection } from "../poll-account";
import { awsError } from "../testing/aws-fakes";
import type { TClientFactory, TConnectorAccount } from "../types";

const ACCOUNT = "056392974792";
const east = new CloudTrailClient({ region: "us-east-1" });
const west = new CloudTrailClient({ region: "eu-west-1" });
const s3 = new S3Client({ region: "us-east-1" });
const sts = new STSClient({ region: "us-east-1" });
const stsBase = new STSClient({ region: "us-east-1" });
const mocks = { east: mockClient(east), west: mockClient(west), s3: mockClient(s3), sts: mockClient(sts), stsBase: mockClient(stsBase) };
const factory: TClientFactory = { cloudTrail: (r) => (r === "us-east-1" ? east : west), s3: () => s3, sts: () => sts, stsBase: () => stsBase };
const account: TConnectorAccount = {
  id: "00000000-0000-0000-0000-000000000000",
  provider: "aws",
  externalId: ACCOUNT,
  config: { regions: ["us-east-1", "eu-west-1"], trail: { bucket: "trail", prefix: "" } },
};
const role = { kind: "role", roleArn: `arn:aws:iam::${ACCOUNT}:role/TrailwatchReader`, externalId: "tw-external-id" } as const;
const denied = (action: string) => awsError("AccessDeniedException", `User is not authorized to perform: ${action}`, 400);

beforeEach(() => {
  Object.values(mocks).forEach((m) => m.reset());
  mocks.stsBase.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) } });
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/TrailwatchReader/trailwatch` });
  mocks.east.on(LookupEventsCommand).resolves({ Events: [] });
  mocks.s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/08/01/x.json.gz` }] });
});

describe("AWS test connection", () => {
  it("names the missing permission per region and per bucket call", async () => {
    mocks.west.on(LookupEventsCommand).rejects(denied("cloudtrail:LookupEvents"));
    mocks.s3.on(GetObjectCommand).rejects(awsError("AccessDenied", "Access Denied", 403));
    const checks = await testConnection(account, role, factory);
    expect(checks.map((c) => [c.check, c.ok, c.missingPermission])).toEqual([
      [`sts:AssumeRole ${role.roleArn}`, true, undefined],
      ["sts:GetCallerIdentity", true, undefined],
      ["cloudtrail:LookupEvents us-east-1", true, undefined],
      ["cloudtrail:LookupEvents eu-west-1", false, "cloudtrail:LookupEvents"],
      ["s3:ListBucket trail", true, undefined],
      ["s3:GetObject trail", false, "s3:GetObject"],
    ]);
    expect(checks[3].error).toContain("AccessDeniedException");
    expect(mocks.stsBase.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({ RoleArn: role.roleArn, ExternalId: "tw-external-id" });
  });

  it("stops at a role that cannot be assumed, and never echoes the credentials", async () => {
    mocks.stsBase.on(AssumeRoleCommand).rejects(awsError("AccessDenied", "not authorized to perform sts:AssumeRole", 403));
    const checks = await testConnection(account, role, factory);
    expect(checks).toEqual([{ check: `sts:AssumeRole ${role.roleArn}`, ok: false, error: "AccessDenied: not authorized to perform sts:AssumeRole", cause: "permission", missingPermission: "sts:AssumeRole" }]);
    const keys = { kind: "keys", accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "very-secret-value" } as const;
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403));
    const bad = await testConnection(account, keys, factory);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ ok: false, cause: "credentials" });
    expect(bad[0].missingPermission).toBeUndefined();
    expect(summarizeConnection("aws", bad)).toBe("AWS rejected the credentials");
    expect(JSON.stringify(bad)).not.toContain("very-secret-value");
  });

  it("reports credentials of another account and an empty trail prefix", async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: "111111111111", Arn: "arn:aws:iam::111111111111:user/x" });
    const wrong = await testConnection(account, { kind: "default" }, factory);
    expect(wrong).toEqual([{ check: "sts:GetCallerIdentity", ok: false, cause: "other", error: `credentials belong to account 111111111111, not ${ACCOUNT}` }]);
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    mocks.west.on(LookupEventsCommand).resolves({ Events: [] });
    mocks.s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    const empty = await testConnection(account, { kind: "default" }, factory);
    expect(empty.at(-1)).toMatchObject({ check: "s3:GetObject trail", ok: false });
    expect(empty.at(-1)?.error).toContain("no CloudTrail objects");
  });

  it("says in one sentence what stopped the test: the network, the credentials, or the permission it names", async () => {
    const offline = Object.assign(new Error("getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com"), { code: "ENOTFOUND", $metadata: {} });
    mocks.stsBase.on(AssumeRoleCommand).rejects(offline);
    const unreachable = await testConnection(account, role, factory);
    expect(unreachable).toMatchObject([{ ok: false, cause: "network" }]);
    expect(summarizeConnection("aws", unreachable)).toBe("Cannot reach AWS (network/DNS)");

    mocks.stsBase.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) } });
    mocks.east.on(LookupEventsCommand).rejects(denied("cloudtrail:LookupEvents"));
    mocks.west.on(LookupEventsCommand).rejects(denied("cloudtrail:LookupEvents"));
    mocks.s3.on(GetObjectCommand).resolves({});
    const partial = await testConnection(account, role, factory);
    expect(summarizeConnection("aws", partial)).toBe("Missing permission: cloudtrail:LookupEvents");

    mocks.east.on(LookupEventsCommand).resolves({ Events: [] });
    mocks.west.on(LookupEventsCommand).resolves({ Events: [] });
    const passed = await testConnection(account, role, factory);
    expect(summarizeConnection("aws", passed)).toBe("Connection works (6 checks passed)");
  });
});
