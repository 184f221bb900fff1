import { describe, expect, it } from "vitest";
import { awsError } from "./testing/aws-fakes";
import { causeOf, describePollError, summarizeConnection } from "./connection-result";

const offline = () => Object.assign(new Error("getaddrinfo ENOTFOUND cloudtrail.us-east-1.amazonaws.com"), { code: "ENOTFOUND" });

describe("connection results in plain words", () => {
  it("tells the network, the credentials and a missing permission apart", () => {
    expect(causeOf(offline(), false)).toBe("network");
    expect(causeOf(Object.assign(new Error("fetch failed"), { cause: offline() }), false)).toBe("network");
    expect(causeOf(awsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403), true)).toBe("credentials");
    expect(causeOf(awsError("CredentialsProviderError", "Could not load credentials from any providers"), false)).toBe("no-credentials");
    expect(causeOf(awsError("AccessDeniedException", "User is not authorized to perform: cloudtrail:LookupEvents"), true)).toBe("permission");
    expect(causeOf(awsError("ThrottlingException"), false)).toBe("other");
  });

  it("summarizes a test by its earliest obstacle", () => {
    expect(summarizeConnection("azure", [{ check: "azure:token", ok: false, cause: "network" }])).toBe("Cannot reach Azure (network/DNS)");
    expect(summarizeConnection("aws", [{ check: "sts:GetCallerIdentity", ok: false, cause: "no-credentials" }])).toBe("No AWS credentials: add them to the account");
    expect(summarizeConnection("aws", [{ check: "a", ok: true }, { check: "s3:ListBucket b", ok: false, cause: "permission", missingPermission: "s3:ListBucket" }])).toBe("Missing permission: s3:ListBucket");
  });

  it("words a failed poll the same way, keeping the SDK's text out of the account's row", () => {
    expect(describePollError("aws", offline())).toBe("Cannot reach AWS (network/DNS)");
    expect(describePollError("aws", awsError("AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows it"))).toBe(
      "Missing permission: cloudtrail:LookupEvents",
    );
    expect(describePollError("azure", Object.assign(new Error("ChainedTokenCredential authentication failed.\nCredentialUnavailableError: …"), { name: "AggregateAuthenticationError" }))).toBe(
      "No Azure credentials: add them to the account",
    );
    expect(describePollError("aws", new Error(`boom\n${"x".repeat(500)}`))).toBe("Polling failed: boom");
  });
});
