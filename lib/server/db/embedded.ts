// The embedded default database: PGlite (real PostgreSQL compiled to WebAssembly) under the data
// dir, served over the PostgreSQL wire protocol on a loopback port so the web app, the worker and
// the CLI all reach it through the same `pg` code path as an external server (STACK.md).
// Only one process may open the data dir; it records its port in embedded.json so other
// processes (a CLI import while `npm start` runs) connect to it instead of opening it twice.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { patchQueryQueue } from "./pglite-queue";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface RunningInfo {
  pid: number;
  port: number;
}

export function embeddedUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function infoPath(dataDir: string): string {
  return path.join(dataDir, "embedded.json");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The URL of an embedded database another live process is serving from dataDir, if any. */
export async function findRunningEmbedded(dataDir: string): Promise<string | null> {
  let info: RunningInfo;
  try {
    info = JSON.parse(fs.readFileSync(infoPath(dataDir), "utf8")) as RunningInfo;
  } catch {
    return null;
  }
  if (info.pid === process.pid || !isAlive(info.pid) || !(await canConnect(info.port))) return null;
  return embeddedUrl(info.port);
}

/**
 * Opens (creating on first use) the PGlite database in `<dataDir>/pg`, or an in-memory one when
 * dataDir is null (tests), and serves it on 127.0.0.1 at an ephemeral port.
 */
export async function startEmbedded(dataDir: string | null, opts: { maxConnections?: number } = {}): Promise<EmbeddedDatabase> {
  let db: PGlite;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = await PGlite.create(path.join(path.resolve(dataDir), "pg"));
  } else {
    db = await PGlite.create();
  }
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: opts.maxConnections ?? 64 });
  patchQueryQueue(server);
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  if (dataDir) fs.writeFileSync(infoPath(dataDir), JSON.stringify({ pid: process.pid, port } satisfies RunningInfo), { mode: 0o600 });

  let stopped = false;
  return {
    url: embeddedUrl(port),
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      if (dataDir) fs.rmSync(infoPath(dataDir), { force: true });
    },
  };
}
