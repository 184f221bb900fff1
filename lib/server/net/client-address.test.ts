import { describe, expect, it } from "vitest";
import { normalizeAddress, parseTrustedProxies, resolveClient } from "./client-address";

describe("client address", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, ::1, 192.0.2.7");

  it("ignores forwarded headers from an untrusted peer", () => {
    const c = resolveClient({ peer: "::ffff:203.0.113.9", encrypted: false, trusted: none, headers: { host: "tw.example", "x-forwarded-for": "192.0.2.51", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    expect(c).toEqual({ ip: "203.0.113.9", host: "tw.example", proto: "http", viaTrustedProxy: false });
  });

  it("walks X-Forwarded-For from the right, skipping trusted hops, behind a trusted proxy", () => {
    const c = resolveClient({ peer: "10.1.2.3", encrypted: false, trusted: proxies, headers: { host: "internal:3000", "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.9.9.9", "x-forwarded-host": "tw.example", "x-forwarded-proto": "https" } });
    expect(c).toEqual({ ip: "198.51.100.4", host: "tw.example", proto: "https", viaTrustedProxy: true });
  });

  it("falls back to the proxy itself when it sent no usable X-Forwarded-For", () => {
    expect(resolveClient({ peer: "::1", encrypted: true, trusted: proxies, headers: { "x-forwarded-for": "not-an-ip" } }).ip).toBe("::1");
  });

  it("parses addresses and CIDRs and names a bad entry", () => {
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(() => parseTrustedProxies("10.0.0.1, nonsense")).toThrow('"nonsense" is not an IP address or CIDR range');
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow();
    expect(() => parseTrustedProxies("10.0.0.0/")).toThrow();
  });
});
