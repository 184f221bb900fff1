import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parseFile } from "./parse-file";
import type { NormalizedEvent, TParseOptions, TParseResult } from "./types";

// Inputs a user (or an attacker) can hand the importer. None may throw, hang, or take memory in
// proportion to the input; each must end in events, rejects with a position and a reason, or skips.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-ingest-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function record(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", userName: "alice" },
    eventTime: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString().slice(0, 19) + "Z",
    eventSource: "iam.amazonaws.com",
    eventName: "ListUsers",
    awsRegion: "us-east-1",
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    recipientAccountId: "111122223333",
    ...extra,
  };
}

function s3Object(n: number): string {
  return JSON.stringify({ Records: Array.from({ length: n }, (_, i) => record(i)) });
}

async function collect(input: Parameters<typeof parseFile>[0], options: TParseOptions = {}): Promise<TParseResult[]> {
  const out: TParseResult[] = [];
  for await (const r of parseFile(input, options)) out.push(r);
  return out;
}

const events = (rs: TParseResult[]): NormalizedEvent[] => rs.flatMap((r) => (r.kind === "event" ? [r.event] : []));
const rejects = (rs: TParseResult[]) => rs.flatMap((r) => (r.kind === "reject" ? [r.reject] : []));
const skips = (rs: TParseResult[]) => rs.flatMap((r) => (r.kind === "skip" ? [r] : []));

describe("empty and non-log files", () => {
  it("skips an empty file and a whitespace-only file", async () => {
    expect(skips(await collect(write("empty.json", "")))).toMatchObject([{ position: "file", reason: "empty file" }]);
    const ws = await collect(write("ws.jsonl", " \n\t\r\n  \n"));
    expect(ws).toHaveLength(1);
    expect(skips(ws)[0].reason).toMatch(/whitespace only/);
  });

  it.each([
    ["garbage.bin", Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))]), "binary data"],
    ["page.json", "<!DOCTYPE html><html><body>Sign in</body></html>", "an HTML page"],
    ["pic.json", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "a PNG image"],
    ["notes.txt", "just some notes\nnothing here", "not JSON, JSON Lines or CSV"],
    ["other.csv", "name,age\nbob,3\n", "CSV without Azure Activity columns"],
    ["utf16.json", Buffer.from("\ufeff[]", "utf16le"), "UTF-16"],
    ["nul-start.json", `\u0000\u0000${s3Object(1)}`, "starts with control character 0x00"],
  ])("rejects %s as a whole file", async (name, content, reason) => {
    const results = await collect(write(name, content));
    expect(results).toHaveLength(1);
    expect(rejects(results)[0]).toMatchObject({ position: "file" });
    expect(rejects(results)[0].reason).toContain(reason);
  });

  it("skips CloudTrail digest files with a reason", async () => {
    const digest = { awsAccountId: "111122223333", digestStartTime: "2024-01-01T00:00:00Z", digestEndTime: "2024-01-01T01:00:00Z", digestS3Object: "x", logFiles: [] };
    const results = await collect(write("digest.json.gz", zlib.gzipSync(JSON.stringify(digest))));
    expect(results).toEqual([{ kind: "skip", file: path.join(dir, "digest.json.gz"), position: "file", reason: expect.stringContaining("digest") }]);
  });
});

