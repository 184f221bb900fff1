// The one place that reads process.env (STYLE.md). Every variable is documented in .env.example.
// Parsing happens once; a bad value stops start-up with one line naming the variable.
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/server/net/client-address";

const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], { message: "must be true or false" })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const ZPostgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: "must be a postgresql:// URL" })
  .refine((v) => URL.canParse(v), { message: "is not a valid URL" });

/** A whole number in [min, max]; every way of missing it gets the same message with the range. */
function zInt(min: number, max: number, unit = "") {
  const message = `must be a whole number${unit} from ${min} to ${max}`;
  return z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message });
}

export const ZEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** External PostgreSQL. Unset: the embedded PGlite database under TRAILWATCH_DATA_DIR. */
  DATABASE_URL: ZPostgresUrl.optional(),
  PORT: zInt(1, 65535).default(3000),
  TRAILWATCH_HOST: z.string().min(1).default("127.0.0.1"),
  TRAILWATCH_DATA_DIR: z.string().min(1).default(".data"),
  /**
   * Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed (IPs or CIDRs, comma-separated).
   * Unset: nobody's; the client address is the socket's peer (lib/server/net/client-address.ts).
   */
  TRAILWATCH_TRUSTED_PROXIES: z
    .string()
    .refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, { message: "must be IP addresses or CIDR ranges separated by commas" })
    .optional(),
  /** Signs session cookies; generated into the data dir when unset. */
  AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  /** 32-byte key (64 hex chars or base64) for AES-256-GCM of cloud credentials; generated when unset. */
  TRAILWATCH_SECRET_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, "base64").length === 32, {
      message: "must be 32 bytes as 64 hex characters or base64",
    })
    .optional(),
  ADMIN_EMAIL: z.email({ message: "must be an email address" }).default("admin@trailwatch.local"),
  ADMIN_PASSWORD: z.string().min(12, { message: "must be at least 12 characters" }).optional(),
  /** Seed the demo organisation on first start with an empty database. */
  TRAILWATCH_DEMO: ZBool.default(true),
  /** Start the background worker with `npm start`. */
  TRAILWATCH_WORKER: ZBool.default(true),
  /** Test hook, set only by scripts/e2e.mjs: cloud SDK clients answer canned responses (never in production). */
  TRAILWATCH_FAKE_CLOUD: ZBool.default(false),
  /** Events (and their scores) older than this many days are purged; events in alerts are kept. */
  TRAILWATCH_RETENTION_DAYS: zInt(1, 3650, " of days").default(90),
  /** Events per scoring batch (bounded memory per worker). */
  TRAILWATCH_SCORE_BATCH: zInt(10, 50_000).default(5000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws ConfigError whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  // Empty strings mean "unset" (docker-compose and .env files write them that way).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const value = cleaned[name];
    const shown = value === undefined || /SECRET|PASSWORD|KEY/.test(name) || name === "DATABASE_URL" ? "" : ` (got "${value}")`;
    return `${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
}

let cached: TEnv | undefined;

/** The validated environment of this process. */
export function getEnv(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** A database URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable URL>";
  }
}
