import { openDatabase } from "@/lib/server/db/connection";
import { createPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { importFiles } from "@/lib/server/ingest/import-files";
import type { ImportProgress, ImportResult } from "@/lib/server/ingest/import-files";
import { ImportPathError } from "@/lib/server/ingest/import-paths";
import { UsageError, parseOptions } from "../command";
import { Progress, formatRate, info, printJson } from "../output";

export const usage = `Usage: trailwatch import <files or folders…> [--account <name>] [--json]
  Imports AWS CloudTrail and Azure Activity Log files: .json, .jsonl, .csv, .gz and extension-less
  files, folders recursively; the format is detected from the content. Re-importing adds nothing.
  --account <name>  store every event under this cloud account (found by name, or created)
  --json            print one JSON summary: {files, parsed, stored, duplicates, rejected, rejects, rejectsTruncated}
  Exits 1 only when nothing could be read; rejected records are listed and kept in ingest_rejects.`;

function describeProgress(p: ImportProgress): string {
  const events = formatRate(p.parsed, p.elapsedMs);
  return `${p.filesDone}/${p.files} files · ${p.parsed.toLocaleString("en-US")} parsed (${events}) · ${p.stored.toLocaleString("en-US")} stored · ${p.duplicates} duplicates · ${p.rejected} rejected`;
}

function printHuman(r: ImportResult): void {
  info(`${r.files} file(s): ${r.parsed} events parsed, ${r.stored} stored, ${r.duplicates} duplicates, ${r.rejected} rejected in ${(r.durationMs / 1000).toFixed(1)} s`);
  if (r.timeFrom && r.timeTo) info(`events from ${r.timeFrom.toISOString()} to ${r.timeTo.toISOString()}`);
  for (const s of r.skipped.slice(0, 20)) info(`skipped ${s.file} (${s.position}): ${s.reason}`);
  for (const x of r.rejects.slice(0, 20)) info(`rejected ${x.file} (${x.position}): ${x.reason}`);
  const more = r.rejected - Math.min(r.rejects.length, 20);
  if (more > 0) info(`… ${more} more rejects in ingest_rejects (import run ${r.importRunId})`);
  if (r.ignored) info(`${r.ignored} file(s) in the folders were not read (names that are not logs)`);
  if (!r.readAnything) info(r.files ? "nothing could be read from these files" : "no files to import");
}

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseOptions(args, { account: { type: "string" }, json: { type: "boolean" } }, true);
  if (positionals.length === 0) throw new UsageError("name at least one file or folder");
  if (values.account !== undefined && !values.account.trim()) throw new UsageError("--account needs a name");

  const db = await openDatabase({ log: info });
  const prisma = createPrisma(db.url, { max: 4 });
  try {
    await migrate(db.url);
    const progress = process.stderr.isTTY ? new Progress("import", 500) : null;
    let result: ImportResult;
    try {
      result = await importFiles(prisma, positionals, { account: values.account, onProgress: (p) => progress?.update(describeProgress(p)) });
    } catch (e) {
      if (!(e instanceof ImportPathError)) throw e;
      info(`trailwatch import: ${e.message}`);
      return 1;
    }
    progress?.done(`${result.files} files, ${formatRate(result.parsed, result.durationMs)} events`);
    if (values.json) {
      const { files, parsed, stored, duplicates, rejected, rejects, rejectsTruncated } = result;
      printJson({ files, parsed, stored, duplicates, rejected, rejects, rejectsTruncated });
    } else printHuman(result);
    return result.readAnything ? 0 : 1;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}
