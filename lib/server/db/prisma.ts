import "server-only";
// The web app's Prisma client: one per server process, created on first use. `npm start` always
// hands the web server a DATABASE_URL (the embedded database's loopback address when unset).
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { createPrisma, type TPrisma } from "./client";
import { embeddedUrl } from "./embedded";

const globalForPrisma = globalThis as unknown as { trailwatchPrisma?: TPrisma };

function resolveUrl(): string {
  const env = getEnv();
  if (env.DATABASE_URL) return env.DATABASE_URL;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(env.TRAILWATCH_DATA_DIR, "embedded.json"), "utf8")) as { port: number };
    return embeddedUrl(info.port);
  } catch {
    throw new Error("No database: set DATABASE_URL, or run the product with `npm start` (it serves the embedded database).");
  }
}

export function getPrisma(): TPrisma {
  globalForPrisma.trailwatchPrisma ??= createPrisma(resolveUrl());
  return globalForPrisma.trailwatchPrisma;
}
