// The attack techniques an update's holdout is probed with (ml/inject.ts, issue 14 item 5): the real
// Stratus Red Team detonations shipped with the product, parsed by the real ingest parser, one
// template per technique. Read once per process.
import fs from "node:fs";
import path from "node:path";
import { findDatasetsDir } from "@/lib/server/demo/datasets-dir";
import { readLabelsCsv } from "@/lib/server/demo/detonations";
import { eventsFromFiles } from "@/lib/server/ml/events-from-files";
import { sortByTime } from "@/ml/data/windows";
import type { AttackTemplate } from "@/ml/inject";

export const DETONATIONS = "aws/attacks/stratus-detonations";
let cached: Promise<AttackTemplate[]> | null = null;

/** Every detonation in LABELS.csv as a template: the calls of its own identity (not AWS's on its behalf), in time order. */
export async function readAttackTemplates(datasetsDir?: string): Promise<AttackTemplate[]> {
  const dir = path.join(findDatasetsDir(datasetsDir), DETONATIONS);
  const catalog = readLabelsCsv(path.join(dir, "LABELS.csv"));
  const out: AttackTemplate[] = [];
  for (const [file, label] of [...catalog].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!fs.existsSync(path.join(dir, file))) continue;
    const { events } = await eventsFromFiles([path.join(dir, file)]);
    out.push({ technique: label.technique, events: sortByTime(events.filter((e) => !e.invokedBy && !e.principalKey.startsWith("aws-service:"))) });
  }
  return out.filter((t) => t.events.length > 0);
}

/** readAttackTemplates, once; an unreadable catalogue gives no templates (updates then compare without probes). */
export function attackTemplates(): Promise<AttackTemplate[]> {
  cached ??= readAttackTemplates().catch(() => []);
  return cached;
}
