// The security suite of issue 16 against the real product: `trailwatch start` (launcher, web
// server, Next, Auth.js) on a fresh PostgreSQL database, driven over HTTP from several loopback
// addresses. One server for the whole suite: building and starting it is the expensive part.
import { afterAll, beforeAll, describe } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedAuthzData, type Seeded } from "@/test/authz/seed";
import { defineFindings, PASSWORD } from "./findings";
import { defineHostileInput } from "./hostile-input";
import { startServer, type RunningServer } from "./server";

let db: TestDatabase;
let server: RunningServer;
let seeded: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedAuthzData(db.prisma);
  server = await startServer(db.url);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
}, 60_000);

describe("issue 16 findings, against the running server", () => {
  defineFindings(() => ({ server, db: db.prisma, seeded }));
});

describe("hostile input on every API route", () => {
  defineHostileInput(() => ({ server, adminEmail: "admin@authz.test", password: PASSWORD }));
});
