import { describe, expect, it } from "vitest";
import { userAgentFamily } from "./user-agent";

describe("userAgentFamily", () => {
  it.each([
    ["AWS Internal", "console"],
    ["console.amazonaws.com", "console"],
    ["console.ec2.amazonaws.com", "console"],
    ["signin.amazonaws.com", "console"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36", "console"],
    ["[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10]", "console"],
    ["aws-internal/3 aws-sdk-java/1.12.599 Linux/5.10.201-168.748.amzn2int.x86_64", "console"],
    ["aws-cli/2.13.5 Python/3.11.4 Darwin/22.6.0 exe/x86_64 prompt/off command/iam.list-users", "cli"],
    ["aws-cli/1.18.69 Python/3.8.2 Linux/5.4 botocore/1.17.0", "cli"],
    ["Boto3/1.28.0 md/Botocore#1.31.0 ua/2.0 os/linux#5.15 md/arch#x86_64 lang/python#3.11.4", "sdk"],
    ["Botocore/1.31.0 Python/3.11", "sdk"],
    ["aws-sdk-go/1.44.0 (go1.20; linux; amd64)", "sdk"],
    ["aws-sdk-js/3.400.0 ua/2.0 os/darwin#22.6.0 lang/js md/nodejs#18.17.1", "sdk"],
    ["aws-sdk-java/2.20.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17", "sdk"],
    ["APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.17.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.21.0", "terraform"],
    ["aws-sdk-go/1.44.0 (go1.20; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/1.0.0", "terraform"],
    ["lambda.amazonaws.com", "service"],
    ["cloudformation.amazonaws.com", "service"],
    ["stratus-red-team_ea782787-a65d-4fc4-9fca-1c97869a9a25", "other"],
    ["python-requests/2.31.0", "other"],
    ["", "other"],
  ] as const)("%s → %s", (agent, family) => {
    expect(userAgentFamily(agent)).toBe(family);
  });

  it("treats a missing agent as other", () => {
    expect(userAgentFamily(null)).toBe("other");
  });
});
