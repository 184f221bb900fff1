/**
 * Log files → ml events without a database (the `trailwatch eval` / `train` commands): every file
 * under the given paths goes through the real ingest parser, each NormalizedEvent is reduced to the
 * MlEvent subset the model reads. Rejected records are counted, never fatal (one bad file must not
 * lose the rest); sidecar files (labels.jsonl, manifest.json, ExpectedSignals.json) land there too.
 */
import fs from "node:fs";
import path from "node:path";
import { parseFileBatches } from "@/lib/server/ingest/parse-file";
import type { NormalizedEvent } from "@/lib/server/ingest/types";
import { sequenceKey } from "@/lib/server/scoring/rows";
import type { MlEvent } from "@/ml/types";

export interface FileEventsResult {
  events: MlEvent[];
  files: number;
  rejects: number;
  /** Reject counts by reason class (the reason up to its first ':'). */
  rejectReasons: Record<string, number>;
}

export interface FileEventsOptions {
  /** Called after each file with the running totals (progress on stderr). */
  onFile?: (file: string, totals: { files: number; events: number }) => void;
}

export function toMlEvent(e: NormalizedEvent): MlEvent {
  return {
    eventId: e.providerEventId,
    principalKey: sequenceKey(e.principalKey, e.invokedBy),
    accountId: e.accountExternalId,
    eventTime: e.eventTime.getTime(),
    action: e.action,
    service: e.service,
    outcome: e.outcome,
    errorCode: e.errorCode,
    readOnly: e.readOnly,
    mfaUsed: e.mfaUsed ?? null,
    region: e.region,
    userAgentFamily: e.userAgentFamily,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    invokedBy: e.invokedBy ?? null,
  };
}

/** Files under `inputs` (files or folders, recursively), sorted so runs are reproducible. */
export function listInputFiles(inputs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p); // a missing path throws ENOENT with the path: a clear error
    if (!stat.isDirectory()) {
      out.push(p);
      return;
    }
    for (const name of fs.readdirSync(p).sort()) if (!name.startsWith(".")) walk(path.join(p, name));
  };
  for (const input of inputs) walk(path.resolve(input));
  return [...new Set(out)];
}

/**
 * Parses every file. Records whose userIdentity was stripped (console-session exports) get the
 * principal `session:<parent dir name>`, so each such file is one principal.
 */
export async function eventsFromFiles(inputs: string[], o: FileEventsOptions = {}): Promise<FileEventsResult> {
  const files = listInputFiles(inputs);
  const result: FileEventsResult = { events: [], files: files.length, rejects: 0, rejectReasons: {} };
  let done = 0;
  for (const file of files) {
    const defaultPrincipal = `session:${path.basename(path.dirname(file))}`;
    for await (const batch of parseFileBatches(file, { defaultPrincipal })) {
      for (const r of batch) {
        if (r.kind === "event") {
          result.events.push(toMlEvent(r.event));
        } else if (r.kind === "reject") {
          result.rejects++;
          const key = r.reject.reason.split(":")[0];
          result.rejectReasons[key] = (result.rejectReasons[key] ?? 0) + 1;
        }
      }
    }
    o.onFile?.(file, { files: ++done, events: result.events.length });
  }
  return result;
}
