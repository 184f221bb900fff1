// Azure Activity Log records in the diagnostic-setting export shape (DOMAIN.md §3): a write /
// delete / action operation logs a Start record and a final record sharing operationId and
// correlationId. operationId is kept top level so the pair can be collapsed.
import type { Rng } from "./rng";
import type { AzureRecord, DemoAccount, DemoPrincipal } from "./types";

export interface AzureScope {
  subscription: DemoAccount;
  tenantId: string;
}

export interface AzureOperation {
  t: number;
  principal: DemoPrincipal;
  /** e.g. "Microsoft.Compute/virtualMachines/start/action". */
  operation: string;
  /** Path under the subscription: "resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-1". */
  resourcePath: string;
  ip: string;
  durationMs: number;
  isFailed?: boolean;
  /** Azure portal or CLI app id for people; ignored for apps. */
  clientAppId?: string;
}

export const AZURE_PORTAL_APP = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
export const AZURE_CLI_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

function claimsFor(op: AzureOperation, scope: AzureScope): Record<string, string> {
  const p = op.principal;
  const iat = Math.floor(op.t / 1000) - 600;
  const claims: Record<string, string> = {
    aud: "https://management.core.windows.net/", iss: `https://sts.windows.net/${scope.tenantId}/`,
    iat: String(iat), nbf: String(iat), exp: String(iat + 4200),
    appid: p.identityType === "AzureApp" ? p.principalId : (op.clientAppId ?? AZURE_PORTAL_APP), appidacr: p.identityType === "AzureApp" ? "1" : "0",
    "http://schemas.microsoft.com/identity/claims/identityprovider": `https://sts.windows.net/${scope.tenantId}/`,
    ipaddr: op.ip, "http://schemas.microsoft.com/identity/claims/objectidentifier": p.arn,
    "http://schemas.microsoft.com/identity/claims/tenantid": scope.tenantId, ver: "1.0",
  };
  if (p.identityType === "AzureUser") {
    claims["http://schemas.microsoft.com/claims/authnmethodsreferences"] = "pwd,mfa";
    claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] = p.key;
    claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"] = p.key;
    claims.name = p.name.charAt(0).toUpperCase() + p.name.slice(1);
    claims["http://schemas.microsoft.com/identity/claims/scope"] = "user_impersonation";
  } else {
    claims.idtyp = "app";
  }
  return claims;
}

/** The Start and final records of one operation. */
export function buildAzureOperation(rng: Rng, scope: AzureScope, op: AzureOperation): [AzureRecord, AzureRecord] {
  const resourceId = `/subscriptions/${scope.subscription.id}/${op.resourcePath}`.toUpperCase();
  const operationName = op.operation.toUpperCase();
  const operationId = rng.uuid();
  const correlationId = rng.uuid();
  const identity = {
    authorization: {
      scope: `/subscriptions/${scope.subscription.id}/${op.resourcePath}`, action: op.operation,
      evidence: { role: op.principal.identityType === "AzureApp" ? "Contributor" : "Owner", roleAssignmentScope: `/subscriptions/${scope.subscription.id}`, roleAssignmentId: rng.hex(32), roleDefinitionId: rng.hex(32), principalId: op.principal.arn.replace(/-/g, ""), principalType: op.principal.identityType === "AzureApp" ? "ServicePrincipal" : "User" },
    },
    claims: claimsFor(op, scope),
  };
  const base = {
    resourceId, operationName, category: "Administrative", callerIpAddress: op.ip, correlationId, identity, level: "Information", location: "global",
  };
  const hierarchy = `${scope.tenantId}/${scope.subscription.id}`;
  const time = (ms: number) => new Date(ms).toISOString().replace("Z", "0000Z");
  const begin = {
    time: time(op.t), ...base, resultType: "Start", resultSignature: "Started.", durationMs: 0, operationId, tenantId: scope.tenantId,
    properties: { eventCategory: "Administrative", entity: resourceId, message: op.operation, hierarchy, serviceRequestId: null },
  };
  const endMs = op.t + op.durationMs;
  const end = {
    time: time(endMs), ...base, resultType: op.isFailed ? "Failure" : "Success",
    resultSignature: op.isFailed ? "Failed.Forbidden" : op.operation.endsWith("/delete") ? "Succeeded.OK" : op.operation.endsWith("/action") ? "Succeeded.OK" : "Succeeded.Created",
    durationMs: op.durationMs, operationId, tenantId: scope.tenantId, level: op.isFailed ? "Error" : "Information",
    properties: { statusCode: op.isFailed ? "Forbidden" : op.operation.endsWith("/write") ? "Created" : "OK", serviceRequestId: rng.uuid(), eventCategory: "Administrative", entity: resourceId, message: op.operation, hierarchy },
  };
  return [begin as AzureRecord, end as AzureRecord];
}
