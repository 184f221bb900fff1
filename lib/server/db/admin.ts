// Database-level statements (CREATE/DROP DATABASE) that cannot run inside a pooled transaction:
// one short-lived connection each. Used by migration authoring and by the test helpers.
import pg from "pg";

export async function runAdminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server URL pointing at another database. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
