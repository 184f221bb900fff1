import fs from "node:fs/promises";
import path from "node:path";

// Which files an import reads. A file named on the command line is always read (the parser
// detects the format by content); inside folders, only names that look like logs are: the usual
// extensions and extension-less names (S3 keys, SQS bodies, InputEvents-style exports), so a
// README or an image beside the logs is not reported as a rejected file. The labels and manifest
// that `trailwatch demo-data` writes beside its logs are recognised by that manifest and left out
// the same way, each with its reason (issue 15: they were 257 rejects).

const LOG_EXTENSIONS = /\.(json|jsonl|ndjson|csv|gz|log|txt)$/i;
const NOT_LOGS = /^(readme|license|licence|notice|copying|changelog)(\.[a-z]+)?$/i;

export class ImportPathError extends Error {}

export interface TIgnoredFile {
  file: string;
  reason: string;
}

export interface InputFiles {
  files: string[];
  /** Files inside folders that were not read, by the rules above, with the reason. */
  ignored: TIgnoredFile[];
}

const NOT_A_LOG_NAME = "not read: the name is not a log's (README, licence, other extension)";
const MANIFEST_BYTES = 16 * 1024 * 1024;

/** Names of the sidecar files that a `demo-data` manifest.json in `dir` declares (with itself), or none. */
async function demoDataSidecars(dir: string, names: ReadonlySet<string>): Promise<Set<string>> {
  if (!names.has("manifest.json")) return new Set();
  const file = path.join(dir, "manifest.json");
  try {
    if ((await fs.stat(file)).size > MANIFEST_BYTES) return new Set();
    const manifest = JSON.parse(await fs.readFile(file, "utf8")) as { generator?: unknown; files?: Record<string, unknown> };
    if (manifest.generator !== "trailwatch demo-data") return new Set();
    const declared = Object.values(manifest.files ?? {}).filter((f): f is string => typeof f === "string" && !f.includes("/"));
    return new Set(["manifest.json", ...declared]);
  } catch {
    return new Set(); // not a manifest of ours: it is read like any other file
  }
}

function looksLikeLog(name: string): boolean {
  if (name.startsWith(".") || NOT_LOGS.test(name)) return false;
  return LOG_EXTENSIONS.test(name) || !name.includes(".");
}

async function walk(dir: string, out: InputFiles, seen: Set<string>): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sidecars = await demoDataSidecars(dir, new Set(entries.filter((e) => e.isFile()).map((e) => e.name)));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symlinked folders are not followed: a link back up the tree would never end.
    if (entry.isDirectory()) await walk(full, out, seen);
    else if (entry.isFile() || (entry.isSymbolicLink() && (await fs.stat(full).catch(() => null))?.isFile())) {
      const real = await fs.realpath(full).catch(() => full);
      if (seen.has(real)) continue;
      seen.add(real);
      if (sidecars.has(entry.name)) out.ignored.push({ file: full, reason: "not read: labels or manifest written by trailwatch demo-data, not audit logs" });
      else if (looksLikeLog(entry.name)) out.files.push(full);
      else out.ignored.push({ file: full, reason: NOT_A_LOG_NAME });
    }
  }
}

/** Expands files and folders (recursively); throws ImportPathError naming every path that does not exist. */
export async function listInputFiles(paths: readonly string[]): Promise<InputFiles> {
  if (paths.length === 0) throw new ImportPathError("no files or folders given");
  const missing: string[] = [];
  const stats = await Promise.all(paths.map((p) => fs.stat(p).catch((e: NodeJS.ErrnoException) => (missing.push(`${p} (${e.code ?? e.message})`), null))));
  if (missing.length) throw new ImportPathError(`cannot read ${missing.join(", ")}`);
  const out: InputFiles = { files: [], ignored: [] };
  const seen = new Set<string>();
  for (let i = 0; i < paths.length; i++) {
    const stat = stats[i]!;
    if (stat.isDirectory()) await walk(paths[i], out, seen);
    else {
      const real = await fs.realpath(paths[i]).catch(() => paths[i]);
      if (!seen.has(real)) out.files.push(paths[i]);
      seen.add(real);
    }
  }
  return out;
}
