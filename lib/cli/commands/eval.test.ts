import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { run } from "@/lib/cli/commands/eval";
import { takePathLists } from "@/lib/cli/commands/train";
import { UsageError } from "@/lib/cli/command";

const sessions = (...ids: string[]) => ids.map((id) => datasetPath("aws/benign/console-sessions", id));
const TRAIN = sessions("9f92e6bb9db1a66c4d9fde42707f159003b4b98bae56ace2f549470bfeecdca6", "b5ff7b31f75daacfaee79a7408f223aea9bd37c7a62eab70b5dcf01287637849");
const TEST = sessions("05a71330a1dea36bac1f1e2ee421c7500821f6b791b8a73ecbc52677b14e1bff");

async function capture(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return { code: await run(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("trailwatch eval", () => {
  it("splits multi-value path flags", () => {
    expect(takePathLists(["--train", "a", "b", "--json", "--test", "c", "--epochs", "2"], ["train", "test"])).toEqual({ lists: { train: ["a", "b"], test: ["c"] }, rest: ["--json", "--epochs", "2"] });
  });

  it("trains on some console sessions, scores another and prints JSON plus one line per test event", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tw-eval-")), "scores.jsonl");
    const { code, stdout } = await capture(["--train", ...TRAIN, "--test", ...TEST, "--epochs", "1", "--no-deeplog", "--json", "--out", out]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, unknown> & { model: Record<string, number>; nextEvent: { top1: number; top5: number }; baselines: Record<string, unknown> };
    expect(r).toMatchObject({ backend: "wasm", trainEvents: 475, testEvents: 26, alerts: expect.any(Number), alertsPerMillion: expect.any(Number) });
    expect(r.model).toMatchObject({ params: expect.any(Number), trainSeconds: expect.any(Number) });
    expect(r.nextEvent.top5).toBeGreaterThanOrEqual(r.nextEvent.top1);
    expect(r.baselines).toMatchObject({ newAction: { nextEvent: expect.any(Object), alerts: expect.any(Number) }, deeplog: null });
    const lines = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(26);
    expect(Object.keys(lines[0]).sort()).toEqual(["action", "alert", "eventId", "expected", "principal", "probability", "rank", "score"]);
    expect(lines[0].principal).toMatch(/^session:05a71330/);
  });

  it("rejects a call without test files, and names a missing path", async () => {
    await expect(run(["--train", ...TRAIN])).rejects.toThrow(UsageError);
    await expect(run(["--train", ...TRAIN, "--test", "/nonexistent/logs"])).rejects.toThrow(/no such file or folder: \/nonexistent\/logs/);
  });
});
