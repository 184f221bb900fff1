import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, redactUrl } from "./env";

describe("parseEnv", () => {
  it("applies defaults to an empty environment", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TRAILWATCH_DEMO).toBe(true);
  });

  it("names the variable and the value for a malformed port", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT .*"eighty"/);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/^Invalid configuration: PORT/);
  });

  it("rejects a non-postgres DATABASE_URL without echoing it", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://root:hunter2@db/x" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(message).not.toContain("hunter2");
  });

  it("never echoes secrets, and lists every bad variable", () => {
    let message = "";
    try {
      parseEnv({ ADMIN_PASSWORD: "short", AUTH_SECRET: "tiny", TRAILWATCH_DEMO: "maybe" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("ADMIN_PASSWORD");
    expect(message).toContain("AUTH_SECRET");
    expect(message).toContain("TRAILWATCH_DEMO");
    expect(message).not.toContain("short");
    expect(message).not.toContain("tiny");
  });

  it("treats empty strings as unset and parses booleans", () => {
    const env = parseEnv({ DATABASE_URL: "", TRAILWATCH_WORKER: "0" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TRAILWATCH_WORKER).toBe(false);
  });

  it("names the range of a number that is out of it, not only one that is not a number", () => {
    for (const value of ["5", "abc", "12.5", "60000"]) {
      expect(() => parseEnv({ TRAILWATCH_SCORE_BATCH: value })).toThrow(`TRAILWATCH_SCORE_BATCH must be a whole number from 10 to 50000 (got "${value}")`);
    }
    expect(() => parseEnv({ PORT: "0" })).toThrow(/PORT must be a whole number from 1 to 65535/);
    expect(parseEnv({ TRAILWATCH_SCORE_BATCH: "10" }).TRAILWATCH_SCORE_BATCH).toBe(10);
  });

  it("accepts a 64-hex secret key and rejects a short one", () => {
    expect(parseEnv({ TRAILWATCH_SECRET_KEY: "ab".repeat(32) }).TRAILWATCH_SECRET_KEY).toHaveLength(64);
    expect(() => parseEnv({ TRAILWATCH_SECRET_KEY: "abcd" })).toThrow(/TRAILWATCH_SECRET_KEY must be 32 bytes/);
  });
});

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("postgresql://u:secret@h:5432/db")).toBe("postgresql://u:***@h:5432/db");
    expect(redactUrl("nonsense")).toBe("<unparseable URL>");
  });
});
