import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { eventsFromFiles, listInputFiles } from "@/lib/server/ml/events-from-files";

const SESSION = "01b11411976e0d80d2528881b018fc020d44a2620b901f89c31f65f506e94e44";

describe("eventsFromFiles", () => {
  it("turns a console-session folder into one principal's ml events and counts a sidecar as rejected", async () => {
    // The session as its publisher ships it: the events and a labels file that is not a log.
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tw-ml-session-")), SESSION);
    fs.mkdirSync(dir);
    fs.copyFileSync(datasetPath("aws/benign/console-sessions", SESSION, "InputEvents.json"), path.join(dir, "InputEvents.json"));
    fs.writeFileSync(path.join(dir, "ExpectedSignals.json"), JSON.stringify([{ label: "Console login", eventIDs: ["x"] }]));
    const r = await eventsFromFiles([dir]);
    expect(r.files).toBe(2);
    expect(r.events).toHaveLength(162);
    expect(new Set(r.events.map((e) => e.principalKey))).toEqual(new Set([`session:${SESSION}`]));
    const e = r.events[0];
    expect(typeof e.eventTime).toBe("number");
    expect(e.action).toMatch(/^[a-z0-9-]+\.amazonaws\.com:[A-Za-z0-9]+$/);
    expect(["success", "failure"]).toContain(e.outcome);
    expect(r.rejects).toBe(1); // ExpectedSignals.json is not a log
    fs.rmSync(path.dirname(dir), { recursive: true });
  });

  it("keeps going past a broken file and names a missing path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-ml-files-"));
    fs.writeFileSync(path.join(dir, "broken.json"), '{"Records": [{"eventTime": ');
    fs.copyFileSync(datasetPath("aws/benign/console-sessions", SESSION, "InputEvents.json"), path.join(dir, "ok.json"));
    const r = await eventsFromFiles([dir]);
    expect(r.events).toHaveLength(162);
    expect(r.rejects).toBeGreaterThan(0);
    expect(() => listInputFiles([path.join(dir, "missing")])).toThrow(/missing/);
    fs.rmSync(dir, { recursive: true });
  });
});
