// Polls one cloud account through its connector (lib/server/connectors, issue 3) with decrypted
// credentials. Progress goes to the `settings` row `poll:<accountId>` (the accounts page shows
// backfill progress) and into structured logs; a failure marks the account `error` with a plain
// sentence (connection-result.ts; the whole error goes to the progress row and the log), then
// pg-boss retries with backoff and finally parks the job as failed.
import type { z } from "zod";
import { describePollError } from "@/lib/server/connectors/connection-result";
import { pollAccount } from "@/lib/server/connectors/poll-account";
import type { TCredentials } from "@/lib/server/connectors/credentials";
import { decryptJson } from "@/lib/server/crypto";
import type { JobHandler } from "../context";
import type { ZPollPayload } from "../registry";

export const pollHandler: JobHandler<z.infer<typeof ZPollPayload>> = async (payload, ctx) => {
  const account = await ctx.prisma.cloudAccount.findUnique({
    where: { id: payload.accountId },
    select: { id: true, provider: true, externalId: true, config: true, encryptedCredentials: true, enabled: true, status: true },
  });
  if (!account || !account.enabled || account.status === "disabled") return { skipped: "account missing or disabled" };
  const log = ctx.log.child({ accountId: account.id, provider: account.provider, isBackfill: payload.isBackfill });
  const progressKey = `poll:${account.id}`;
  const writeProgress = (value: object) =>
    ctx.prisma.setting.upsert({ where: { key: progressKey }, create: { key: progressKey, value }, update: { value } }).catch(() => undefined);
  try {
    // Accounts without stored credentials use the host's default credential chain.
    const credentials: TCredentials = account.encryptedCredentials ? decryptJson<TCredentials>(account.encryptedCredentials) : { kind: "default" };
    const startedAt = new Date().toISOString();
    const result = await pollAccount(ctx.prisma, { id: account.id, provider: account.provider, externalId: account.externalId, config: account.config }, {
      credentials,
      signal: ctx.signal,
      onProgress: (p) => {
        log.info("poll progress", { ...p });
        void writeProgress({ state: "running", startedAt, ...p });
      },
    });
    await ctx.prisma.cloudAccount.update({ where: { id: account.id }, data: { status: "active", statusMessage: null, lastPolledAt: new Date() }, select: { id: true } });
    await writeProgress({ state: result.done ? "caught-up" : "backfilling", startedAt, finishedAt: new Date().toISOString(), ...result });
    log.info("poll finished", { ...result });
    // A backfill that stopped at its page budget continues right away instead of waiting for the next slot.
    if (!result.done) await ctx.enqueue("poll-account", { accountId: account.id, isBackfill: true });
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const statusMessage = describePollError(account.provider, e);
    await ctx.prisma.cloudAccount.update({ where: { id: account.id }, data: { status: "error", statusMessage }, select: { id: true } }).catch(() => undefined);
    await writeProgress({ state: "error", error: message.slice(0, 1000), at: new Date().toISOString() });
    log.warn("poll failed", { error: message });
    throw e;
  }
};
