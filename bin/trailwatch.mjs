#!/usr/bin/env node
// The `trailwatch` command. Runs the TypeScript CLI through tsx, with `server-only` resolved to
// an empty module: the CLI and the worker are server code outside React Server Components.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./server-only-hook.mjs", import.meta.url);
registerTsx();
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
