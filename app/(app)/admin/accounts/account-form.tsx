"use client";
// Connect or edit a cloud account. Secrets are write-only: an existing account shows "•••• set"
// and a Replace button; the server never sends them back, so nothing here can echo them.
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { adminKeys, useAdminMutation } from "../admin-queries";
import type { AccountView } from "../admin-types";
import { awsPermissionPolicy, awsTrustPolicy } from "./aws-policies";

type Provider = "aws" | "azure";
const str = (f: FormData, k: string) => String(f.get(k) ?? "").trim();

function buildCredentials(provider: Provider, f: FormData, externalId: string) {
  if (provider === "azure") return { kind: "secret", tenantId: str(f, "tenantId"), clientId: str(f, "clientId"), clientSecret: str(f, "clientSecret") };
  return str(f, "awsKind") === "keys"
    ? { kind: "keys", accessKeyId: str(f, "accessKeyId"), secretAccessKey: str(f, "secretAccessKey") }
    : { kind: "role", roleArn: str(f, "roleArn"), externalId };
}

function buildConfig(provider: Provider, f: FormData) {
  if (provider === "azure") return {};
  const regions = str(f, "regions").split(/[\s,]+/).filter(Boolean);
  const bucket = str(f, "bucket");
  return { regions, ...(bucket ? { trail: { bucket, prefix: str(f, "prefix").replace(/^\/+|\/+$/g, "") } } : {}) };
}

export function AccountForm({ account, newExternalId, onDone }: { account?: AccountView; newExternalId: string; onDone: () => void }) {
  const cfg = (account?.config ?? {}) as { regions?: string[]; trail?: { bucket?: string; prefix?: string }; credentialKind?: string; roleArn?: string; roleExternalId?: string; tenantId?: string; clientId?: string };
  const [provider, setProvider] = useState<Provider>(account?.provider ?? "aws");
  const [awsKind, setAwsKind] = useState(cfg.credentialKind === "keys" ? "keys" : "role");
  const [replacing, setReplacing] = useState(!account);
  const [bucket, setBucket] = useState(cfg.trail?.bucket ?? "");
  const [prefix, setPrefix] = useState(cfg.trail?.prefix ?? "");
  const [trusted, setTrusted] = useState("");
  const externalId = cfg.roleExternalId ?? newExternalId;
  const save = useAdminMutation(adminKeys.accounts, (body: Record<string, unknown>) =>
    account ? apiFetch(`/api/admin/accounts/${account.id}`, { method: "PATCH", json: body }) : apiFetch("/api/admin/accounts", { method: "POST", json: body }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = { displayName: str(f, "displayName"), config: buildConfig(provider, f) };
    if (replacing) body.credentials = buildCredentials(provider, f, externalId);
    if (!account) Object.assign(body, { provider, externalId: str(f, "externalId") });
    save.mutate(body, { onSuccess: onDone });
  }

  return (
    <form className="panel stack-form" onSubmit={onSubmit} aria-label={account ? "Edit account" : "Connect account"}>
      <h2>{account ? `Edit ${account.displayName}` : "Connect a cloud account"}</h2>
      {!account ? (
        <label>
          Provider
          <select name="provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
            <option value="aws">AWS</option>
            <option value="azure">Azure</option>
          </select>
        </label>
      ) : null}
      <label>
        Display name
        <input name="displayName" required maxLength={200} defaultValue={account?.displayName} />
      </label>
      {!account ? (
        <label>
          {provider === "aws" ? "AWS account id (12 digits)" : "Subscription id"}
          <input name="externalId" required pattern={provider === "aws" ? "\\d{12}" : undefined} />
        </label>
      ) : null}
      {provider === "aws" ? (
        <>
          <label>
            Regions to watch
            <input name="regions" required defaultValue={(cfg.regions ?? ["us-east-1"]).join(", ")} />
          </label>
          <label>
            Trail bucket (optional, for S3 ingestion)
            <input name="bucket" value={bucket} onChange={(e) => setBucket(e.target.value)} />
          </label>
          <label>
            Trail key prefix
            <input name="prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
          </label>
        </>
      ) : null}
      <fieldset>
        <legend>Credentials</legend>
        {!replacing ? (
          <p>
            <span data-testid="credentials-set">•••• set</span> <span className="muted">({cfg.credentialKind ?? "unknown"}{cfg.roleArn ? `: ${cfg.roleArn}` : ""}{cfg.clientId ? `: client ${cfg.clientId}` : ""})</span>{" "}
            <button type="button" className="secondary" onClick={() => setReplacing(true)}>Replace</button>
          </p>
        ) : provider === "azure" ? (
          <>
            <label>Tenant id<input name="tenantId" required defaultValue={cfg.tenantId} /></label>
            <label>Client id<input name="clientId" required defaultValue={cfg.clientId} /></label>
            <label>Client secret<input name="clientSecret" type="password" required autoComplete="off" /></label>
          </>
        ) : (
          <>
            <label>
              Authentication
              <select name="awsKind" value={awsKind} onChange={(e) => setAwsKind(e.target.value)}>
                <option value="role">IAM role with external id (recommended)</option>
                <option value="keys">Access keys</option>
              </select>
            </label>
            {awsKind === "role" ? (
              <>
                <label>Role ARN<input name="roleArn" required placeholder="arn:aws:iam::123456789012:role/TrailwatchReader" defaultValue={cfg.roleArn} /></label>
                <p>External id: <code data-testid="external-id">{externalId}</code></p>
                <label>
                  Trailwatch&apos;s AWS identity (for the trust policy)
                  <input value={trusted} onChange={(e) => setTrusted(e.target.value)} placeholder="arn:aws:iam::<host account>:role/<role Trailwatch runs as>" />
                </label>
                <p className="muted">Trust policy for the role:</p>
                <pre className="policy" data-testid="trust-policy">{awsTrustPolicy(externalId, trusted)}</pre>
              </>
            ) : (
              <>
                <label>Access key id<input name="accessKeyId" required autoComplete="off" /></label>
                <label>Secret access key<input name="secretAccessKey" type="password" required autoComplete="off" /></label>
              </>
            )}
            <p className="muted">Read-only permission policy to attach:</p>
            <pre className="policy" data-testid="permission-policy">{awsPermissionPolicy(bucket, prefix)}</pre>
          </>
        )}
      </fieldset>
      {save.error ? <p className="error" role="alert">{save.error.message}</p> : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>{account ? "Save" : "Connect"}</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
