import { describe, expect, it } from "vitest";
import { dayOf, dayPrefix, isLogObjectKey, nextDay, regionPrefix } from "./trail-layout";

describe("CloudTrail S3 layout", () => {
  it("builds the single-account day prefix, with and without a key prefix", () => {
    expect(dayPrefix({ prefix: "" }, "111111111111", "eu-central-1", "2017/12/11")).toBe("AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/");
    expect(regionPrefix({ prefix: "/logs/prod/" }, "111111111111", "us-east-1")).toBe("logs/prod/AWSLogs/111111111111/CloudTrail/us-east-1/");
  });

  it("inserts the organization id before the account for organization trails", () => {
    expect(dayPrefix({ prefix: "ct", organizationId: "o-abcdef1234" }, "222222222222", "us-west-2", "2024/02/29")).toBe(
      "ct/AWSLogs/o-abcdef1234/222222222222/CloudTrail/us-west-2/2024/02/29/",
    );
  });

  it("walks days across month and leap-year ends in UTC", () => {
    expect(dayOf(new Date("2024-02-28T23:59:59.999Z"))).toBe("2024/02/28");
    expect(nextDay("2024/02/28")).toBe("2024/02/29");
    expect(nextDay("2024/02/29")).toBe("2024/03/01");
    expect(nextDay("2023/12/31")).toBe("2024/01/01");
  });

  it("reads delivered objects, not other files", () => {
    expect(isLogObjectKey("AWSLogs/1/CloudTrail/r/2017/12/11/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz")).toBe(true);
    expect(isLogObjectKey("AWSLogs/1/CloudTrail/r/2017/12/11/x.json")).toBe(true);
    expect(isLogObjectKey("AWSLogs/1/CloudTrail/r/2017/12/11/")).toBe(false);
    expect(isLogObjectKey("AWSLogs/1/CloudTrail/r/2017/12/11/notes.txt")).toBe(false);
  });
});
