// On-demand scoring (the worker also scores continuously): work the backlog off for a while.
import { getEnv } from "@/lib/env";
import { scorePass } from "@/lib/server/scoring/score-pass";
import type { JobHandler } from "../context";
import type { ZScorePayload } from "../registry";
import type { z } from "zod";

export const scoreHandler: JobHandler<z.infer<typeof ZScorePayload>> = async (payload, ctx) => {
  const until = Date.now() + payload.maxSeconds * 1000;
  let scored = 0;
  while (Date.now() < until && !ctx.signal.aborted) {
    const pass = await scorePass(ctx.pool, getEnv().TRAILWATCH_SCORE_BATCH, ctx.log);
    scored += pass.scored;
    if (!pass.hasMore) break;
  }
  return { scored };
};
