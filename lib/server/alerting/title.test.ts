import { describe, expect, it } from "vitest";
import { alertTitle, type TitleInput } from "./title";

const facts = (f: Record<string, boolean>) => ({ facts: { newPrincipal: false, newForPrincipal: false, newForAccount: false, newRegion: false, newIp: false, newUserAgent: false, ...f } });
const title = (i: Partial<TitleInput>) => alertTitle({ action: "s3.amazonaws.com:GetBucketLocation", principalName: "zoe", outcome: "success", explanation: facts({}), ...i });

describe("alertTitle", () => {
  it("says what a security-relevant call did and what was new about it", () => {
    expect(title({ action: "iam.amazonaws.com:CreateAccessKey", principalName: "ci-deployer", explanation: facts({ newIp: true }) }))
      .toBe("New access key created by ci-deployer from an address it never used");
    expect(title({ action: "cloudtrail.amazonaws.com:StopLogging", principalName: "alice", explanation: facts({ newIp: true, newUserAgent: true }) }))
      .toBe("CloudTrail logging stopped by alice from a new address and client");
    expect(title({ action: "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE", principalName: "mallory@contoso.example", explanation: facts({ newRegion: true }) }))
      .toBe("Role assigned by mallory@contoso.example in a region it never used");
  });

  it("leads with the outcome of a refused or failed call", () => {
    expect(title({ action: "secretsmanager.amazonaws.com:GetSecretValue", principalName: "orders-api", outcome: "failure", errorCode: "AccessDenied", explanation: facts({ newUserAgent: true }) }))
      .toBe("Denied: GetSecretValue by orders-api from an unfamiliar client");
    expect(title({ action: "MICROSOFT.KEYVAULT/VAULTS/DELETE", outcome: "failure", errorCode: "AuthorizationFailed" })).toBe("Denied: vaults/delete (Key Vault) by zoe");
    expect(title({ action: "ec2.amazonaws.com:RunInstances", outcome: "failure", errorCode: "InsufficientInstanceCapacity" })).toBe("Failed: RunInstances by zoe");
  });

  it("falls back to a readable action name, saying whether it is a first", () => {
    expect(title({})).toBe("Unusual GetBucketLocation (S3) by zoe");
    expect(title({ explanation: facts({ newForPrincipal: true }) })).toBe("First GetBucketLocation (S3) by zoe");
    expect(title({ explanation: facts({ newForPrincipal: true, newForAccount: true }) })).toBe("First GetBucketLocation (S3) in the account by zoe");
    expect(title({ otherActions: 2 })).toBe("Unusual GetBucketLocation (S3) by zoe (+2 other actions)");
  });

  it("says a principal is new once, instead of listing everything new about it", () => {
    expect(title({ action: "iam.amazonaws.com:CreateUser", explanation: facts({ newPrincipal: true, newIp: true, newRegion: true }) })).toBe("New IAM user created by zoe, seen for the first time");
  });

  it("counts a burst's calls and says where they came from", () => {
    const burst = { novelty: ["address"], contributing: 5, events: [] };
    expect(title({ action: "iam.amazonaws.com:ListUsers", principalName: "ci-deployer", explanation: { ...facts({}), burst } })).toBe("5 calls by ci-deployer within minutes from an address it never used");
  });

  it("names a console sign-in without MFA and an app that has only an id", () => {
    expect(title({ action: "signin.amazonaws.com:ConsoleLogin", mfaUsed: false })).toBe("Console sign-in without MFA by zoe");
    expect(title({ principalName: "1f0c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f" })).toBe("Unusual GetBucketLocation (S3) by Azure app 1f0c2d3e…");
  });

  it("reads an explanation without facts (older rows) as nothing new", () => {
    expect(title({ explanation: {} })).toBe("Unusual GetBucketLocation (S3) by zoe");
    expect(title({ action: "constructor" })).toBe("Unusual constructor by zoe");
  });
});
