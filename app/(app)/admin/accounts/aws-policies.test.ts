import { describe, expect, it } from "vitest";
import { awsPermissionPolicy, awsTrustPolicy } from "./aws-policies";

describe("AWS policies shown to the admin", () => {
  it("binds the trust policy to the external id", () => {
    const p = JSON.parse(awsTrustPolicy("ext-123", "arn:aws:iam::111122223333:role/trailwatch")) as { Statement: Array<{ Condition: unknown; Principal: unknown }> };
    expect(p.Statement[0]?.Condition).toEqual({ StringEquals: { "sts:ExternalId": "ext-123" } });
    expect(p.Statement[0]?.Principal).toEqual({ AWS: "arn:aws:iam::111122223333:role/trailwatch" });
  });

  it("grants only LookupEvents without a bucket, and read-only bucket access under AWSLogs with one", () => {
    const bare = JSON.parse(awsPermissionPolicy()) as { Statement: Array<{ Action: string[]; Resource: string }> };
    expect(bare.Statement.flatMap((s) => s.Action)).toEqual(["cloudtrail:LookupEvents"]);
    const full = JSON.parse(awsPermissionPolicy("trail-bucket", "/org/")) as { Statement: Array<{ Action: string[]; Resource: string }> };
    expect(full.Statement.flatMap((s) => s.Action)).toEqual(["cloudtrail:LookupEvents", "s3:ListBucket", "s3:GetObject"]);
    expect(full.Statement[2]?.Resource).toBe("arn:aws:s3:::trail-bucket/org/AWSLogs/*");
  });
});
