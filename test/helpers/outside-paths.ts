// Finds names of places outside the repository in its own files: a clone must be the whole product
// (issue 15), so no file may point beside the checkout or at a folder of a development machine.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface TOutsidePath {
  file: string;
  line: number;
  rule: string;
  text: string;
}

// The patterns are written with escaped separators so this file does not match itself.
const RULES: Array<{ rule: string; re: RegExp }> = [
  { rule: "a folder beside the checkout", re: /\.\.[\\/]shared\b/ },
  { rule: "the shared datasets as a location (use lib/server/datasets.ts)", re: /\bshared[\\/]datasets\b/ },
  {
    // Roots that only exist on someone's machine or CI runner. System locations a deployment
    // really uses (/usr/bin/chromium, /etc/postgresql, /var/lib, /tmp) are not listed.
    rule: "an absolute path of a development machine",
    re: /(?<![\w.~-])(?:\/(?:work|root|home|Users|mnt|media|workspaces?|builds|__w)(?=\/)|[A-Za-z]:\\(?:Users|work)\\)/,
  },
];

// Upstream audit-log data is kept byte for byte (its README says so); its records carry the
// paths of the machines they were logged on, e.g. a CloudShell user's home. Its README is ours.
const isUpstreamData = (file: string) => file.startsWith("prisma/seed/datasets/") && file !== "prisma/seed/datasets/README.md";

const NOT_SOURCE = new Set(["node_modules", ".git", ".next", ".data", "test-results", "playwright-report", "coverage"]);

/** The repository's files (tracked or new, not ignored), relative to `root`. */
export function listRepoFiles(root: string): string[] {
  if (fs.existsSync(path.join(root, ".git"))) {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
    return out.split("\0").filter(Boolean);
  }
  // A source archive without .git: walk it, leaving out what install, build and tests produce.
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) return NOT_SOURCE.has(e.name) || rel === "lib/generated" ? [] : walk(rel);
      return [rel];
    });
  return walk("");
}

/** Lines of `text` that name a place outside the repository. */
export function findOutsidePaths(file: string, text: string): TOutsidePath[] {
  const found: TOutsidePath[] = [];
  text.split("\n").forEach((line, i) => {
    const hit = RULES.find(({ re }) => re.test(line));
    if (hit) found.push({ file, line: i + 1, rule: hit.rule, text: line.trim().slice(0, 160) });
  });
  return found;
}

/** Every outside path in the repository at `root` (binary files and upstream data left out). */
export function scanRepo(root: string): TOutsidePath[] {
  return listRepoFiles(root).flatMap((file) => {
    if (isUpstreamData(file)) return [];
    const full = path.join(root, file);
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return []; // deleted in the working tree
    const bytes = fs.readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) return [];
    return findOutsidePaths(file, bytes.toString("utf8"));
  });
}
