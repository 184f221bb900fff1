import path from "node:path";
import { getEnv } from "@/lib/env";
import { runWebServer } from "@/lib/server/launcher/web-server";
import { parseOptions } from "../command";

export const usage = `Usage: trailwatch web
  Runs the built web app only (what \`trailwatch start\` spawns), on PORT and TRAILWATCH_HOST, with
  DATABASE_URL and AUTH_SECRET set. Client addresses come from the socket unless the peer is listed
  in TRAILWATCH_TRUSTED_PROXIES. Stops on SIGTERM.`;

export async function run(args: string[]): Promise<number> {
  parseOptions(args, {});
  const env = getEnv();
  const server = await runWebServer({ dir: path.resolve(import.meta.dirname, "../../.."), host: env.TRAILWATCH_HOST, port: env.PORT, trustedProxies: env.TRAILWATCH_TRUSTED_PROXIES });
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
