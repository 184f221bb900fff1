import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { ZAwsAccountConfig } from "../config";
import { readStreamCheckpoint } from "../checkpoint";
import type { TStreamName } from "../checkpoint";
import type { TAwsCredentials } from "../credentials";
import { realSleep } from "../retry";
import { RunRecorder } from "../run-recorder";
import { PageBudget } from "../types";
import type { TConnectorAccount, TPollOptions, TPollResult } from "../types";
import { awsOwnPrincipalKeys, createAwsClients } from "./clients";
import { pollLookupRegion } from "./lookup";
import { pollTrailRegion } from "./s3-trail";

// One poll of an AWS account: LookupEvents per enabled region (onboarding, and the steady state
// when no trail bucket is configured) and the trail bucket per region (steady state and history).
// Regions run concurrently — each has its own LookupEvents quota — and share one page budget.

type TRegionLoop = (recorder: RunRecorder, saved: Record<string, unknown>, region: string) => Promise<boolean>;

async function runStream(db: TPrisma, account: TConnectorAccount, stream: TStreamName, regions: string[], own: ReadonlySet<string>, loop: TRegionLoop) {
  const saved = await readStreamCheckpoint(db, account.id, stream);
  const recorder = await RunRecorder.start(db, account.id, stream, own);
  // allSettled: a failing region must not leave the others writing after the run is finished.
  const settled = await Promise.allSettled(regions.map((region) => loop(recorder, saved, region)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  await recorder.finish(failed?.reason);
  if (failed) throw failed.reason;
  return { recorder, done: settled.every((s) => s.status === "fulfilled" && s.value) };
}

export async function pollAwsAccount(db: TPrisma, account: TConnectorAccount, opts: TPollOptions<TAwsCredentials>): Promise<TPollResult> {
  const config = ZAwsAccountConfig.parse(account.config ?? {});
  const now = opts.now ?? new Date();
  const sleep = opts.sleep ?? realSleep;
  const budget = new PageBudget(opts.maxPages);
  const clients = createAwsClients(opts.credentials, opts.clientFactory, config.regions[0]);
  const own = await awsOwnPrincipalKeys(clients, opts.credentials, config.regions[0], opts.signal);
  const common = { budget, now, backfillDays: config.backfillDays, sleep, signal: opts.signal };
  const result: TPollResult = { stored: 0, duplicates: 0, rejected: 0, pages: 0, done: true };
  const progress = (stream: string, key: string, r: RunRecorder) => () =>
    opts.onProgress?.({ stream, key, pages: r.pages, stored: r.counts.stored, duplicates: r.counts.duplicates, rejected: r.counts.rejected });

  const runs: Array<Promise<{ recorder: RunRecorder; done: boolean }>> = [];
  if (config.lookup) {
    runs.push(
      runStream(db, account, "aws-lookup", config.regions, own, (recorder, saved, region) =>
        pollLookupRegion({ ...common, client: clients.cloudTrail(region), region, recorder, onboardOnly: Boolean(config.trail), onPage: progress("aws-lookup", region, recorder) }, saved[region]),
      ),
    );
  }
  const trail = config.trail;
  if (trail) {
    const s3 = clients.s3(trail.bucketRegion ?? config.regions[0]);
    runs.push(
      runStream(db, account, "aws-s3", config.regions, own, (recorder, saved, region) =>
        pollTrailRegion({ ...common, client: s3, trail, accountId: account.externalId, region, recorder, onPage: progress("aws-s3", region, recorder) }, saved[region]),
      ),
    );
  }
  const settled = await Promise.allSettled(runs);
  for (const s of settled) {
    if (s.status === "rejected") throw s.reason;
    const c = s.value.recorder.counts;
    result.stored += c.stored;
    result.duplicates += c.duplicates;
    result.rejected += c.rejected;
    result.pages += s.value.recorder.pages;
    result.done &&= s.value.done;
  }
  return result;
}
