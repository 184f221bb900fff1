import { z } from "zod";

// Decrypted connector credentials (issue 8 encrypts them at rest in cloud_accounts.encrypted_credentials).
// The connectors receive them already decrypted, as a parameter, and never log or persist them:
// errors and import runs name the check that failed, never a key.

export const ZAwsCredentials = z.discriminatedUnion("kind", [
  /** What SaaS tools ask for: a role in the customer's account, trusted with an external id. */
  z.object({ kind: z.literal("role"), roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/), externalId: z.string().min(2).max(1224) }),
  z.object({ kind: z.literal("keys"), accessKeyId: z.string().min(16).max(128), secretAccessKey: z.string().min(1) }),
  /** The SDK's default chain: environment, shared config, instance or task role. */
  z.object({ kind: z.literal("default") }),
]);
export type TAwsCredentials = z.infer<typeof ZAwsCredentials>;

export const ZAzureCredentials = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("secret"), tenantId: z.string().min(1), clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  /** DefaultAzureCredential: environment, workload or managed identity, Azure CLI login. */
  z.object({ kind: z.literal("default") }),
]);
export type TAzureCredentials = z.infer<typeof ZAzureCredentials>;

export type TCredentials = TAwsCredentials | TAzureCredentials;
