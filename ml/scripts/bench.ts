/** npx tsx ml/scripts/bench.ts train|score [--backend wasm|cpu] — prints JSON (what `trailwatch bench` wraps). */
import { benchScore, benchTrain } from "@/ml/bench";
import type { BackendName } from "@/ml/backend";

const [what = "train", ...rest] = process.argv.slice(2);
const i = rest.indexOf("--backend");
const backend = i >= 0 ? (rest[i + 1] as BackendName) : undefined;
const result = what === "score" ? await benchScore({ backend }) : await benchTrain({ backend });
console.log(JSON.stringify(result));
