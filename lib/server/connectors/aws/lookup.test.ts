import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { pollAccount } from "../poll-account";
import { checkpointOf, createConnectedAccount, eventFacts, runsOf } from "../testing/accounts";
import { awsError, fakeLookupEvents, loadStratusRecords, toLookupEvent } from "../testing/aws-fakes";
import type { TRecord } from "../testing/aws-fakes";
import type { TClientFactory } from "../types";

// LookupEvents against a faithful fake over the real Stratus detonations (225 of them fall in the
// 90 days before NOW; the 6 from November are outside the window and must not be stored).

const NOW = new Date("2024-08-03T00:00:00Z");
const ACCOUNT = "056392974792";
const records = loadStratusRecords();
const inWindow = records.filter((r) => new Date(r.eventTime) <= NOW);
const events = records.map(toLookupEvent);
// The identity the connector runs as: an IAM user that also appears in the detonations.
const ownArn = (records.find((r) => (r.userIdentity as { type?: string })?.type === "IAMUser")!.userIdentity as { arn: string }).arn;
const ownCount = inWindow.filter((r) => (r.userIdentity as { arn?: string })?.arn === ownArn).length;

let db: TestDatabase;
const east = new CloudTrailClient({ region: "us-east-1" });
const west = new CloudTrailClient({ region: "eu-west-1" });
const sts = new STSClient({ region: "us-east-1" });
const factory: TClientFactory = { cloudTrail: (r) => (r === "us-east-1" ? east : west), sts: () => sts };
const eastMock = mockClient(east);
const westMock = mockClient(west);
const stsMock = mockClient(sts);
const sleep = vi.fn(async () => {});
const credentials = { kind: "keys", accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "not-a-secret" } as const;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.cloudAccount.deleteMany();
  eastMock.reset();
  westMock.reset();
  stsMock.reset();
  sleep.mockClear();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: ownArn });
  westMock.on(LookupEventsCommand).callsFake(fakeLookupEvents([]));
});

const account = (regions = ["us-east-1", "eu-west-1"]) => createConnectedAccount(db.prisma, "aws", ACCOUNT, { regions });

