import { asObject, str } from "../values";
import type { TJsonObject } from "../values";

// The behaviour key of a CloudTrail record (DOMAIN.md §1). Assumed roles key on the role, not the
// session (session names are instance ids and botocore timestamps). A call AWS made on a
// principal's behalf (userIdentity.invokedBy beside the user's or role's identity: CloudFormation
// for a pipeline role, "AWS Internal" for a console user) belongs to that principal; the event keeps
// the marker (normalize.ts invokedBy). Only AWS services acting with no principal behind them
// (type AWSService, service events) get an "aws-service:" stream, named after the service.

export interface TAwsPrincipal {
  key: string;
  type: string;
  name: string;
  sessionName: string | null;
}

const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** arn:aws:sts::123:assumed-role/Role/Session → { role: arn:aws:iam::123:role/Role, session }. */
export function roleFromAssumedRoleArn(arn: string): { roleArn: string; roleName: string; session: string | null } | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[2] !== "sts") return null;
  const resource = parts.slice(5).join(":").split("/");
  if (resource[0] !== "assumed-role" || !resource[1]) return null;
  return {
    roleArn: `${parts[0]}:${parts[1]}:iam::${parts[4]}:role/${resource[1]}`,
    roleName: resource[1],
    session: resource.length > 2 ? resource.slice(2).join("/") : null,
  };
}

function afterColon(principalId: string | null): string | null {
  if (!principalId) return null;
  const i = principalId.indexOf(":");
  return i >= 0 && i < principalId.length - 1 ? principalId.slice(i + 1) : null;
}

function lastSegment(arn: string | null): string | null {
  if (!arn) return null;
  const i = arn.lastIndexOf("/");
  return i >= 0 ? arn.slice(i + 1) : null;
}

function serviceOrUnknown(record: TJsonObject, account: string, fileKey: string, defaultPrincipal?: string): TAwsPrincipal {
  // Records without an identity: AWS service events belong to the service; exports whose identity
  // was stripped (console sessions) belong to the caller-supplied principal or the file.
  if (record.eventType === "AwsServiceEvent") {
    const svc = str(record.eventSource) ?? "unknown";
    return { key: `aws-service:${svc}`, type: "AWSService", name: svc, sessionName: null };
  }
  if (defaultPrincipal) return { key: defaultPrincipal, type: "Unknown", name: defaultPrincipal, sessionName: null };
  const key = `unknown:${account !== "unknown" ? account : fileKey}`;
  return { key, type: "Unknown", name: key, sessionName: null };
}

/** Principal of a CloudTrail record; `account` is the already-resolved account id or "unknown". */
export function awsPrincipal(record: TJsonObject, account: string, fileKey: string, defaultPrincipal?: string): TAwsPrincipal {
  const ui = asObject(record.userIdentity);
  if (!ui || Object.keys(ui).length === 0) return serviceOrUnknown(record, account, fileKey, defaultPrincipal);
  const type = str(ui.type) ?? "Unknown";
  const arn = str(ui.arn);
  const principalId = str(ui.principalId);
  const userName = str(ui.userName);
  const acct = str(ui.accountId) ?? account;
  const invokedBy = str(ui.invokedBy);
  const issuer = asObject(asObject(ui.sessionContext)?.sessionIssuer);
  const issuerArn = issuer ? str(issuer.arn) : null;

  if (userName === HIDDEN || principalId === HIDDEN || arn?.includes(HIDDEN)) {
    return { key: `${HIDDEN}:${acct}`, type, name: HIDDEN, sessionName: null };
  }
  if (type === "AWSService" || (invokedBy && !arn && !principalId && !userName)) {
    const svc = invokedBy ?? str(record.eventSource) ?? "unknown";
    return { key: `aws-service:${svc}`, type: "AWSService", name: svc, sessionName: null };
  }
  switch (type) {
    case "Root":
      return { key: `root:${acct}`, type, name: userName ?? "root", sessionName: null };
    case "IAMUser": {
      const key = arn ?? (userName ? `arn:aws:iam::${acct}:user/${userName}` : `iam-user:${acct}:${principalId ?? "unknown"}`);
      return { key, type, name: userName ?? lastSegment(arn) ?? key, sessionName: null };
    }
    case "AssumedRole": {
      // The session ARN is only taken apart when the record lacks sessionIssuer (hot path otherwise).
      const derived = arn && !issuerArn ? roleFromAssumedRoleArn(arn) : null;
      const key = issuerArn ?? derived?.roleArn ?? arn ?? `assumed-role:${acct}:${principalId ?? "unknown"}`;
      const name = (issuer ? str(issuer.userName) : null) ?? derived?.roleName ?? lastSegment(key) ?? key;
      const session = derived ? derived.session : arn?.includes(":assumed-role/") ? lastSegment(arn) : null;
      return { key, type, name, sessionName: session ?? afterColon(principalId) };
    }
    case "FederatedUser": {
      const key = arn ?? `federated-user:${acct}:${principalId ?? "unknown"}`;
      return { key, type, name: lastSegment(arn) ?? afterColon(principalId) ?? key, sessionName: afterColon(principalId) };
    }
    case "SAMLUser":
    case "WebIdentityUser": {
      const provider = str(ui.identityProvider) ?? "unknown-idp";
      const user = userName ?? principalId ?? "unknown";
      const prefix = type === "SAMLUser" ? "saml" : "web-identity";
      return { key: `${prefix}:${provider}:${user}`, type, name: user, sessionName: null };
    }
    case "IdentityCenterUser": {
      const onBehalfOf = asObject(ui.onBehalfOf);
      const userId = (onBehalfOf ? str(onBehalfOf.userId) : null) ?? principalId ?? userName ?? "unknown";
      const store = (onBehalfOf ? str(onBehalfOf.identityStoreArn) : null) ?? acct;
      return { key: `identity-center:${store}:${userId}`, type, name: userName ?? userId, sessionName: null };
    }
    case "AWSAccount": {
      // Another account's principal; the part of principalId before ":" is its stable unique id.
      const stableId = principalId?.split(":")[0];
      return { key: `aws-account:${acct}${stableId ? `:${stableId}` : ""}`, type, name: principalId ?? acct, sessionName: afterColon(principalId) };
    }
    default: {
      const key = issuerArn ?? arn ?? (principalId ? `${type}:${principalId}` : null);
      if (!key) return serviceOrUnknown(record, account, fileKey, defaultPrincipal);
      return { key, type, name: userName ?? lastSegment(arn) ?? key, sessionName: afterColon(principalId) };
    }
  }
}