describe("gzip", () => {
  it("keeps the records before a truncation and names the byte", async () => {
    const gz = zlib.gzipSync(s3Object(3000));
    const results = await collect(write("cut.json.gz", gz.subarray(0, Math.floor(gz.length * 0.6))));
    const kept = events(results);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(3000);
    expect(kept.map((e) => e.providerEventId)).toEqual(Array.from({ length: kept.length }, (_, i) => record(i).eventID));
    const [reject] = rejects(results);
    expect(rejects(results)).toHaveLength(1);
    expect(reject.position).toMatch(/^byte \d+$/);
    expect(reject.reason).toMatch(/^gzip truncated or corrupt: at compressed byte \d+/);
  });

  it("keeps the lines of a truncated gzip JSON Lines file without reporting the cut line twice", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify(record(i))).join("\n");
    const gz = zlib.gzipSync(lines);
    const results = await collect(write("cut.jsonl.gz", gz.subarray(0, gz.length - 200)));
    expect(events(results).length).toBeGreaterThan(1500);
    expect(rejects(results).map((r) => r.reason.split(":")[0])).toEqual(["gzip truncated or corrupt"]);
  });

  it("stops a gzip bomb at the output cap, keeping what came before", async () => {
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.from(`{"Records":[${JSON.stringify(record(1))},`), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from("]}")]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const results = await collect(write("bomb.json.gz", bomb), { maxDecompressedBytes: 1024 * 1024 });
    expect(events(results)).toHaveLength(1);
    expect(rejects(results)).toHaveLength(1);
    expect(rejects(results)[0].reason).toMatch(/^gzip bomb: decompression stopped at \d+ bytes/);
  });

  it("stops a gzip bomb by compression ratio", async () => {
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.from("["), Buffer.alloc(4 * 1024 * 1024, 0x20), Buffer.from("]")]));
    const results = await collect(write("ratio.json.gz", bomb), { maxCompressionRatio: 100, ratioCheckAfterBytes: 256 * 1024 });
    expect(rejects(results).map((r) => r.reason.split(":")[0])).toEqual(["gzip bomb"]);
  });

  it("reads concatenated gzip members and an input stream", async () => {
    const gz = Buffer.concat([zlib.gzipSync(`${JSON.stringify(record(1))}\n`), zlib.gzipSync(`${JSON.stringify(record(2))}\n`)]);
    const results = await collect({ stream: Readable.from([gz]), name: "upload.jsonl.gz" });
    expect(events(results).map((e) => e.providerEventId)).toEqual([record(1).eventID, record(2).eventID]);
  });
});

describe("the file itself", () => {
  it("turns an unreadable path into one reject", async () => {
    const results = await collect(path.join(dir, "does-not-exist.json"));
    expect(results).toHaveLength(1);
    expect(rejects(results)[0]).toMatchObject({ position: "byte 0" });
    expect(rejects(results)[0].reason).toMatch(/^cannot read input: ENOENT/);
    expect(rejects(await collect(dir))[0].reason).toMatch(/^cannot read input: EISDIR/);
  });

  it("stops reading when the consumer stops early", async () => {
    const file = write("early.json.gz", zlib.gzipSync(s3Object(20_000)));
    let seen = 0;
    for await (const r of parseFile(file)) {
      if (r.kind === "event" && ++seen === 10) break;
    }
    expect(seen).toBe(10);
    // The generator's cleanup ran: parsing the same file again from the start still works.
    expect(events(await collect(file))).toHaveLength(20_000);
  });
});

