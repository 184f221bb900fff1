// The daily mode's simulated clock needs each UTC day's delivery files. The demo writes both layouts
// with the date in the folder path (lib/server/demo/writer-s3.ts, writer-azure.ts):
//   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
//   azure/resourceId=/SUBSCRIPTIONS/<ID>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
// so a day is a set of folders. A log file outside every day folder is an error, not a silent skip.
import fs from "node:fs/promises";
import path from "node:path";

const AWS_DAY = /^AWSLogs\/[^/]+\/CloudTrail\/[^/]+\/(\d{4})\/(\d{2})\/(\d{2})$/;
const AZURE_DAY = /^azure\/resourceId=\/SUBSCRIPTIONS\/[^/]+\/y=(\d{4})\/m=(\d{2})\/d=(\d{2})$/;

/** The UTC day (YYYY-MM-DD) a delivery folder holds, from its path relative to the output folder; null for other folders. */
export function dayOfFolder(relative: string): string | null {
  const p = relative.split(path.sep).join("/");
  const m = AWS_DAY.exec(p) ?? AZURE_DAY.exec(p);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export interface DayFolders {
  /** Day → its folders (absolute), AWS before Azure and sorted, as a whole-tree import walks them. */
  days: Map<string, string[]>;
  /** Files found outside any day folder (the caller refuses to run with any). */
  stray: string[];
}

/** Day folders under the generator's output folder, days in chronological order. */
export async function listDayFolders(outDir: string): Promise<DayFolders> {
  const found: Array<{ day: string; dir: string }> = [];
  const stray: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(outDir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) {
        const day = dayOfFolder(child);
        if (day) found.push({ day, dir: path.join(outDir, child) });
        else await walk(child);
      } else {
        // Only the layouts are walked (labels.jsonl and manifest.json sit beside them): any file here is a log.
        stray.push(child);
      }
    }
  };
  for (const root of ["AWSLogs", "azure"]) {
    if (await fs.stat(path.join(outDir, root)).catch(() => null)) await walk(root);
  }
  // Plain code-unit order: "AWSLogs/…" sorts before "azure/…", and within a layout by account, region, date.
  found.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const days = new Map<string, string[]>();
  for (const day of [...new Set(found.map((f) => f.day))].sort()) days.set(day, found.filter((f) => f.day === day).map((f) => f.dir));
  return { days, stray };
}
