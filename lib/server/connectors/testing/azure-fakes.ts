import fs from "node:fs";
import type { HttpClient, HttpHeaders, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { datasetPath } from "@/lib/server/datasets";

// Offline Activity Log: an HttpClient for the Monitor SDK that answers the list call like ARM
// does (filter by the $filter time range, newest first, pages linked by nextLink with a
// $skiptoken), plus a token credential whose JWT names the connector's own identity.

export type TRestRecord = Record<string, unknown> & { eventTimestamp: string };

function headers(init: Record<string, string>): HttpHeaders {
  const map = new Map(Object.entries(init).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    get: (name) => map.get(name.toLowerCase()),
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), String(value)),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

export function fakeCredential(claims: Record<string, string>): TokenCredential {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const token = `${part({ alg: "none" })}.${part(claims)}.sig`;
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function toCamel(value: unknown, keep: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => toCamel(v, keep));
  if (!value || typeof value !== "object") return value;
  // Claims and properties keep their keys: they are the token's and the provider's, not the API's.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [keep ? k : camel(k), toCamel(v, keep || k === "claims" || k === "properties")]));
}

/** plaso's `az monitor activity-log list` records (Python SDK snake_case) in the REST wire spelling. */
export function loadPlasoRestRecords(): TRestRecord[] {
  const lines = fs.readFileSync(datasetPath("azure/fixtures/plaso/azure_activity_log.jsonl"), "utf8").split("\n").filter(Boolean);
  return lines.map((l) => toCamel(JSON.parse(l), false) as TRestRecord);
}

/** Panther's diagnostic-setting records mapped to the REST spelling; eventDataId from the line, which REST always carries. */
export function loadPantherRestRecords(): TRestRecord[] {
  const lines = fs.readFileSync(datasetPath("azure/fixtures/panther/panther_azure_monitoractivity_tests.jsonl"), "utf8").split("\n").filter(Boolean);
  return lines.flatMap((line, i) => {
    const log = (JSON.parse(line) as { log: Record<string, unknown> }).log;
    if (typeof log.time !== "string" || typeof log.operationName !== "string") return [];
    const claims = (log.identity as { claims?: Record<string, string> } | undefined)?.claims;
    const value = (v: unknown) => (typeof v === "string" ? { value: v, localizedValue: v } : undefined);
    return [
      {
        eventDataId: `panther-${i}`,
        eventTimestamp: log.time,
        operationName: value(log.operationName),
        category: value(log.category),
        status: value(log.resultType),
        subStatus: value(log.resultSignature),
        resourceId: log.resourceId,
        correlationId: log.correlationId,
        ...(claims ? { claims, caller: claims.upn ?? claims.appid } : {}),
        ...(typeof log.callerIpAddress === "string" ? { httpRequest: { clientIpAddress: log.callerIpAddress } } : {}),
      } as TRestRecord,
    ];
  });
}

export interface TFakeArm {
  httpClient: HttpClient;
  /** Every request URL, in order. */
  urls: string[];
  /** Answer the next requests with these statuses first (e.g. 429s). */
  failNext: Array<{ status: number; headers?: Record<string, string> }>;
}

export function fakeActivityLog(records: TRestRecord[], pageSize: number): TFakeArm {
  const sorted = [...records].sort((a, b) => Date.parse(b.eventTimestamp) - Date.parse(a.eventTimestamp));
  const fake: TFakeArm = {
    urls: [],
    failNext: [],
    httpClient: {
      async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
        fake.urls.push(request.url);
        const failure = fake.failNext.shift();
        if (failure) {
          const body = { error: { code: failure.status === 429 ? "TooManyRequests" : "AuthorizationFailed", message: `status ${failure.status}` } };
          return { request, status: failure.status, headers: headers({ "content-type": "application/json", ...failure.headers }), bodyAsText: JSON.stringify(body) };
        }
        const url = new URL(request.url);
        const filter = url.searchParams.get("$filter") ?? "";
        const [from, to] = [...filter.matchAll(/'([^']+)'/g)].map((m) => Date.parse(m[1]));
        const inRange = sorted.filter((r) => Date.parse(r.eventTimestamp) >= from && Date.parse(r.eventTimestamp) <= to);
        const offset = Number(url.searchParams.get("$skiptoken") ?? 0);
        const page = inRange.slice(offset, offset + pageSize);
        let nextLink: string | undefined;
        if (offset + pageSize < inRange.length) {
          url.searchParams.set("$skiptoken", String(offset + pageSize));
          nextLink = url.toString();
        }
        return { request, status: 200, headers: headers({ "content-type": "application/json" }), bodyAsText: JSON.stringify({ value: page, nextLink }) };
      },
    },
  };
  return fake;
}
