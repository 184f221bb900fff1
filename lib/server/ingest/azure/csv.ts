import type { TJsonObject } from "../values";

// Log Analytics `AzureActivity` exported as CSV, in either column set:
// older  OperationName (localized: "Update Incidents"), ActivityStatus, ActivitySubstatus, Caller, Category, HTTPRequest, Properties, Authorization, …
// newer  OperationNameValue ("MICROSOFT.…/WRITE"), ActivityStatusValue, CategoryValue, Claims, Properties_d, Authorization_d, _ResourceId, …
// A row becomes a record in the REST spelling so azure/normalize.ts reads it. The older set has only
// the localized operation name, so the operation value comes from Properties.message (which Azure
// fills with it) or Authorization.action. JSON cells are parsed; the raw event is the row itself.

export interface TAzureCsvHeader {
  names: string[];
  index: Map<string, number>;
}

/** Column names without the " [UTC]" suffix, case-insensitive. */
export function readHeader(fields: string[]): TAzureCsvHeader | null {
  const names = fields.map((f) => f.trim());
  const index = new Map<string, number>();
  names.forEach((name, i) => index.set(name.replace(/\s*\[UTC\]$/i, "").toLowerCase(), i));
  const hasOperation = index.has("operationname") || index.has("operationnamevalue");
  const hasTime = index.has("timegenerated") || index.has("eventsubmissiontimestamp");
  return hasOperation && hasTime ? { names, index } : null;
}

function parseCell(text: string | null): unknown {
  if (text === null || text === "") return null;
  const first = text.charCodeAt(0);
  if (first !== 123 && first !== 91) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function operationValue(get: (name: string) => string | null, properties: unknown, authorization: unknown): string | null {
  const direct = get("operationnamevalue");
  if (direct) return direct;
  const message = (properties as TJsonObject | null)?.message;
  if (typeof message === "string" && message.includes("/")) return message;
  const action = (authorization as TJsonObject | null)?.action;
  if (typeof action === "string" && action.includes("/")) return action;
  return get("operationname");
}

/** Maps a data row to { record in REST spelling, raw row as header → cell }. */
export function rowToRecord(header: TAzureCsvHeader, fields: string[]): { record: TJsonObject; raw: TJsonObject } {
  const get = (name: string): string | null => {
    const i = header.index.get(name);
    const v = i === undefined ? undefined : fields[i];
    return v === undefined || v === "" ? null : v;
  };
  const raw: TJsonObject = {};
  header.names.forEach((name, i) => (raw[name] = fields[i] ?? ""));
  const properties = parseCell(get("properties_d") ?? get("properties"));
  const authorization = parseCell(get("authorization_d") ?? get("authorization"));
  const record: TJsonObject = {
    eventTimestamp: get("timegenerated") ?? get("eventsubmissiontimestamp"),
    operationName: operationValue(get, properties, authorization),
    status: get("activitystatusvalue") ?? get("activitystatus"),
    subStatus: get("activitysubstatusvalue") ?? get("activitysubstatus"),
    category: get("categoryvalue") ?? get("category"),
    caller: get("caller"),
    callerIpAddress: get("calleripaddress"),
    claims: parseCell(get("claims_d") ?? get("claims")),
    httpRequest: parseCell(get("httprequest")),
    properties,
    authorization,
    subscriptionId: get("subscriptionid"),
    resourceId: get("_resourceid") ?? get("resourceid"),
    resourceProviderName: get("resourceprovidervalue") ?? get("resourceprovider"),
    resourceGroupName: get("resourcegroup"),
    operationId: get("operationid"),
    eventDataId: get("eventdataid"),
    correlationId: get("correlationid"),
    level: get("level"),
    tenantId: get("tenantid"),
  };
  return { record, raw };
}
