import { UNKNOWN_ACCOUNT } from "@/ml/types";
import { deriveEventId } from "../event-id";
import { parseExportTime } from "../time";
import type { NormalizedEvent, TNormalizeContext } from "../types";
import { userAgentFamily } from "../user-agent";
import { asObject, pick, str, strOrValue } from "../values";
import type { TJsonObject } from "../values";
import { azurePrincipal, claimsOf, isPlatformCategory } from "./principal";

// One normalizer for the three JSON spellings of an Activity Log record: REST/CLI camelCase
// (`eventTimestamp`, `operationName{value}`, `status{value}`), the Python SDK's snake_case
// (`event_timestamp`, `operation_name{value}`), and the diagnostic-setting export (`time`,
// `operationName` string, `resultType`, `identity{claims}`). CSV rows are mapped to the REST
// spelling first (csv.ts). Operation names differ in case between sources, so the action is upper-cased.

export interface TAzureNormalized {
  event: NormalizedEvent;
  /** Shared by the Begin/End records of one operation; null in diagnostic exports, which lack it. */
  operationId: string | null;
  status: string | null;
}

export type TAzureOutcome = ({ ok: true } & TAzureNormalized) | { ok: false; reason: string };

const SUBSCRIPTION_RE = /\/subscriptions\/([^/]+)/i;
const PROVIDER_RE = /\/providers\/([^/]+)/i;
const IPV4_PORT_RE = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/;
const FAILED = new Set(["failed", "failure", "error"]);

function subscriptionOf(record: TJsonObject, resourceId: string | null): string {
  const direct = str(pick(record, "subscriptionId", "subscription_id"));
  const fromResource = resourceId ? SUBSCRIPTION_RE.exec(resourceId)?.[1] : undefined;
  return (direct ?? fromResource ?? UNKNOWN_ACCOUNT).toLowerCase();
}

function readOnlyOf(action: string, method: string | null, category: string | null): boolean | null {
  if (action.endsWith("/READ") || method === "GET" || category === "StorageRead") return true;
  if (action.endsWith("/WRITE") || action.endsWith("/DELETE") || action.endsWith("/ACTION")) return false;
  if (category === "StorageWrite" || category === "StorageDelete") return false;
  if (method === "PUT" || method === "POST" || method === "DELETE" || method === "PATCH") return false;
  return null;
}

function sourceIpOf(record: TJsonObject, http: TJsonObject | null, claims: TJsonObject | null): string | null {
  // The top-level caller address first: it is what Azure's own analytics key on (and in the
  // Sentinel lab export it differs from httpRequest.clientIpAddress).
  const ip = str(record.callerIpAddress) ?? (http ? str(pick(http, "clientIpAddress", "client_ip_address")) : null) ?? (claims ? str(claims.ipaddr) : null);
  if (!ip) return null;
  return IPV4_PORT_RE.exec(ip)?.[1] ?? ip;
}

export function normalizeAzure(record: TJsonObject, ctx: TNormalizeContext): TAzureOutcome {
  const rawTime = pick(record, "eventTimestamp", "event_timestamp", "time");
  if (rawTime === undefined) return { ok: false, reason: "missing eventTimestamp/time" };
  const eventTime = parseExportTime(rawTime);
  if (!eventTime) return { ok: false, reason: `unparseable time: ${JSON.stringify(rawTime).slice(0, 60)}` };
  const operation = strOrValue(pick(record, "operationName", "operation_name"));
  if (!operation) return { ok: false, reason: "missing operationName" };
  const action = operation.toUpperCase();

  const resourceId = str(pick(record, "resourceId", "resource_id"));
  const account = subscriptionOf(record, resourceId);
  const category = strOrValue(record.category);
  const http = asObject(pick(record, "httpRequest", "http_request"));
  const method = http ? (str(http.method)?.toUpperCase() ?? null) : null;
  const status = strOrValue(record.status) ?? str(record.resultType);
  const failed = status !== null && FAILED.has(status.toLowerCase());
  const subStatus = strOrValue(pick(record, "subStatus", "sub_status")) ?? str(record.resultSignature);
  const slash = action.indexOf("/");
  const provider = strOrValue(pick(record, "resourceProviderName", "resource_provider_name"));
  const service = (slash > 0 ? action.slice(0, slash) : (provider ?? (resourceId ? PROVIDER_RE.exec(resourceId)?.[1] : null) ?? "unknown")).toUpperCase();
  const claims = claimsOf(record);
  const principal = azurePrincipal(record, category, account, ctx.fileKey);
  const properties = asObject(record.properties);
  const userAgent = properties ? str(properties.userAgentHeader) : null;
  const resourceType = strOrValue(pick(record, "resourceType", "resource_type"));
  const eventDataId = str(pick(record, "eventDataId", "event_data_id"));
  const isPlatform = isPlatformCategory(category);

  return {
    ok: true,
    operationId: str(pick(record, "operationId", "operation_id")),
    status,
    event: {
      provider: "azure",
      providerEventId: eventDataId ?? deriveEventId(record),
      accountExternalId: account,
      region: str(record.location),
      eventTime,
      action,
      service,
      category: isPlatform ? "service" : "api",
      outcome: failed ? "failure" : "success",
      errorCode: failed ? (subStatus ?? status) : null,
      readOnly: readOnlyOf(action, method, category),
      principalKey: principal.key,
      principalType: principal.type,
      principalName: principal.name,
      sessionName: null,
      invokedBy: isPlatform ? category : null,
      sourceIp: sourceIpOf(record, http, claims),
      userAgent,
      userAgentFamily: userAgentFamily(userAgent),
      resources: resourceId ? [resourceType ? { type: resourceType, arn: resourceId } : { arn: resourceId }] : [],
      raw: record,
    },
  };
}
