// Where ../shared/datasets is (the same search as test/helpers/datasets.ts, which lib/ must not import).
import fs from "node:fs";
import path from "node:path";

export function findDatasetsDir(explicit?: string): string {
  const candidates = [
    explicit,
    process.env.TRAILWATCH_DATASETS,
    path.resolve(import.meta.dirname, "../../../../shared/datasets"),
    path.resolve(process.cwd(), "../shared/datasets"),
    "/work/shared/datasets",
    // The copy shipped with the product (prisma/seed/datasets), so the demo works on any machine.
    path.resolve(import.meta.dirname, "../../../prisma/seed/datasets"),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(path.join(p, "aws")));
  if (!found) throw new Error(`shared datasets not found (tried ${candidates.join(", ")}); set TRAILWATCH_DATASETS or pass datasetsDir`);
  return found;
}
