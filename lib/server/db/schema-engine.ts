// Prisma's schema engine compiled to WebAssembly, driven through a `pg` driver adapter: what the
// stock CLI does with its native engine, which cannot be downloaded on these machines (STACK.md).
// Used only by developers to write new migration files; applying them is migrate.ts's job.
import fs from "node:fs";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

type TSchemaEngine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;

let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    // Without a panic registry an engine panic surfaces as "unreachable" with no message.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message: string) {
        throw new Error(`schema engine panic: ${message}`);
      },
    };
  })();
  return loaded;
}

/**
 * The pg adapter cannot map catalog columns of type `name` (OID 19) and `"char"` (OID 18)
 * (Prisma issue 27403); the engine reads them while introspecting. Report them as text.
 */
function patchCatalogTypes(pool: pg.Pool): pg.Pool {
  const rewrite = (result: pg.QueryResult | undefined) => {
    for (const field of result?.fields ?? []) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === "function") {
        args[args.length - 1] = (err: Error | null, result: pg.QueryResult) => last(err, rewrite(result));
        return query(...args);
      }
      const out = query(...args);
      return out instanceof Promise ? out.then(rewrite) : out;
    };
  });
  return pool;
}

export interface EngineHandle {
  engine: TSchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(url: string, schema: string): Promise<EngineHandle> {
  await loadWasm();
  const pool = patchCatalogTypes(new pg.Pool({ connectionString: url, max: 2 }));
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => undefined, adapter);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
