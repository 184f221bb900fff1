import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findOutsidePaths, scanRepo } from "./helpers/outside-paths";

const ROOT = path.resolve(import.meta.dirname, "..");
// Built from pieces so this file does not name them itself.
const sep = "/";
const BESIDE = [".." + sep + "shared" + sep + "datasets", "shared" + sep + "datasets/aws", sep + "work" + sep + "x", sep + "root" + sep + ".npm", sep + "home" + sep + "me/p", "C:\\Users\\me\\p"];

describe("the repository names no place outside itself", () => {
  it("has no file that names a folder beside the checkout or of a development machine", () => {
    expect(scanRepo(ROOT)).toEqual([]);
  });

  it("recognises each kind of outside path", () => {
    for (const p of BESIDE) expect(findOutsidePaths("x.ts", `const dir = "${p}";`), p).toHaveLength(1);
  });

  it("leaves system locations, URLs and routes alone", () => {
    const fine = ["/usr/bin/chromium", "/etc/postgresql", "/var/lib/postgresql", "/tmp/x", "https://example.com/home/x", "/api/users/me", "app/admin/users/page.tsx", "~/work/x"];
    for (const p of fine) expect(findOutsidePaths("x.ts", `"${p}"`), p).toEqual([]);
  });

  it("finds one added to a checkout, tracked or not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outside-paths-"));
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      fs.writeFileSync(path.join(dir, "ok.ts"), 'export const a = "/tmp/x";\n');
      fs.writeFileSync(path.join(dir, "bad.md"), `Data in ${BESIDE[0]}.\n`);
      fs.mkdirSync(path.join(dir, "node_modules"));
      fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n");
      fs.writeFileSync(path.join(dir, "node_modules", "dep.js"), `"${BESIDE[2]}"\n`);
      expect(scanRepo(dir).map((f) => `${f.file}:${f.line}`)).toEqual(["bad.md:1"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
