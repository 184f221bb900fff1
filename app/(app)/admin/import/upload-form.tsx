"use client";
import { useState, type FormEvent } from "react";
import type { ImportSummary } from "@/lib/server/ingest/import-files";
import { useAccountsQuery } from "../admin-queries";

type Summary = ImportSummary;

type TState = { phase: "idle" } | { phase: "uploading"; percent: number } | { phase: "importing" } | { phase: "done"; summary: Summary } | { phase: "error"; message: string };

/** XMLHttpRequest rather than fetch: it reports upload progress. */
function send(form: FormData, onProgress: (percent: number) => void): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/admin/imports");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}") as Summary & { error?: { message: string } };
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(body.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("Network error during upload"));
    xhr.send(form);
  });
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function UploadForm() {
  const [state, setState] = useState<TState>({ phase: "idle" });
  const accounts = useAccountsQuery();
  const busy = state.phase === "uploading" || state.phase === "importing";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setState({ phase: "uploading", percent: 0 });
    try {
      const summary = await send(form, (percent) => setState(percent < 100 ? { phase: "uploading", percent } : { phase: "importing" }));
      setState({ phase: "done", summary });
    } catch (err) {
      setState({ phase: "error", message: (err as Error).message });
    }
  }

  return (
    <>
      <h1>Import files</h1>
      <p className="muted">CloudTrail (S3 objects, .json.gz, JSON Lines, LookupEvents output) and Azure Activity Log (JSON, JSON Lines, Log Analytics CSV). Re-importing a file adds nothing.</p>
      <form className="panel" onSubmit={onSubmit} style={{ display: "flex", flexDirection: "column", gap: "0.8rem", maxWidth: 560 }}>
        <label>
          Files
          <input name="files" type="file" multiple required disabled={busy} data-testid="upload-files" />
        </label>
        <label>
          Cloud account
          <select name="accountId" defaultValue="" disabled={busy} data-testid="upload-account">
            <option value="">New account from the file (the account id in each event)</option>
            {accounts.data?.items.map((a) => (
              <option key={a.id} value={a.id} title={a.externalId}>{a.displayName} ({a.provider === "aws" ? `AWS ${a.externalId}` : `Azure ${a.externalId.slice(0, 8)}…`})</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {state.phase === "uploading" ? `Uploading… ${state.percent}%` : state.phase === "importing" ? "Importing…" : "Upload and import"}
        </button>
        {state.phase === "uploading" ? <progress max={100} value={state.percent} /> : null}
      </form>
      {state.phase === "error" ? <p className="error" role="alert">{state.message}</p> : null}
      {state.phase === "done" ? (
        <section className="panel" style={{ marginTop: "1rem" }} data-testid="upload-summary">
          <h2>Imported</h2>
          <p>
            {plural(state.summary.files, "file")} · {plural(state.summary.parsed, "record")} · {state.summary.stored.toLocaleString("en-US")} stored ·{" "}
            {state.summary.duplicates.toLocaleString("en-US")} duplicates · {state.summary.rejected.toLocaleString("en-US")} rejected
          </p>
          {state.summary.rejects.length ? (
            <table>
              <thead>
                <tr><th>File</th><th>Position</th><th>Reason</th></tr>
              </thead>
              <tbody>
                {state.summary.rejects.map((r, i) => (
                  <tr key={i}>
                    <td className="mono">{r.file}</td>
                    <td className="mono">{r.position}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
