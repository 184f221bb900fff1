"use client";
import { useState } from "react";
import { useAuditQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

/** Every admin and triage action: who, what, when, from where. Details render as JSON text. */
export function AuditLog() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const audit = useAuditQuery(cursors[cursors.length - 1] ?? null);
  return (
    <>
      <h1>Audit log</h1>
      <table>
        <thead>
          <tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>From</th><th>Details</th></tr>
        </thead>
        <tbody>
          {audit.data?.items.map((a) => (
            <tr key={a.id} data-testid="audit-row">
              <td>{formatTime(a.createdAt)}</td>
              <td>{a.actorEmail ?? "system"}</td>
              <td className="mono">{a.action}</td>
              <td className="mono">{a.targetType ? `${a.targetType} ${a.targetId ?? ""}` : ""}</td>
              <td className="mono" title={a.userAgent ?? undefined}>{a.ip ?? "—"}</td>
              <td><pre className="raw">{JSON.stringify(a.details)}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="secondary" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>Newer</button>
        <button type="button" className="secondary" disabled={!audit.data?.nextCursor} onClick={() => setCursors((c) => [...c, audit.data?.nextCursor ?? null])}>Older</button>
      </div>
    </>
  );
}
