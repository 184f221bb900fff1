import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";
import type { TokenCredential } from "@azure/identity";
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { TSleep } from "./retry";

// What the worker hands a connector and what it gets back (issue 3).

/** The cloud_accounts row as a connector needs it. */
export interface TConnectorAccount {
  id: string;
  provider: "aws" | "azure";
  /** AWS account id or Azure subscription id. */
  externalId: string;
  config: unknown;
}

/**
 * Replaces the SDK clients (tests, or a proxy setup). AWS: `base` is the client that assumes the
 * role (the host's identity); the others act as the customer's identity. Azure: a credential and
 * the HTTP client the Monitor pipeline sends through.
 */
export interface TClientFactory {
  stsBase?(region: string): STSClient;
  sts?(region: string): STSClient;
  cloudTrail?(region: string): CloudTrailClient;
  s3?(region: string): S3Client;
  azureCredential?(): TokenCredential;
  azureHttpClient?(): HttpClient;
}

export interface TPollProgress {
  stream: string;
  key: string;
  pages: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

export interface TPollOptions<C> {
  /** Already decrypted; never logged. */
  credentials: C;
  now?: Date;
  signal?: AbortSignal;
  /** Stop after this many pages (LookupEvents pages, S3 objects, Activity Log pages) across streams. */
  maxPages?: number;
  clientFactory?: TClientFactory;
  onProgress?: (progress: TPollProgress) => void;
  /** Injected by tests so backoff and pacing cost no wall-clock time. */
  sleep?: TSleep;
}

export interface TPollResult {
  stored: number;
  duplicates: number;
  rejected: number;
  pages: number;
  /** Backfill complete: every stream has caught up with `now` (steady state from here on). */
  done: boolean;
}

export type TConnectionCause = "network" | "credentials" | "no-credentials" | "permission" | "other";

export interface TConnectionCheck {
  check: string;
  ok: boolean;
  error?: string;
  /** Why it failed (connection-result.ts causeOf); absent when it passed. */
  cause?: TConnectionCause;
  missingPermission?: string;
}

/** Shared page budget: every stream of one poll draws from it. */
export class PageBudget {
  used = 0;
  constructor(private readonly max: number = Number.POSITIVE_INFINITY) {}
  get exhausted(): boolean {
    return this.used >= this.max;
  }
  take(): void {
    this.used++;
  }
}
