// `npm test`: type-check, lint, unit + integration tests (Vitest, real PostgreSQL), then the
// browser tests in Chromium when it is installed. Ends with one summary line of test counts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { runE2e } from "./e2e.mjs";

const results = [];
function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

const node = process.execPath;
step("typecheck", node, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
step("lint", node, ["node_modules/eslint/bin/eslint.js", "--max-warnings=0", "."]);
fs.mkdirSync("test-results", { recursive: true });
step("unit+integration", node, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);

console.log("\n=== browser tests (Playwright, Chromium)");
const started = Date.now();
const e2e = await runE2e();
results.push({ name: "browser", ok: e2e.code === 0, skipped: e2e.skipped, seconds: Math.round((Date.now() - started) / 1000) });

let passed = 0;
let failed = 0;
let skipped = 0;
// CI keeps only the tail of the output, so the summary names what failed and why, briefly.
const failures = [];
const firstLine = (text) => stripVTControlCharacters(String(text ?? "")).trim().split("\n")[0].slice(0, 300);
try {
  const v = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  for (const file of v.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) failures.push(`${path.relative(process.cwd(), file.name)} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    if (file.status === "failed" && failedTests.length === 0) failures.push(`${path.relative(process.cwd(), file.name)}: ${firstLine(file.message)}`);
  }
} catch {
  failed += 1;
}
if (!e2e.skipped) {
  try {
    const p = JSON.parse(fs.readFileSync("test-results/e2e.json", "utf8"));
    passed += p.stats.expected;
    failed += p.stats.unexpected + p.stats.flaky;
    skipped += p.stats.skipped;
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status === "unexpected" || t.status === "flaky") {
            const error = t.results?.find((r) => r.error)?.error?.message;
            failures.push(`${spec.file}:${spec.line} › ${spec.title} (${t.status}): ${firstLine(error)}`);
          }
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of p.suites ?? []) walk(suite);
  } catch {
    failed += 1;
  }
}

console.log("\n=== summary");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.skipped ? " (skipped: no Chromium)" : ""} (${r.seconds}s)`);
const vitestStep = results.find((r) => r.name === "unit+integration");
if (!vitestStep.ok && failures.length === 0) failures.push("unit+integration exited non-zero with every test passing: look above for Vitest's \"Unhandled Errors\"");
for (const f of failures) console.log(`failed: ${f}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) && failed === 0 ? 0 : 1);
