// Who is on the other end of a request (issue 16). The address, host and scheme come from the
// socket; X-Forwarded-For/-Host/-Proto are believed only when the socket's peer is one of the
// proxies named in TRAILWATCH_TRUSTED_PROXIES. The web server (web-server.ts) resolves them once
// per request and hands the result to the app in the x-trailwatch-* headers, after deleting any
// the client sent, so the app never reads a forwarded header itself.
import net from "node:net";

export const CLIENT_IP_HEADER = "x-trailwatch-client-ip";
export const PUBLIC_HOST_HEADER = "x-trailwatch-host";
export const PUBLIC_PROTO_HEADER = "x-trailwatch-proto";
export const FORWARDED_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"] as const;

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, "");
  return a.toLowerCase().startsWith("::ffff:") && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/** Parses "10.0.0.1, 10.1.0.0/16, ::1": throws naming the first entry that is not an address or CIDR. */
export function parseTrustedProxies(list: string | undefined): net.BlockList {
  const blocks = new net.BlockList();
  for (const raw of (list ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, prefix, extra] = raw.split("/");
    const address = normalizeAddress(addr ?? "");
    const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = type === "ipv4" ? 32 : 128;
    if (!type || extra !== undefined || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > maxBits) ) || prefix === "") {
      throw new Error(`"${raw}" is not an IP address or CIDR range`);
    }
    if (bits === null) blocks.addAddress(address, type);
    else blocks.addSubnet(address, bits, type);
  }
  return blocks;
}

export function isTrusted(trusted: net.BlockList, address: string): boolean {
  const a = normalizeAddress(address);
  const type = net.isIPv4(a) ? "ipv4" : net.isIPv6(a) ? "ipv6" : null;
  return type !== null && trusted.check(a, type);
}

export interface ResolvedClient {
  ip: string;
  host: string | null;
  proto: "http" | "https";
  viaTrustedProxy: boolean;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim() || null;

/**
 * The client behind a request. From an untrusted peer: the peer itself, its Host header and the
 * socket's scheme. From a trusted proxy: X-Forwarded-For read right to left, skipping trusted
 * hops (the left-most entries are whatever the client wrote), and the proxy's -Host and -Proto.
 */
export function resolveClient(input: { peer: string | undefined; encrypted: boolean; headers: Record<string, string | string[] | undefined>; trusted: net.BlockList }): ResolvedClient {
  const peer = normalizeAddress(input.peer ?? "");
  const socketProto = input.encrypted ? "https" : "http";
  const host = first(input.headers.host);
  if (!peer || !isTrusted(input.trusted, peer)) return { ip: peer || "unknown", host, proto: socketProto, viaTrustedProxy: false };
  const raw = input.headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((h) => normalizeAddress(h)).filter((h) => net.isIP(h) !== 0);
  let ip = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = hops[i]!;
    if (!isTrusted(input.trusted, ip)) break;
  }
  const proto = first(input.headers["x-forwarded-proto"])?.toLowerCase();
  return { ip, host: first(input.headers["x-forwarded-host"]) ?? host, proto: proto === "https" || proto === "http" ? proto : socketProto, viaTrustedProxy: true };
}

/** For the app: the address the web server resolved (null when the app runs without it, e.g. `next dev`). */
export function clientIpFrom(headers: Pick<Headers, "get">): string | null {
  return headers.get(CLIENT_IP_HEADER) || null;
}

/** For the app: the public host the request was addressed to, as the web server resolved it. */
export function publicHostFrom(headers: Pick<Headers, "get">): string | null {
  return headers.get(PUBLIC_HOST_HEADER) || headers.get("host");
}
