import type pg from "pg";
import type { TDb } from "./store-accounts";

// The store's two raw-query methods over one plain `pg` connection, so a batch can be written on
// the Prisma client's own pool without Prisma's parameter serialization (db/client.ts poolOf).
// int8 values come back as text here, as bigint through Prisma: the store accepts both.

export function pgQueryable(client: pg.ClientBase): TDb {
  const query = async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows;
  const exec = async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0;
  return { $queryRawUnsafe: query, $executeRawUnsafe: exec } as unknown as TDb;
}