describe("size and nesting caps", () => {
  it("rejects a 5 MB record over the cap and keeps its neighbours", async () => {
    const big = record(2, { requestParameters: { blob: "x".repeat(5 * 1024 * 1024) } });
    const file = write("big.json", JSON.stringify({ Records: [record(1), big, record(3)] }));
    const results = await collect(file);
    expect(events(results).map((e) => e.providerEventId)).toEqual([record(1).eventID, record(3).eventID]);
    expect(rejects(results)).toMatchObject([{ position: "record 2", raw: null }]);
    expect(rejects(results)[0].reason).toMatch(/^record too large: \d+ bytes > 1048576/);
  });

  it("applies the same cap to a JSON Lines line", async () => {
    const lines = [record(1), record(2, { x: "y".repeat(2 * 1024 * 1024) }), record(3)].map((r) => JSON.stringify(r)).join("\n");
    const results = await collect(write("big.jsonl", lines));
    expect(events(results)).toHaveLength(2);
    expect(rejects(results)).toMatchObject([{ position: "line 2" }]);
  });

  it("rejects a deeply nested record without a stack overflow", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const results = await collect(write("deep.json", `{"Records":[${JSON.stringify(record(1))},${deep},${JSON.stringify(record(3))}]}`));
    expect(events(results)).toHaveLength(2);
    expect(rejects(results)).toMatchObject([{ position: "record 2" }]);
    expect(rejects(results)[0].reason).toMatch(/^record nested too deeply/);
  });

  it("rejects a deeply nested JSON Lines line and keeps the others", async () => {
    const deep = `{"eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"X","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const results = await collect(write("deep.jsonl", [JSON.stringify(record(1)), deep, JSON.stringify(record(3))].join("\n")));
    expect(events(results)).toHaveLength(2);
    expect(rejects(results)).toHaveLength(1);
    expect(rejects(results)[0].position).toBe("line 2");
  });
});

describe("text oddities", () => {
  it("keeps markup inside strings verbatim", async () => {
    const payload = "<script>alert(document.cookie)</script>";
    const results = await collect(write("xss.json", JSON.stringify([record(1, { userAgent: payload, requestParameters: { userName: `"${payload}` } })])));
    const [event] = events(results);
    expect(event.userAgent).toBe(payload);
    expect(event.raw).toMatchObject({ requestParameters: { userName: `"${payload}` } });
  });

  it("accepts a BOM at the start of JSON, JSON Lines and gzip content", async () => {
    expect(events(await collect(write("bom.json", `\ufeff${s3Object(2)}`)))).toHaveLength(2);
    expect(events(await collect(write("bom.jsonl", `\ufeff${JSON.stringify(record(1))}\n${JSON.stringify(record(2))}\n`)))).toHaveLength(2);
    expect(events(await collect(write("bom.json.gz", zlib.gzipSync(`\ufeff${s3Object(3)}`))))).toHaveLength(3);
  });

  it("reads CRLF JSON Lines", async () => {
    const text = [1, 2, 3].map((i) => JSON.stringify(record(i))).join("\r\n") + "\r\n";
    const results = await collect(write("crlf.jsonl", text));
    expect(events(results)).toHaveLength(3);
    expect(results).toHaveLength(3);
  });

  it("rejects only the line or record that holds a NUL byte", async () => {
    const bad = JSON.stringify(record(2)).replace('"ListUsers"', '"List\u0000Users"'.replace("\\u0000", "\u0000"));
    const lines = [JSON.stringify(record(1)), bad, JSON.stringify(record(3))].join("\n");
    const jsonl = await collect(write("nul.jsonl", lines));
    expect(events(jsonl)).toHaveLength(2);
    expect(rejects(jsonl)).toMatchObject([{ position: "line 2" }]);
    expect(rejects(jsonl)[0].reason).toMatch(/^invalid JSON/);
    const array = await collect(write("nul.json", `[${JSON.stringify(record(1))},\u0000,${JSON.stringify(record(3))}]`));
    expect(events(array)).toHaveLength(2);
    expect(rejects(array)).toMatchObject([{ position: "record 2" }]);
  });

  it("keeps multi-byte characters that straddle read chunks", async () => {
    const name = "Zoë-😀-日本";
    const records = Array.from({ length: 600 }, (_, i) => record(i, { requestParameters: { name, pad: "é".repeat(500 + (i % 7)) } }));
    const results = await collect(write("utf8.json.gz", zlib.gzipSync(JSON.stringify({ Records: records }))));
    expect(events(results)).toHaveLength(600);
    expect(events(results).every((e) => (e.raw as { requestParameters: { name: string } }).requestParameters.name === name)).toBe(true);
  });
});

