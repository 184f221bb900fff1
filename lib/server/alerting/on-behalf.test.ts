import { describe, expect, it } from "vitest";
import { isAwsInternalAgent, isContextOnly } from "./on-behalf";

describe("reads made on a principal's behalf", () => {
  it("never alert: calls a service made for the principal, AWS service streams and AWS back ends acting for the user", () => {
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:role/deploy", readOnly: true, invokedBy: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com" })).toBe(true);
    expect(isContextOnly({ principalKey: "azure:bob@contoso.com", readOnly: true, invokedBy: "Policy" })).toBe(true);
    expect(isContextOnly({ principalKey: "aws-service:config.amazonaws.com", readOnly: true })).toBe(true);
    // The demo's false alert: zoe's GetBucketLocation, read by CloudTrail on her behalf.
    expect(isContextOnly({ principalKey: "arn:aws:iam::837393464264:user/zoe", readOnly: true, userAgent: "[AWSCloudTrail, aws-internal/3 aws-sdk-java/1.12.746 Linux/5.10.226]" })).toBe(true);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:user/a", readOnly: true, userAgent: "AWS Internal" })).toBe(true);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:user/a", readOnly: true, userAgent: "aws-internal/3 aws-sdk-java/1.12.599 Linux/5.10" })).toBe(true);
  });

  it("still alert: writes on the principal's behalf, and the principal's own reads", () => {
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:user/a", readOnly: false, userAgent: "AWS Internal" })).toBe(false);
    expect(isContextOnly({ principalKey: "aws-service:AWS Internal", readOnly: false })).toBe(false);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:role/deploy", readOnly: false, invokedBy: "cloudformation.amazonaws.com" })).toBe(false);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:role/deploy", readOnly: true, invokedBy: null })).toBe(false);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:user/a", readOnly: true, userAgent: "aws-cli/2.13.25 Python/3.11.5" })).toBe(false);
    expect(isContextOnly({ principalKey: "arn:aws:iam::1:user/a", readOnly: null, userAgent: "AWS Internal" })).toBe(false);
    // A client that only mentions the marker somewhere is not AWS's back end.
    expect(isAwsInternalAgent("curl/8.0 (pretending aws-internal/3)")).toBe(false);
  });
});
