// Prisma CLI configuration. The CLI downloads a native schema engine it never needs for
// `generate`; offline (these machines, CI, air-gapped customers) that download fails, so unless the
// caller chose an engine we point it at a placeholder file. Migrations never go through the CLI:
// `trailwatch migrate` applies them with its own runner (lib/server/db/migrate.ts). See STACK.md.
import path from "node:path";
import { defineConfig } from "prisma/config";

if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && process.env.TRAILWATCH_STOCK_PRISMA !== "1") {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve("prisma/schema-engine-placeholder");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/trailwatch" },
});