describe("AWS LookupEvents connector", () => {
  it("pages every region, stores each record once, tags its own identity and records the run", async () => {
    const acct = await account();
    const tokens: Array<string | undefined> = [];
    eastMock.on(LookupEventsCommand).callsFake(fakeLookupEvents(events, tokens));
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(inWindow.length).toBe(225);
    expect(result).toEqual({ stored: 225, duplicates: 0, rejected: 0, pages: 6, done: true });
    expect(tokens).toEqual([undefined, "tok:50", "tok:100", "tok:150", "tok:200"]);
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(225);
    expect(facts.own.length).toBe(ownCount);
    expect(ownCount).toBeGreaterThan(0);
    expect(facts.own.every((e) => e.principal.key === ownArn && e.principal.isOwn)).toBe(true);
    const [run] = await runsOf(db.prisma, acct.id);
    expect(run).toMatchObject({ source: "connector:aws-lookup", status: "succeeded", stored: 225, parsed: 225, duplicates: 0 });
    expect(run.timeFrom?.toISOString()).toBe("2024-07-30T21:31:10.000Z");
    const cp = await checkpointOf(db.prisma, acct.id);
    expect(cp["aws-lookup"]["us-east-1"]).toMatchObject({ complete: true, windowEnd: NOW.toISOString() });
    expect(cp["aws-lookup"]["eu-west-1"]).toMatchObject({ complete: true });
    // Paced at ≤ 2 requests/s per region: the pacer waited between consecutive pages.
    expect(sleep).toHaveBeenCalled();
  });

  it("backs off on ThrottlingException and then continues", async () => {
    const acct = await account(["us-east-1"]);
    const fake = fakeLookupEvents(events);
    let throttles = 0;
    eastMock.on(LookupEventsCommand).callsFake((input) => {
      if (input.NextToken === "tok:100" && throttles < 2) {
        throttles++;
        throw awsError("ThrottlingException", "Rate exceeded");
      }
      return fake(input);
    });
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(throttles).toBe(2);
    expect(result).toMatchObject({ stored: 225, duplicates: 0, pages: 5, done: true });
    const backoffs = sleep.mock.calls.map((c) => (c as unknown[])[0] as number).filter((ms) => ms !== 500 && ms > 0);
    expect(backoffs.length).toBeGreaterThanOrEqual(2);
  });

  it("resumes after a crash mid-run at the next page: no gaps, no duplicates", async () => {
    const acct = await account(["us-east-1"]);
    const fake = fakeLookupEvents(events);
    eastMock.on(LookupEventsCommand).callsFake((input) => {
      if (input.NextToken === "tok:100") throw awsError("InternalFailure", "worker killed", 500);
      return fake(input);
    });
    await expect(pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep })).rejects.toThrow("worker killed");
    expect((await eventFacts(db.prisma, acct.id)).count).toBe(100);
    expect((await checkpointOf(db.prisma, acct.id))["aws-lookup"]["us-east-1"]).toMatchObject({ nextToken: "tok:100", complete: false });
    expect((await runsOf(db.prisma, acct.id))[0]).toMatchObject({ status: "failed", stored: 100 });

    const tokens: Array<string | undefined> = [];
    eastMock.on(LookupEventsCommand).callsFake(fakeLookupEvents(events, tokens));
    const result = await pollAccount(db.prisma, acct, { credentials, now: new Date(NOW.getTime() + 30_000), clientFactory: factory, sleep });
    expect(tokens).toEqual(["tok:100", "tok:150", "tok:200"]);
    expect(result).toMatchObject({ stored: 125, duplicates: 0, done: true });
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(225);
    expect(facts.distinct).toBe(225);
  });

  it("re-reads the overlap of the previous window without storing duplicates, and stops early on maxPages", async () => {
    const acct = await account(["us-east-1"]);
    eastMock.on(LookupEventsCommand).callsFake(fakeLookupEvents(events));
    // First poll ends 10 minutes after an event burst, so the next window's 20-minute overlap re-reads it.
    const firstNow = new Date("2024-08-02T09:15:00Z");
    const first = await pollAccount(db.prisma, acct, { credentials, now: firstNow, clientFactory: factory, sleep });
    const overlap = inWindow.filter((r) => new Date(r.eventTime) >= new Date(firstNow.getTime() - 20 * 60_000) && new Date(r.eventTime) <= firstNow).length;
    expect(overlap).toBeGreaterThan(10);
    const second = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep, maxPages: 1 });
    expect(second.done).toBe(false);
    expect(second.pages).toBe(1);
    const third = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory, sleep });
    expect(third.done).toBe(true);
    expect(first.stored + second.stored + third.stored).toBe(225);
    expect(second.duplicates + third.duplicates).toBe(overlap);
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(225);
  });

  it("narrows the window to the oldest time read when a saved NextToken has expired; a role's events are tagged own", async () => {
    const acct = await account(["us-east-1"]);
    const fake = fakeLookupEvents(events);
    eastMock.on(LookupEventsCommand).callsFake((input) => {
      if (input.NextToken === "tok:100") throw awsError("InternalFailure", "worker killed", 500);
      return fake(input);
    });
    // The connector's role is one that acts in the detonations: its events must be tagged own.
    const issuerOf = (r: TRecord) => (r.userIdentity as { sessionContext?: { sessionIssuer?: { arn?: string } } })?.sessionContext?.sessionIssuer?.arn;
    const roleArn = inWindow.map(issuerOf).find((a) => a?.includes(":role/"))!;
    const role = { kind: "role", roleArn, externalId: "tw-external-id" } as const;
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleArn.split("/").at(-1)}/trailwatch` });
    await expect(pollAccount(db.prisma, acct, { credentials: role, now: NOW, clientFactory: factory, sleep })).rejects.toThrow("worker killed");
    const saved = (await checkpointOf(db.prisma, acct.id))["aws-lookup"]["us-east-1"] as { lastEventTime: string };
    const tokens: Array<string | undefined> = [];
    const fresh = fakeLookupEvents(events, tokens);
    let expired = false;
    eastMock.on(LookupEventsCommand).callsFake((input) => {
      if (input.NextToken === "tok:100" && !expired) {
        expired = true;
        throw awsError("InvalidNextTokenException", "token expired");
      }
      return fresh(input);
    });
    const result = await pollAccount(db.prisma, acct, { credentials: role, now: NOW, clientFactory: factory, sleep });
    expect(tokens[0]).toBeUndefined();
    const atBoundary = inWindow.filter((r) => r.eventTime === saved.lastEventTime.replace(".000Z", "Z")).length;
    expect(result.duplicates).toBe(atBoundary);
    expect(atBoundary).toBeGreaterThan(0);
    expect((await eventFacts(db.prisma, acct.id)).distinct).toBe(225);
    const own = (await eventFacts(db.prisma, acct.id)).own;
    expect(own.length).toBe(inWindow.filter((r) => issuerOf(r) === roleArn).length);
    expect(own.length).toBeGreaterThan(0);
  });
});
