// Real attack detonation records (datasets/aws/attacks/stratus-detonations, Stratus Red Team) with
// their technique and MITRE tactic from LABELS.csv. Any other file of CloudTrail records (a JSON
// array or {"Records": [...]}) can be added; its technique is then its file name.
import fs from "node:fs";
import path from "node:path";
import type { AwsRecord } from "./types";

export interface Detonation {
  file: string;
  technique: string;
  title: string;
  tactic: string;
  records: AwsRecord[];
}

/** Minimal CSV (quoted fields, no embedded newlines): LABELS.csv has no multi-line cells. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (isQuoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') isQuoted = !isQuoted;
    else if (ch === "," && !isQuoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function readLabelsCsv(file: string): Map<string, { technique: string; title: string; tactic: string }> {
  const [header, ...rows] = fs.readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  const cols = parseCsvLine(header);
  const at = (name: string) => cols.indexOf(name);
  const out = new Map<string, { technique: string; title: string; tactic: string }>();
  for (const row of rows) {
    const c = parseCsvLine(row);
    out.set(c[at("file")], { technique: c[at("stratus_technique")], title: c[at("title")], tactic: c[at("mitre_tactics")] });
  }
  return out;
}

function readRecords(file: string): AwsRecord[] {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  const records = Array.isArray(parsed) ? parsed : (parsed as { Records?: unknown[] }).Records;
  if (!Array.isArray(records)) throw new Error(`${file}: neither a JSON array nor {"Records": [...]}`);
  return (records as AwsRecord[]).slice().sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

/** The Stratus detonations in `datasetsDir`, plus `extraFiles` (paths), sorted by file name. */
export function loadDetonations(datasetsDir: string, extraFiles: string[] = []): Detonation[] {
  const dir = path.join(datasetsDir, "aws/attacks/stratus-detonations");
  const labels = readLabelsCsv(path.join(dir, "LABELS.csv"));
  const stratus = [...labels.keys()].sort().map((file) => {
    const l = labels.get(file)!;
    return { file, technique: l.technique, title: l.title, tactic: l.tactic, records: readRecords(path.join(dir, file)) };
  });
  const extra = extraFiles.map((p) => {
    const file = path.basename(p);
    const l = labels.get(file);
    return { file, technique: l?.technique ?? file.replace(/\.json$/, ""), title: l?.title ?? file, tactic: l?.tactic ?? "Unknown", records: readRecords(p) };
  });
  return [...stratus, ...extra];
}
