/**
 * Both baselines run over the same time-ordered train/test events as the model (ml/evaluate.ts),
 * returning per-test-event ranks (1 = most expected) and alert flags.
 */
import type { MlEvent } from "@/ml/types";
import type { FeatureSpec } from "@/ml/data/tokens";
import { windowChunks } from "@/ml/data/windows";
import { History } from "@/ml/data/history";
import { NewActionBaseline } from "@/ml/baselines/new-action";
import { DEEPLOG_G, scoreDeepLog, trainDeepLog } from "@/ml/baselines/deeplog";

export interface BaselineRun {
  ranks: Float64Array;
  alerts: boolean[];
  trainSeconds?: number;
}

export function newActionRun(train: MlEvent[], test: MlEvent[], lookbackDays = 90): BaselineRun {
  const rule = new NewActionBaseline(lookbackDays);
  for (const e of train) rule.observe(e);
  const ranks = new Float64Array(test.length);
  const alerts: boolean[] = new Array(test.length);
  test.forEach((e, i) => {
    const r = rule.score(e);
    ranks[i] = r.rank;
    alerts[i] = r.alert;
    rule.observe(e);
  });
  return { ranks, alerts };
}

/** DeepLog with the model's vocabulary and window; trains on the latest `maxTrainEvents` training events. */
export async function deepLogRun(spec: FeatureSpec, train: MlEvent[], test: MlEvent[], o: { epochs?: number; maxTrainEvents?: number; seed?: number } = {}): Promise<BaselineRun> {
  const recent = train.slice(Math.max(0, train.length - (o.maxTrainEvents ?? 150_000)));
  const dl = await trainDeepLog(spec, () => windowChunks(recent, spec), { epochs: o.epochs ?? 3, seed: o.seed });
  const history = new History(spec.window);
  for await (const _ of windowChunks(train, spec, { history })) void _;
  const ranks = new Float64Array(test.length);
  let at = 0;
  for await (const chunk of windowChunks(test, spec, { history })) {
    const r = scoreDeepLog(dl.model, spec, chunk).rank;
    ranks.set(r, at);
    at += r.length;
  }
  dl.model.dispose();
  return { ranks, alerts: Array.from(ranks, (r) => r > DEEPLOG_G), trainSeconds: dl.trainSeconds };
}
