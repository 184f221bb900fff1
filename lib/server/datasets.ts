// The one place that decides where the real audit-log data lives: prisma/seed/datasets, inside the
// repository, so a clone needs nothing beside it (issue 15). The demo generator, the evaluation,
// the benchmarks, the connector fakes and the tests all resolve their files here.
import fs from "node:fs";
import path from "node:path";

const IN_REPO = path.resolve(import.meta.dirname, "../../prisma/seed/datasets");

/** Absolute path of the datasets folder; `explicit` (a caller's own copy) wins when given. */
export function datasetsDir(explicit?: string): string {
  const dir = explicit ? path.resolve(explicit) : IN_REPO;
  if (!fs.existsSync(path.join(dir, "aws"))) throw new Error(`audit-log datasets not found in ${dir} (expected an aws/ folder)`);
  return dir;
}

/** Absolute path of a file or folder under the datasets folder, e.g. `datasetPath("aws/fixtures/plaso")`. */
export function datasetPath(...parts: string[]): string {
  return path.join(datasetsDir(), ...parts);
}
