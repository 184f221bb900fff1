import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dayOfFolder, listDayFolders } from "./end-to-end-days";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tw-e2e-days-"));
const touch = (rel: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), "{}");
};

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("dayOfFolder", () => {
  it("reads the day from both delivery layouts and nothing else", () => {
    expect(dayOfFolder("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/03/04")).toBe("2025-03-04");
    expect(dayOfFolder("azure/resourceId=/SUBSCRIPTIONS/ABC-1/y=2025/m=03/d=05")).toBe("2025-03-05");
    expect(dayOfFolder("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/03")).toBeNull();
    expect(dayOfFolder("azure/resourceId=/SUBSCRIPTIONS/ABC-1/y=2025/m=03/d=05/h=01")).toBeNull();
    expect(dayOfFolder("other/2025/03/04")).toBeNull();
  });
});

describe("listDayFolders", () => {
  it("groups the day folders chronologically, AWS before Azure, and reports stray logs", async () => {
    touch("AWSLogs/2/CloudTrail/us-east-1/2025/03/04/b.json.gz");
    touch("AWSLogs/1/CloudTrail/us-east-1/2025/03/03/a.json.gz");
    touch("AWSLogs/1/CloudTrail/us-east-1/2025/03/04/a.json.gz");
    touch("azure/resourceId=/SUBSCRIPTIONS/S/y=2025/m=03/d=03/h=00/m=00/PT1H.json");
    touch("labels.jsonl");
    let listed = await listDayFolders(root);
    expect([...listed.days.keys()]).toEqual(["2025-03-03", "2025-03-04"]);
    expect(listed.days.get("2025-03-03")!.map((d) => path.relative(root, d))).toEqual([
      "AWSLogs/1/CloudTrail/us-east-1/2025/03/03",
      "azure/resourceId=/SUBSCRIPTIONS/S/y=2025/m=03/d=03",
    ]);
    expect(listed.days.get("2025-03-04")!.map((d) => path.relative(root, d))).toEqual([
      "AWSLogs/1/CloudTrail/us-east-1/2025/03/04",
      "AWSLogs/2/CloudTrail/us-east-1/2025/03/04",
    ]);
    expect(listed.stray).toEqual([]);
    touch("AWSLogs/1/CloudTrail/us-east-1/loose.json.gz");
    listed = await listDayFolders(root);
    expect(listed.stray).toEqual(["AWSLogs/1/CloudTrail/us-east-1/loose.json.gz"]);
  });
});
