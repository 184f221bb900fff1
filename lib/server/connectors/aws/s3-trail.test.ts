import fs from "node:fs";
import zlib from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { datasetPath } from "@/test/helpers/datasets";
import { pollAccount } from "../poll-account";
import { checkpointOf, createConnectedAccount, eventFacts, runsOf } from "../testing/accounts";
import { awsError, fakeBucket, loadStratusRecords } from "../testing/aws-fakes";
import type { TRecord } from "../testing/aws-fakes";
import type { TClientFactory } from "../types";

// The trail bucket: an organization trail holding the real Stratus detonations as hourly
// delivery objects, with a digest file, a corrupt gzip and another account's folder beside them.

const ACCOUNT = "056392974792";
const ORG = "o-exampleorg1";
const NOW = new Date("2024-08-03T03:00:00Z");
const credentials = { kind: "keys", accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "not-a-secret" } as const;
const records = loadStratusRecords().filter((r) => new Date(r.eventTime) < NOW);

function orgKey(account: string, time: string, n: number): string {
  const day = time.slice(0, 10).replaceAll("-", "/");
  const stamp = `${time.slice(0, 13).replaceAll("-", "")}00Z`.replace(":", "");
  return `AWSLogs/${ORG}/${account}/CloudTrail/us-east-1/${day}/${account}_CloudTrail_us-east-1_${stamp}_${String(n).padStart(4, "0")}.json.gz`;
}

function orgBucket(): Map<string, Buffer> {
  const groups = new Map<string, TRecord[]>();
  records.forEach((r, i) => {
    const key = orgKey(ACCOUNT, r.eventTime, i % 3);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  const objects = new Map([...groups].map(([k, rs]) => [k, zlib.gzipSync(JSON.stringify({ Records: rs }))]));
  const day = `AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/us-east-1/2024/07/31/`;
  objects.set(`${day}${ACCOUNT}_CloudTrail_us-east-1_20240731T0000Z_corrupt.json.gz`, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.from("not deflate data at all")]));
  const digest = { awsAccountId: ACCOUNT, digestStartTime: "2024-07-31T00:00:00Z", digestS3Object: "x", logFiles: [] };
  objects.set(`${day}${ACCOUNT}_CloudTrail_us-east-1_20240731T0001Z_digest.json.gz`, zlib.gzipSync(JSON.stringify(digest)));
  objects.set(`${day}README.txt`, Buffer.from("not a log"));
  objects.set(orgKey("999999999999", "2024-07-31T10:00:00Z", 0), zlib.gzipSync(JSON.stringify({ Records: records.slice(0, 3) })));
  return objects;
}

