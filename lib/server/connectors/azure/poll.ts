import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { readStreamCheckpoint } from "../checkpoint";
import { ZAzureAccountConfig } from "../config";
import type { TAzureCredentials } from "../credentials";
import { realSleep } from "../retry";
import { RunRecorder } from "../run-recorder";
import { PageBudget } from "../types";
import type { TConnectorAccount, TPollOptions, TPollResult } from "../types";
import { pollActivityLog } from "./activity";
import { azureOwnPrincipalKeys, createAzureClients } from "./clients";

// One poll of an Azure subscription's Activity Log: one stream, one import run.

export async function pollAzureAccount(db: TPrisma, account: TConnectorAccount, opts: TPollOptions<TAzureCredentials>): Promise<TPollResult> {
  const config = ZAzureAccountConfig.parse(account.config ?? {});
  const clients = createAzureClients(opts.credentials, account.externalId, opts.clientFactory);
  const own = await azureOwnPrincipalKeys(clients.credential, opts.credentials, opts.signal);
  const saved = await readStreamCheckpoint(db, account.id, "azure-activity");
  const recorder = await RunRecorder.start(db, account.id, "azure-activity", own);
  let done: boolean;
  try {
    done = await pollActivityLog(
      {
        clients,
        subscriptionId: account.externalId,
        recorder,
        budget: new PageBudget(opts.maxPages),
        now: opts.now ?? new Date(),
        backfillDays: config.backfillDays,
        windowHours: config.windowHours,
        sleep: opts.sleep ?? realSleep,
        signal: opts.signal,
        onPage: () =>
          opts.onProgress?.({ stream: "azure-activity", key: "default", pages: recorder.pages, stored: recorder.counts.stored, duplicates: recorder.counts.duplicates, rejected: recorder.counts.rejected }),
      },
      saved.default,
    );
  } catch (error) {
    await recorder.finish(error);
    throw error;
  }
  await recorder.finish();
  const c = recorder.counts;
  return { stored: c.stored, duplicates: c.duplicates, rejected: c.rejected, pages: recorder.pages, done };
}
