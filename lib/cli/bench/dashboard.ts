// `trailwatch bench dashboard [--json] [--events N] [--alerts N] [--users N] [--seconds N] [--reseed] [--port N]`:
// the analyst dashboard's API under load (issue 7). A scratch database on DATABASE_URL's server is
// seeded once with set-based SQL (test/fixtures/seed-dashboard.ts) and kept for the next run; a
// real `trailwatch start` serves it; this process is the second process on loopback that sends
// the load: N concurrent users with a signed session cookie, each looping fetch → await → next.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { migrate } from "@/lib/server/db/migrate";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { ensureUsers } from "@/test/fixtures/seed-dashboard-db";
import { parseOptions, UsageError } from "../command";
import { info, printJson } from "../output";

const int = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return n;
};

async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** The scratch database, seeded unless it already holds this scale (seeding 5 M events takes minutes). */
async function prepareDatabase(serverUrl: string, events: number, alerts: number, reseed: boolean) {
  const name = `tw_bench_dashboard_${events}_${alerts}`;
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const exists = (await sql(serverUrl, "SELECT 1 FROM pg_database WHERE datname = $1", [name])).length > 0;
  if (exists && !reseed) {
    const done = await sql<{ value: unknown }>(url, "SELECT value FROM settings WHERE key = 'bench:dashboard:seed'").catch(() => []);
    if (done.length) return { url, seed: { reused: true, ...(done[0].value as object) } };
  }
  await sql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sql(serverUrl, `CREATE DATABASE ${name}`);
  await migrate(url);
  const t0 = performance.now();
  const r = await seedDashboard(url, { events, alerts, principalsPerAccount: 400, log: info });
  const seed = { reused: false, events, alerts, seconds: Math.round((performance.now() - t0) / 100) / 10, stepsMs: r.timings };
  await sql(url, "INSERT INTO settings (key, value, updated_at) VALUES ('bench:dashboard:seed', $1, now())", [JSON.stringify(seed)]);
  return { url, seed };
}

async function startServer(dbUrl: string, port: number, secret: string): Promise<ChildProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-bench-dash-"));
  const child = spawn(process.execPath, ["bin/trailwatch.mjs", "start"], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), AUTH_SECRET: secret, TRAILWATCH_DATA_DIR: dataDir, TRAILWATCH_WORKER: "false", TRAILWATCH_DEMO: "0", ADMIN_EMAIL: "admin@bench.test", ADMIN_PASSWORD: "bench-admin-password", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`trailwatch start exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 1000));
  }
  child.kill("SIGTERM");
  throw new Error("trailwatch start did not answer within 10 minutes");
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Scenario {
  name: string;
  nextPath: () => string;
}

/** `users` loops, each sending one request at a time for `seconds`; the first second is warm-up. */
async function load(base: string, cookie: string, s: Scenario, users: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const warmEnd = Date.now() + 1000;
  const end = warmEnd + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await fetch(base + s.nextPath(), { headers: { cookie } }).catch(() => null);
        if (res) await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (!res || !res.ok) errors++;
        else if (Date.now() > warmEnd) latencies.push(ms);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { requests: latencies.length, errors, rps: r1(latencies.length / seconds), p50: r1(percentile(latencies, 50)), p95: r1(percentile(latencies, 95)), p99: r1(percentile(latencies, 99)), max: r1(latencies.at(-1) ?? NaN) };
}

function scenarios(alertIds: number[], principal: string): Scenario[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  // A mix of the views an analyst opens: default inbox, sorts, severity/status/principal filters.
  const inboxViews = ["", "sort=score", "severity=high,critical", "status=all&sort=last_event", "status=closed", `principal=${encodeURIComponent(principal)}`, "status=acknowledged&sort=oldest", "category=persistence"];
  return [
    { name: "inbox", nextPath: () => `/api/alerts?limit=50&${pick(inboxViews)}` },
    { name: "timeline", nextPath: () => `/api/alerts/${pick(alertIds)}/timeline?before=60&after=60` },
    { name: "overview", nextPath: () => `/api/overview?range=${pick(["24h", "24h", "7d"])}` },
  ];
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    json: { type: "boolean" }, events: { type: "string" }, alerts: { type: "string" }, users: { type: "string" },
    seconds: { type: "string" }, reseed: { type: "boolean" }, port: { type: "string" },
  });
  const serverUrl = getEnv().DATABASE_URL;
  if (!serverUrl) throw new UsageError("bench dashboard needs DATABASE_URL (a PostgreSQL server where it may create a scratch database)");
  const events = int(values.events, 5_000_000, "events");
  const alerts = int(values.alerts, 20_000, "alerts");
  const users = int(values.users, 10, "users");
  const seconds = int(values.seconds, 20, "seconds");
  const port = int(values.port, 3210, "port");
  const db = await prepareDatabase(serverUrl, events, alerts, values.reseed ?? false);
  await ensureUsers(db.url, [{ email: "bench-analyst@bench.test", password: crypto.randomBytes(12).toString("hex"), role: "analyst" }]);
  const [user] = await sql<{ id: string }>(db.url, "SELECT id FROM users WHERE email = 'bench-analyst@bench.test'");
  const alertIds = (await sql<{ id: number }>(db.url, "SELECT id FROM alerts ORDER BY random() LIMIT 2000")).map((r) => r.id);
  const [principal] = await sql<{ display_name: string }>(db.url, "SELECT p.display_name FROM alerts a JOIN principals p ON p.id = a.principal_id ORDER BY random() LIMIT 1");
  const secret = crypto.randomBytes(32).toString("hex");
  info(`starting trailwatch on port ${port}`);
  const server = await startServer(db.url, port, secret);
  try {
    const token = await encode({ token: { uid: user.id, sub: user.id }, secret, salt: "authjs.session-token", maxAge: 3600 });
    const cookie = `authjs.session-token=${token}`;
    const base = `http://127.0.0.1:${port}`;
    const probe = await fetch(`${base}/api/alerts?limit=1`, { headers: { cookie } });
    if (!probe.ok) throw new Error(`the signed session was refused (${probe.status})`);
    // The overview is computed once per range per 30 s and shared; time the uncached computation too.
    const overviewColdMs: Record<string, number> = {};
    for (const range of ["24h", "7d", "30d"]) {
      const t0 = performance.now();
      await fetch(`${base}/api/overview?range=${range}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
      overviewColdMs[range] = Math.round(performance.now() - t0);
    }
    const results: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const s of scenarios(alertIds, principal?.display_name ?? "alice")) {
      info(`load: ${s.name}, ${users} users, ${seconds} s`);
      results[s.name] = await load(base, cookie, s, users, seconds);
    }
    const counts = (await sql<{ events: string; alerts: string; scores: string }>(db.url, "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM scores) AS scores"))[0];
    const targetsMs = { inbox: 150, timeline: 150, overview: 500 };
    const result = {
      database: { events: Number(counts.events), alerts: Number(counts.alerts), scores: Number(counts.scores) },
      seed: db.seed,
      users,
      seconds,
      results,
      overviewColdMs,
      targetsP95Ms: targetsMs,
      meetsTargets: Object.fromEntries(Object.entries(targetsMs).map(([k, t]) => [k, (results[k]?.p95 ?? Infinity) <= t])),
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    };
    if (values.json) printJson(result);
    else info(Object.entries(result).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n"));
    return 0;
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}
