// What `npm start` does (issue 2): open the database (embedded unless DATABASE_URL), migrate,
// make sure there is an admin, build the web app if needed, then run the web server and the
// worker as child processes until Ctrl-C, which stops all of them and the database cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ConfigError, getEnv } from "@/lib/env";
import { openDatabase } from "@/lib/server/db/connection";
import { createPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { ensureFirstAdmin } from "@/lib/server/dal/users";
import { isEmptyDatabase, seedDemo } from "@/lib/server/demo/seed";
import { watchDemo } from "./demo-progress";
import { ensureSecrets } from "@/lib/server/secrets";
import { buildWebApp, needsBuild } from "./build";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const STOP_GRACE_MS = 10_000;

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the web server did not answer on ${url} within ${timeoutMs / 1000}s`);
}

/** A clear message instead of the web server's EADDRINUSE stack (or another server answering). */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new ConfigError(`PORT ${port} is already in use on ${host}: stop the other server or set PORT`)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function start(log: (line: string) => void): Promise<number> {
  const env = getEnv();
  const db = await openDatabase({ log });
  const children: ChildProcess[] = [];
  let stopping = false;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await Promise.all(children.map(stopChild));
    await db.close();
    log("stopped");
    resolveDone(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  // Whatever goes wrong in this process, the web server and the worker must not outlive it.
  const onFatal = (e: unknown) => {
    log(`trailwatch start: ${e instanceof Error ? e.message : String(e)}`);
    void shutdown(1);
  };
  process.on("uncaughtException", onFatal);
  process.on("unhandledRejection", onFatal);

  try {
    await assertPortFree(env.TRAILWATCH_HOST, env.PORT);
    await migrate(db.url, { log });
    const secrets = ensureSecrets(env);
    const prisma = createPrisma(db.url, { max: 2 });
    const admin = await ensureFirstAdmin(prisma, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    const seedDemoNow = env.TRAILWATCH_DEMO && (await isEmptyDatabase(prisma));

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: secrets.authSecret,
      TRAILWATCH_SECRET_KEY: secrets.secretKey,
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    };
    const shownHost = env.TRAILWATCH_HOST === "0.0.0.0" || env.TRAILWATCH_HOST === "127.0.0.1" ? "localhost" : env.TRAILWATCH_HOST;
    const url = `http://${shownHost}:${env.PORT}`;
    // With a demo to seed, the import runs while the web app builds (each of them leaves a core
    // free), and the worker starts once the import is done, so its first model learns from the
    // whole normal history rather than from the first thousand events to arrive.
    const demo = seedDemoNow
      ? seedDemo(prisma, env.TRAILWATCH_DATA_DIR, log).then((d) => {
          log(`demo: ${d.stored.toLocaleString("en-US")} events in ${d.accounts} accounts imported in ${d.seconds.toFixed(0)} s`);
          if (env.TRAILWATCH_WORKER && !stopping) {
            children.push(spawnWorker(childEnv, log, () => stopping, children));
            void watchDemo(prisma, log, () => stopping, url);
          }
        })
      : null;
    demo?.catch(() => undefined); // awaited below, after the web server is up
    if (needsBuild(ROOT)) await buildWebApp(ROOT, { ...childEnv, DATABASE_URL: undefined }, log);
    if (stopping) return await done;

    // Our own HTTP server around Next (web-server.ts): it sees the socket, so client addresses are not taken on trust.
    const web = spawn(process.execPath, [path.join(ROOT, "bin", "trailwatch.mjs"), "web"], {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(web);
    web.on("exit", (code) => {
      if (!stopping) {
        log(`the web server exited unexpectedly (code ${code})`);
        void shutdown(1);
      }
    });
    if (env.TRAILWATCH_WORKER && !seedDemoNow) children.push(spawnWorker(childEnv, log, () => stopping, children));
    await waitForHttp(`http://127.0.0.1:${env.PORT}/login`, web);
    log("");
    log(`Trailwatch is running at ${url}  (database: ${db.kind === "external" ? "DATABASE_URL" : `embedded, ${env.TRAILWATCH_DATA_DIR}/pg`})`);
    if (admin?.generatedPassword) {
      log(`Sign in as ${admin.email} with password ${admin.generatedPassword}`);
      log("This password is shown once. Change it after signing in, or set ADMIN_PASSWORD before the first start.");
    } else if (admin) {
      log(`Sign in as ${admin.email} with the password in ADMIN_PASSWORD.`);
    } else {
      log("Sign in with your account. (`npx trailwatch user add --email … --role admin` adds an admin.)");
    }
    log("Press Ctrl-C to stop.");
    if (demo) await demo;
    else await prisma.$disconnect();
  } catch (e) {
    await shutdown(1);
    throw e;
  }
  return done;
}

/** The worker restarts after a crash (with a pause), so one bad batch never stops the product. */
function spawnWorker(env: NodeJS.ProcessEnv, log: (line: string) => void, isStopping: () => boolean, children: ChildProcess[]): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "trailwatch.mjs"), "worker"], { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (isStopping()) return;
    log(`the worker exited (code ${code ?? signal}); restarting in 5 s`);
    setTimeout(() => {
      if (isStopping()) return;
      const index = children.indexOf(child);
      const replacement = spawnWorker(env, log, isStopping, children);
      if (index >= 0) children[index] = replacement;
      else children.push(replacement);
    }, 5000);
  });
  return child;
}
