import { asObject, str } from "../values";
import type { TJsonObject } from "../values";

// Azure behaviour key: the Entra object id when the token claims carry it (stable across renames),
// else the app id, else the caller (UPN, or an object id in Log Analytics exports without claims).
// Ids are lower-cased so a caller GUID and the same objectidentifier claim meet on one key.
// Categories written by the platform (Azure Policy, Advisor, health) act on the behalf of the user
// or app the record names (the one whose write triggered a policy evaluation), like AWS's invokedBy:
// they belong to that principal and the event keeps the category as its on-behalf marker
// (normalize.ts). Only records naming nobody get the category's own service stream.

export interface TAzurePrincipal {
  key: string;
  type: "user" | "app" | "service" | "unknown";
  name: string;
}

const OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
const EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
const GUID_LIKE = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;

const SERVICE_CATEGORIES = new Set(["policy", "recommendation", "resourcehealth", "servicehealth", "autoscale", "alert"]);

/** Activity Log categories the platform writes (not a principal's own call). */
export function isPlatformCategory(category: string | null): category is string {
  return category !== null && SERVICE_CATEGORIES.has(category.toLowerCase());
}

/** Token claims of a record: REST `claims`, diagnostic `identity.claims`, or a JSON string of either. */
export function claimsOf(record: TJsonObject): TJsonObject | null {
  const raw = record.claims ?? asObject(record.identity)?.claims;
  if (typeof raw === "string" && raw.startsWith("{")) {
    try {
      return asObject(JSON.parse(raw));
    } catch {
      return null;
    }
  }
  return asObject(raw);
}

export function azurePrincipal(record: TJsonObject, category: string | null, account: string, fileKey: string): TAzurePrincipal {
  const claims = claimsOf(record);
  const caller = str(record.caller);
  const upn = claims ? (str(claims[UPN]) ?? str(claims.upn) ?? str(claims.unique_name) ?? str(claims.name) ?? str(claims[EMAIL])) : null;
  const oid = claims ? (str(claims[OID]) ?? str(claims.oid)) : null;
  const appId = claims ? (str(claims.appid) ?? str(claims.azp)) : null;
  if (isPlatformCategory(category) && !oid && !appId && !upn && !(caller && (caller.includes("@") || GUID_LIKE.test(caller)))) {
    // Platform callers such as "Microsoft.Insights/autoscaleSettings" name a feature, not a principal.
    return { key: `azure-service:${category.toLowerCase()}`, type: "service", name: category };
  }
  const idType = claims ? str(claims.idtyp) : null;
  const name = upn ?? caller ?? appId ?? oid ?? "unknown";

  let type: TAzurePrincipal["type"] = "unknown";
  if (idType === "app" || (appId && !upn && !caller?.includes("@"))) type = "app";
  else if (idType === "user" || upn || caller?.includes("@")) type = "user";
  else if (caller && GUID_LIKE.test(caller)) type = "app";

  if (oid) return { key: `azure:${oid.toLowerCase()}`, type, name };
  if (appId && type === "app") return { key: `azure:${appId.toLowerCase()}`, type, name };
  if (caller) return { key: `azure:${caller.toLowerCase()}`, type, name };
  if (upn) return { key: `azure:${upn.toLowerCase()}`, type, name };
  const key = `unknown:${account !== "unknown" ? account : fileKey}`;
  return { key, type: "unknown", name: key };
}
