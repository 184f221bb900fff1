import { z } from "zod";
import { ZAwsAccountConfig, ZAzureAccountConfig } from "@/lib/server/connectors/config";
import { ZAwsCredentials, ZAzureCredentials, type TCredentials } from "@/lib/server/connectors/credentials";

const ZDisplayName = z.string().trim().min(1).max(200);

export const ZCreateAccountBody = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("aws"),
    displayName: ZDisplayName,
    externalId: z.string().regex(/^\d{12}$/, "an AWS account id is 12 digits"),
    config: ZAwsAccountConfig,
    credentials: ZAwsCredentials,
  }),
  z.object({
    provider: z.literal("azure"),
    displayName: ZDisplayName,
    externalId: z.uuid("an Azure subscription id is a UUID"),
    config: ZAzureAccountConfig,
    credentials: ZAzureCredentials,
  }),
]);

/** Config and credentials are checked against the stored account's provider in the handler. */
export const ZUpdateAccountBody = z
  .object({ displayName: ZDisplayName.optional(), enabled: z.boolean().optional(), config: z.record(z.string(), z.unknown()).optional(), credentials: z.unknown().optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "nothing to change");

export const ZRemoveAccountQuery = z.object({ keepEvents: z.enum(["true", "false"]).transform((v) => v === "true") });

export function parseProviderConfig(provider: "aws" | "azure", config: unknown) {
  return provider === "aws" ? ZAwsAccountConfig.safeParse(config) : ZAzureAccountConfig.safeParse(config);
}

export function parseProviderCredentials(provider: "aws" | "azure", credentials: unknown) {
  return provider === "aws" ? ZAwsCredentials.safeParse(credentials) : ZAzureCredentials.safeParse(credentials);
}

/** The non-secret identifiers of a credential, kept in config so the edit form can show them. */
export function publicCredentialFields(c: TCredentials): Record<string, string> {
  if (c.kind === "role") return { credentialKind: c.kind, roleArn: c.roleArn, roleExternalId: c.externalId };
  if (c.kind === "keys") return { credentialKind: c.kind, accessKeyId: `${c.accessKeyId.slice(0, 4)}…${c.accessKeyId.slice(-4)}` };
  if (c.kind === "secret") return { credentialKind: c.kind, tenantId: c.tenantId, clientId: c.clientId };
  return { credentialKind: c.kind };
}
