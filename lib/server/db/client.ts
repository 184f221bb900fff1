// The Prisma client over the `pg` driver adapter: the same code path for an external PostgreSQL
// and for the embedded PGlite served on loopback (embedded.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type TPrisma = PrismaClient;

export function createPrisma(url: string, opts: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: opts.max ?? 10 }) });
}