describe("broken JSON structure", () => {
  it("keeps what came before a cut-off document", async () => {
    const results = await collect(write("cutoff.json", `{"Records":[${JSON.stringify(record(1))},{"eventVersion":"1.0","eventTime":`));
    expect(events(results)).toHaveLength(1);
    expect(rejects(results)).toMatchObject([{ reason: "JSON cut off: input ended inside record 2" }]);
  });

  it("rejects one malformed element and keeps the others", async () => {
    const results = await collect(write("trailing.json", `[${JSON.stringify(record(1))},{"eventTime": "x", "a": [1,],},${JSON.stringify(record(3))}]`));
    expect(events(results)).toHaveLength(2);
    expect(rejects(results)).toMatchObject([{ position: "record 2" }]);
    expect(rejects(results)[0].reason).toMatch(/^invalid JSON/);
  });

  it("rejects elements that are not records", async () => {
    const results = await collect(write("scalars.json", `[1, "two", null, ${JSON.stringify(record(4))}]`));
    expect(events(results)).toHaveLength(1);
    expect(rejects(results).map((r) => r.reason)).toEqual(["not a record: a number", "not a record: a string", "not a record: null"]);
  });

  it("reads a top-level object that is neither a container nor a record as one reject", async () => {
    const results = await collect(write("labels.json", JSON.stringify({ a: { b: 1 }, c: [1, 2] })));
    expect(rejects(results)).toMatchObject([{ position: "record 1", reason: "unrecognized record: not CloudTrail or Azure Activity, keys {a, c}" }]);
  });
});

describe("other shapes", () => {
  it("reads LookupEvents output with NextToken before the Events", async () => {
    const body = { NextToken: "abc", Events: [1, 2].map((i) => ({ EventId: record(i).eventID, CloudTrailEvent: JSON.stringify(record(i)) })) };
    const results = await collect(write("lookup.json", JSON.stringify(body, null, 2)));
    expect(events(results).map((e) => e.providerEventId)).toEqual([record(1).eventID, record(2).eventID]);
  });

  it("unwraps EventBridge CloudTrail events and skips other EventBridge events", async () => {
    const lines = [
      { "detail-type": "AWS API Call via CloudTrail", source: "aws.iam", detail: record(1) },
      { "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2", detail: { state: "running" } },
    ];
    const results = await collect(write("eb.jsonl", lines.map((l) => JSON.stringify(l)).join("\n")));
    expect(events(results)).toHaveLength(1);
    expect(skips(results)).toMatchObject([{ position: "line 2", reason: 'EventBridge event "EC2 Instance State-change Notification" is not a CloudTrail record' }]);
  });

  it("reads Azure REST pages and collapses an operation's records", async () => {
    const op = (status: string, time: string, id: string) => ({
      eventDataId: id,
      operationId: "9e2f0000-0000-4000-8000-000000000001",
      operationName: { value: "Microsoft.Compute/virtualMachines/delete", localizedValue: "Delete Virtual Machine" },
      status: { value: status },
      subStatus: { value: status === "Failed" ? "Conflict" : "" },
      eventTimestamp: time,
      caller: "bob@contoso.com",
      claims: { "http://schemas.microsoft.com/identity/claims/objectidentifier": "AAAA-1111" },
      resourceId: "/subscriptions/0B0B0000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
      httpRequest: { clientIpAddress: "203.0.113.9", method: "DELETE" },
    });
    const page = { value: [op("Failed", "2024-05-01T10:00:05.1234567Z", "e2"), op("Started", "2024-05-01T10:00:00Z", "e1")], nextLink: "https://…" };
    const [event] = events(await collect(write("rest.json", JSON.stringify(page))));
    expect(event).toMatchObject({
      provider: "azure",
      providerEventId: "op-9e2f0000-0000-4000-8000-000000000001-MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE",
      action: "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE",
      accountExternalId: "0b0b0000-0000-4000-8000-000000000000",
      outcome: "failure",
      errorCode: "Conflict",
      readOnly: false,
      principalKey: "azure:aaaa-1111",
      principalType: "user",
      sourceIp: "203.0.113.9",
    });
    expect(event.eventTime.toISOString()).toBe("2024-05-01T10:00:00.000Z");
  });
});
