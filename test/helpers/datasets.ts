// Where ../shared/datasets is: beside the checkout in a session and in CI; TRAILWATCH_DATASETS overrides.
import fs from "node:fs";
import path from "node:path";

function findDatasets(): string {
  const candidates = [
    process.env.TRAILWATCH_DATASETS,
    path.resolve(import.meta.dirname, "../../../shared/datasets"),
    "/work/shared/datasets",
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(path.join(p, "README.md")));
  if (!found) throw new Error(`shared datasets not found (tried ${candidates.join(", ")}); set TRAILWATCH_DATASETS`);
  return found;
}

export const DATASETS_DIR = findDatasets();

/** Absolute path of a file or folder under shared/datasets. */
export function datasetPath(...parts: string[]): string {
  return path.join(DATASETS_DIR, ...parts);
}
