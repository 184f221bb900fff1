// `npm start` builds the web app only when its sources changed since the last build: a fingerprint
// of the lockfile and of every source file's path, size and mtime, kept beside the build.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "next.config.js", "proxy.ts", "package-lock.json", "tsconfig.json"];

function walk(root: string, file: string, hash: crypto.Hash): void {
  const full = path.join(root, file);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    if (file.endsWith("node_modules") || file === path.join("lib", "generated")) return;
    for (const entry of fs.readdirSync(full).sort()) walk(root, path.join(file, entry), hash);
  } else {
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
}

export function sourceFingerprint(root: string): string {
  const hash = crypto.createHash("sha256");
  for (const s of SOURCES) walk(root, s, hash);
  return hash.digest("hex");
}

const STAMP = path.join(".next", "trailwatch-build.json");

export function needsBuild(root: string): boolean {
  try {
    if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return true;
    const stamp = JSON.parse(fs.readFileSync(path.join(root, STAMP), "utf8")) as { fingerprint: string };
    return stamp.fingerprint !== sourceFingerprint(root);
  } catch {
    return true;
  }
}

/** Runs `next build`, streaming its output; resolves when it succeeded. */
export async function buildWebApp(root: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log("building the web app (first start or changed sources; about a minute)…");
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [next, "build"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`))));
  });
  // Taken after the build: `next build` itself may rewrite tsconfig.json.
  const fingerprint = sourceFingerprint(root);
  fs.writeFileSync(path.join(root, STAMP), JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
}
