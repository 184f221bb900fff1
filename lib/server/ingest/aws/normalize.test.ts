import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { normalizeRecord } from "../normalize-record";
import type { NormalizedEvent, TNormalizeContext } from "../types";
import { inferReadOnly, serviceOf } from "./normalize";
import { roleFromAssumedRoleArn } from "./principal";

const ctx: TNormalizeContext = { fileKey: "dir/file.json" };

function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: "1.08",
    eventTime: "2024-03-01T12:00:00Z",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    awsRegion: "us-east-1",
    eventID: "3f1b2c4d-0000-4000-8000-000000000001",
    recipientAccountId: "111122223333",
    ...extra,
  };
}

function normalize(record: Record<string, unknown>, context = ctx): NormalizedEvent {
  const result = normalizeRecord(record, context, "aws");
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

function principal(userIdentity: unknown, extra: Record<string, unknown> = {}): Pick<NormalizedEvent, "principalKey" | "principalType" | "principalName" | "sessionName"> {
  const e = normalize(base({ userIdentity, ...extra }));
  return { principalKey: e.principalKey, principalType: e.principalType, principalName: e.principalName, sessionName: e.sessionName };
}

describe("AWS principal keys (DOMAIN.md §1)", () => {
  it("keys an assumed role on the role ARN from sessionIssuer, keeping the session name apart", () => {
    const ui = {
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:i-0abc123",
      arn: "arn:aws:sts::111122223333:assumed-role/app-role/i-0abc123",
      accountId: "111122223333",
      sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/service/app-role", userName: "app-role" } },
    };
    expect(principal(ui)).toEqual({ principalKey: "arn:aws:iam::111122223333:role/service/app-role", principalType: "AssumedRole", principalName: "app-role", sessionName: "i-0abc123" });
  });

  it("derives the role ARN from the assumed-role ARN when sessionIssuer is missing", () => {
    const ui = { type: "AssumedRole", arn: "arn:aws-us-gov:sts::111122223333:assumed-role/Admin/alice@example.com" };
    expect(principal(ui)).toEqual({ principalKey: "arn:aws-us-gov:iam::111122223333:role/Admin", principalType: "AssumedRole", principalName: "Admin", sessionName: "alice@example.com" });
    expect(roleFromAssumedRoleArn("arn:aws:iam::1:user/x")).toBeNull();
  });

  it("keys IAM users on their ARN and root on the account", () => {
    expect(principal({ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", userName: "alice" }).principalKey).toBe("arn:aws:iam::111122223333:user/alice");
    expect(principal({ type: "IAMUser", accountId: "111122223333", userName: "bob" }).principalKey).toBe("arn:aws:iam::111122223333:user/bob");
    expect(principal({ type: "Root", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" })).toMatchObject({ principalKey: "root:111122223333", principalType: "Root" });
  });

  it("keys a call made on a user's behalf (invokedBy) on the user, keeping the marker on the event", () => {
    const ui = { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: "arn:aws:iam::111122223333:user/chen", accountId: "111122223333", userName: "chen" };
    const own = normalize(base({ userIdentity: ui, sourceIPAddress: "198.51.100.7", userAgent: "Mozilla/5.0" }));
    const onBehalf = normalize(base({ userIdentity: { ...ui, invokedBy: "AWS Internal" }, eventName: "ListUsers", sourceIPAddress: "AWS Internal", userAgent: "AWS Internal" }));
    expect(own).toMatchObject({ principalKey: "arn:aws:iam::111122223333:user/chen", principalType: "IAMUser", principalName: "chen", invokedBy: null });
    expect(onBehalf).toMatchObject({ principalKey: "arn:aws:iam::111122223333:user/chen", principalType: "IAMUser", principalName: "chen", invokedBy: "AWS Internal", readOnly: true });
  });

  it("keys a call CloudFormation made with a role's session on the role", () => {
    const ui = {
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:AWSCloudFormation",
      arn: "arn:aws:sts::111122223333:assumed-role/deploy-pipeline/AWSCloudFormation",
      accountId: "111122223333",
      invokedBy: "cloudformation.amazonaws.com",
      sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/deploy-pipeline", userName: "deploy-pipeline" } },
    };
    expect(normalize(base({ userIdentity: ui }))).toMatchObject({
      principalKey: "arn:aws:iam::111122223333:role/deploy-pipeline", principalType: "AssumedRole", principalName: "deploy-pipeline",
      sessionName: "AWSCloudFormation", invokedBy: "cloudformation.amazonaws.com",
    });
    // Without sessionIssuer the role comes from the session ARN, as for the role's own calls.
    expect(principal({ type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/r/s", invokedBy: "cloudformation.amazonaws.com" })).toMatchObject({
      principalKey: "arn:aws:iam::111122223333:role/r", principalType: "AssumedRole", principalName: "r",
    });
  });

  it("gives AWS services acting with no principal behind them a stream named after the service", () => {
    expect(normalize(base({ userIdentity: { type: "AWSService", invokedBy: "config.amazonaws.com" } }))).toMatchObject({
      principalKey: "aws-service:config.amazonaws.com", principalType: "AWSService", principalName: "config.amazonaws.com", invokedBy: "config.amazonaws.com",
    });
    // An identity that is nothing but invokedBy is the service too.
    expect(principal({ invokedBy: "lambda.amazonaws.com" })).toMatchObject({ principalKey: "aws-service:lambda.amazonaws.com", principalName: "lambda.amazonaws.com" });
    // A service event without an identity belongs to the service that emitted it.
    expect(principal(undefined, { eventType: "AwsServiceEvent", eventSource: "organizations.amazonaws.com" })).toMatchObject({
      principalKey: "aws-service:organizations.amazonaws.com", principalName: "organizations.amazonaws.com",
    });
  });

  it("gives federated, SAML, web-identity, Identity Center and cross-account callers stable keys", () => {
    expect(principal({ type: "FederatedUser", principalId: "111122223333:carol", arn: "arn:aws:sts::111122223333:federated-user/carol", accountId: "111122223333" })).toMatchObject({
      principalKey: "arn:aws:sts::111122223333:federated-user/carol",
      principalName: "carol",
      sessionName: "carol",
    });
    expect(principal({ type: "SAMLUser", principalId: "x", userName: "dave@corp", identityProvider: "CorpIdP" }).principalKey).toBe("saml:CorpIdP:dave@corp");
    expect(principal({ type: "WebIdentityUser", principalId: "accounts.google.com:app:sub", userName: "sub-42", identityProvider: "accounts.google.com" }).principalKey).toBe("web-identity:accounts.google.com:sub-42");
    expect(principal({ type: "IdentityCenterUser", accountId: "111122223333", onBehalfOf: { userId: "u-1", identityStoreArn: "arn:aws:identitystore::111122223333:identitystore/d-1" } }).principalKey).toBe(
      "identity-center:arn:aws:identitystore::111122223333:identitystore/d-1:u-1",
    );
    expect(principal({ type: "AWSAccount", principalId: "AROAOTHER:session", accountId: "444455556666" })).toMatchObject({ principalKey: "aws-account:444455556666:AROAOTHER", sessionName: "session" });
  });

  it("keeps HIDDEN_DUE_TO_SECURITY_REASONS as a principal of its own", () => {
    const ui = { type: "IAMUser", accountId: "111122223333", accessKeyId: "", userName: "HIDDEN_DUE_TO_SECURITY_REASONS" };
    const e = normalize(base({ userIdentity: ui, eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn", errorMessage: "No username found in supplied account", responseElements: { ConsoleLogin: "Failure" } }));
    expect(e).toMatchObject({ principalKey: "HIDDEN_DUE_TO_SECURITY_REASONS:111122223333", category: "signin", outcome: "failure", errorCode: "ConsoleLoginFailure" });
  });

  it("puts stripped identities on the file, or on the caller's default principal", () => {
    const stripped = base({ recipientAccountId: undefined });
    expect(normalize(stripped).principalKey).toBe("unknown:dir/file.json");
    expect(normalize(base()).principalKey).toBe("unknown:111122223333");
    expect(normalize(stripped, { ...ctx, defaultPrincipal: "session:abc" }).principalKey).toBe("session:abc");
  });
});

describe("AWS fields", () => {
  it("builds action, service, account and outcome", () => {
    const e = normalize(base({ userIdentity: { type: "IAMUser", accountId: "999900001111", arn: "arn:aws:iam::999900001111:user/a" }, errorCode: "AccessDenied", resources: [{ ARN: "arn:aws:iam::1:user/x", type: "AWS::IAM::User" }, "junk"] }));
    expect(e).toMatchObject({
      provider: "aws",
      action: "iam.amazonaws.com:CreateUser",
      service: "iam",
      accountExternalId: "111122223333",
      region: "us-east-1",
      outcome: "failure",
      errorCode: "AccessDenied",
      readOnly: false,
      category: "api",
      resources: [{ type: "AWS::IAM::User", arn: "arn:aws:iam::1:user/x" }],
    });
    expect(normalize(base({ recipientAccountId: undefined, userIdentity: { type: "IAMUser", accountId: "999900001111" } })).accountExternalId).toBe("999900001111");
    expect(serviceOf("eventSource1")).toBe("eventSource1");
  });

  it("reads readOnly as boolean, string, or from the verb when missing", () => {
    expect(normalize(base({ readOnly: "true" })).readOnly).toBe(true);
    expect(normalize(base({ readOnly: false, eventName: "GetUser" })).readOnly).toBe(false);
    expect(normalize(base({ eventName: "DescribeInstances" })).readOnly).toBe(true);
    expect(["GetObject", "ListBuckets", "LookupEvents", "HeadObject", "Describe"].map(inferReadOnly)).toEqual([true, true, true, true, true]);
    expect(["Getaway", "PutObject", "BatchGetItem", "ConsoleLogin"].map(inferReadOnly)).toEqual([false, false, false, false]);
  });

  it("reads whether a console sign-in used MFA, from the real detonation and from hostile values", () => {
    const file = datasetPath("aws/attacks/stratus-detonations/aws.initial-access.console-login-without-mfa.json");
    const [detonation] = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>[];
    expect(normalize(detonation)).toMatchObject({ action: "signin.amazonaws.com:ConsoleLogin", category: "signin", outcome: "success", mfaUsed: false });
    const signin = (additionalEventData: unknown) => normalize(base({ eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn", additionalEventData })).mfaUsed;
    expect(signin({ MFAUsed: "Yes" })).toBe(true);
    expect(signin({ MFAUsed: "No" })).toBe(false);
    for (const junk of [undefined, null, "Yes", [], { MFAUsed: true }, { MFAUsed: "yes please" }]) expect(signin(junk)).toBeNull();
    // Only sign-ins say it: the same field on an API call is not read.
    expect(normalize(base({ additionalEventData: { MFAUsed: "No" } })).mfaUsed).toBeNull();
  });

  it("parses the time formats of real exports", () => {
    const times = ["2022-12-11 19:42:55", "2025-01-20 16:52:14.000000000", "2021-05-20 15:53:47Z", "2022-02-08 09:23:37+11:00"];
    expect(times.map((t) => normalize(base({ eventTime: t })).eventTime.toISOString())).toEqual([
      "2022-12-11T19:42:55.000Z",
      "2025-01-20T16:52:14.000Z",
      "2021-05-20T15:53:47.000Z",
      "2022-02-07T22:23:37.000Z",
    ]);
  });

  it.each([
    [{ eventTime: undefined }, "missing eventTime"],
    [{ eventTime: null }, "missing eventTime"],
    [{ eventTime: "redacted" }, 'unparseable eventTime: "redacted"'],
    [{ eventTime: "2024-02-30T00:00:00Z" }, 'unparseable eventTime: "2024-02-30T00:00:00Z"'],
    [{ eventTime: 1700000000 }, "unparseable eventTime: 1700000000"],
    [{ eventSource: undefined }, "missing eventSource"],
    [{ eventSource: "..." }, 'unusable eventSource: "..."'],
    [{ eventName: null }, "missing eventName"],
  ])("rejects %j with a reason", (patch, reason) => {
    expect(normalizeRecord(base(patch), ctx, "aws")).toEqual({ ok: false, reason });
  });

  it("derives a deterministic id when eventID is missing or not a GUID", () => {
    const a = normalize(base({ eventID: "1" }));
    const b = normalize({ ...base({ eventID: "1" }) });
    const c = normalize(base({ eventID: "1", eventName: "DeleteUser" }));
    expect(a.providerEventId).toMatch(/^h-[0-9a-f]{32}$/);
    expect(b.providerEventId).toBe(a.providerEventId);
    expect(c.providerEventId).not.toBe(a.providerEventId);
    // Key order does not change the id: it hashes the canonical form.
    const reordered = Object.fromEntries(Object.entries(base({ eventID: undefined })).reverse());
    expect(normalize(reordered).providerEventId).toBe(normalize(base({ eventID: undefined })).providerEventId);
  });

  it("keeps the record itself as raw", () => {
    const record = base({ additionalEventData: { x: [1, 2] } });
    expect(normalize(record).raw).toBe(record);
  });
});
