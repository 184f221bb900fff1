import { openDatabase } from "@/lib/server/db/connection";
import { createPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { CLI_ACTOR } from "@/lib/server/dal/audit";
import { importFiles } from "@/lib/server/ingest/import-files";
import type { ImportProgress, ImportResult } from "@/lib/server/ingest/import-files";
import { describeImport, describeOlderSeen, importJson } from "@/lib/server/ingest/import-report";
import { ImportPathError } from "@/lib/server/ingest/import-paths";
import { UsageError, parseOptions } from "../command";
import { Progress, formatRate, info, printJson } from "../output";

export const usage = `Usage: trailwatch import <files or folders…> [--account <name>] [--json]
  Imports AWS CloudTrail and Azure Activity Log files: .json, .jsonl, .csv, .gz and extension-less
  files, folders recursively; the format is detected from the content. Re-importing adds nothing.
  --account <name>  store every event under this cloud account (found by name, or created)
  --json            print one JSON summary: {files, parsed, stored, duplicates, rejected, rejects,
                    rejectsTruncated, warnings, skipped, retention}
  Exits 1 only when nothing could be read; rejected records are listed and kept in ingest_rejects.
  Records recovered from a flawed file are listed as warnings; files not read, with the reason.
  Events older than the retention (TRAILWATCH_RETENTION_DAYS) are kept that many days from the
  import, and the import says how many, from when, and until when.`;

function describeProgress(p: ImportProgress): string {
  const events = formatRate(p.parsed, p.elapsedMs);
  return `${p.filesDone}/${p.files} files · ${p.parsed.toLocaleString("en-US")} parsed (${events}) · ${p.stored.toLocaleString("en-US")} stored · ${p.duplicates} duplicates · ${p.rejected} rejected`;
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
    let toldOlder = false;
    const onProgress = (p: ImportProgress) => {
      progress?.update(describeProgress(p));
      if (toldOlder || p.retention.olderEvents === 0) return;
      toldOlder = true; // said once as soon as seen, and with the totals at the end
      info(`${progress ? "\n" : ""}note: ${describeOlderSeen(p.retention)}`);
    };
    let result: ImportResult;
    try {
      result = await importFiles(prisma, positionals, { account: values.account, onProgress, actor: CLI_ACTOR });
    } catch (e) {
      if (!(e instanceof ImportPathError)) throw e;
      info(`trailwatch import: ${e.message}`);
      return 1;
    }
    progress?.done(`${result.files} files, ${formatRate(result.parsed, result.durationMs)} events`);
    if (values.json) printJson(importJson(result));
    else for (const line of describeImport(result)) info(line);
    return result.readAnything ? 0 : 1;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}