let db: TestDatabase;
const s3 = new S3Client({ region: "us-east-1" });
const sts = new STSClient({ region: "us-east-1" });
const s3Mock = mockClient(s3);
const stsMock = mockClient(sts);
const factory: TClientFactory = { s3: () => s3, sts: () => sts };
const sleep = vi.fn(async () => {});

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.cloudAccount.deleteMany();
  s3Mock.reset();
  stsMock.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/TrailwatchReader/trailwatch` });
});

const orgConfig = { regions: ["us-east-1"], lookup: false, trail: { bucket: "org-trail", organizationId: ORG, startDate: "2024-07-30" } };

describe("AWS S3 trail connector", () => {
  it("reads the organization layout day by day; digest skipped, corrupt gzip rejected, the run continues", async () => {
    const bucket = fakeBucket(orgBucket(), 4);
    s3Mock.on(ListObjectsV2Command).callsFake(bucket.list).on(GetObjectCommand).callsFake(bucket.get);
    const acct = await createConnectedAccount(db.prisma, "aws", ACCOUNT, orgConfig);
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(records.length).toBe(225);
    expect(result).toMatchObject({ stored: 225, duplicates: 0, rejected: 1, done: true });
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(225);
    const [run] = await runsOf(db.prisma, acct.id);
    expect(run).toMatchObject({ source: "connector:aws-s3", status: "succeeded", stored: 225, rejected: 1 });
    expect(run.rejects).toHaveLength(1);
    expect(run.rejects[0].file).toContain("_corrupt.json.gz");
    expect(run.files).toBe(result.pages);
    expect((await checkpointOf(db.prisma, acct.id))["aws-s3"]["us-east-1"]).toEqual({ day: "2024/08/03" });
  });

  it("resumes after a crash at the object after the last committed one", async () => {
    const objects = orgBucket();
    const bucket = fakeBucket(objects);
    let gets = 0;
    s3Mock.on(ListObjectsV2Command).callsFake(bucket.list).on(GetObjectCommand).callsFake((input) => {
      if (++gets === 3) throw awsError("InternalFailure", "connection reset", 500);
      return bucket.get(input);
    });
    const acct = await createConnectedAccount(db.prisma, "aws", ACCOUNT, orgConfig);
    await expect(pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep })).rejects.toThrow("connection reset");
    const partial = await eventFacts(db.prisma, acct.id);
    const saved = (await checkpointOf(db.prisma, acct.id))["aws-s3"]["us-east-1"] as { lastKey: string };
    expect(partial.count).toBeGreaterThan(0);
    expect(saved.lastKey).toBe([...objects.keys()].filter((k) => k.includes(`/${ACCOUNT}/`) && k.endsWith(".gz")).sort()[1]);

    s3Mock.on(GetObjectCommand).callsFake(bucket.get);
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(result.duplicates).toBe(0);
    expect(partial.count + result.stored).toBe(225);
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(225);
    expect(facts.distinct).toBe(225);
  });

  it("reads a single-account layout under a key prefix (a real delivery object)", async () => {
    const name = "111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz";
    const key = `cloudtrail/AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/${name}`;
    const bucket = fakeBucket(new Map([[key, fs.readFileSync(datasetPath("aws/fixtures/trailscraper", name))]]), 1);
    s3Mock.on(ListObjectsV2Command).callsFake(bucket.list).on(GetObjectCommand).callsFake(bucket.get);
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: "111111111111", Arn: "arn:aws:iam::111111111111:user/trailwatch" });
    const config = { regions: ["eu-central-1"], lookup: false, trail: { bucket: "single", prefix: "/cloudtrail/", startDate: "2017-12-11" } };
    const acct = await createConnectedAccount(db.prisma, "aws", "111111111111", config);
    const result = await pollAccount(db.prisma, acct, { credentials, now: new Date("2017-12-11T16:00:00Z"), clientFactory: factory, sleep });
    expect(result).toMatchObject({ stored: 2, pages: 1, done: true });
    expect((await checkpointOf(db.prisma, acct.id))["aws-s3"]["eu-central-1"]).toEqual({ day: "2017/12/11", lastKey: key, recent: [key] });
    const again = await pollAccount(db.prisma, acct, { credentials, now: new Date("2017-12-11T17:00:00Z"), clientFactory: factory, sleep });
    expect(again).toMatchObject({ stored: 0, pages: 0, done: true });
  });

  it("reads an object delivered late whose key sorts before the last key read, once", async () => {
    // Same delivery minute, random suffixes: "_zzzz" was listed first, "_bbbb" appeared afterwards.
    const day = `AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/us-east-1/2024/08/03/`;
    const at = (stamp: string, id: string) => `${day}${ACCOUNT}_CloudTrail_us-east-1_${stamp}_${id}.json.gz`;
    const body = (rs: TRecord[]) => zlib.gzipSync(JSON.stringify({ Records: rs }));
    const objects = new Map([[at("20240803T0215Z", "zzzz"), body(records.slice(0, 5))]]);
    const bucket = fakeBucket(objects);
    s3Mock.on(ListObjectsV2Command).callsFake(bucket.list).on(GetObjectCommand).callsFake(bucket.get);
    const config = { ...orgConfig, trail: { ...orgConfig.trail, startDate: "2024-08-03" } };
    const acct = await createConnectedAccount(db.prisma, "aws", ACCOUNT, config);
    expect(await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep })).toMatchObject({ stored: 5 });

    objects.set(at("20240803T0215Z", "bbbb"), body(records.slice(5, 8)));
    objects.set(at("20240803T0150Z", "aaaa"), body(records.slice(8, 9))); // behind the 20-minute lookback: out of reach
    objects.set(at("20240803T0220Z", "cccc"), body(records.slice(9, 12)));
    const second = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(second).toMatchObject({ stored: 6, duplicates: 0, pages: 2 });
    const third = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(third).toMatchObject({ stored: 0, duplicates: 0, pages: 0 });
    expect((await checkpointOf(db.prisma, acct.id))["aws-s3"]["us-east-1"]).toEqual({
      day: "2024/08/03",
      lastKey: at("20240803T0220Z", "cccc"),
      recent: [at("20240803T0215Z", "bbbb"), at("20240803T0215Z", "zzzz"), at("20240803T0220Z", "cccc")],
    });
  });
});
