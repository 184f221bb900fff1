"use client";
import Link from "next/link";
import { useState } from "react";
import { useAuditQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

/** Every admin and triage action: who, what, when, from where; targets and details by name, as text. */
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
              <td>{a.target ? (a.target.href ? <Link href={a.target.href}>{a.target.label}</Link> : a.target.label) : ""}</td>
              <td className="mono" title={a.userAgent ?? undefined}>{a.ip ?? "—"}</td>
              <td>
                {a.lines.length ? (
                  <ul className="audit-details">
                    {a.lines.map((l, i) => <li key={`${l.label}-${i}`} data-raw-id={l.isRawId || undefined}><span className="muted">{l.label}:</span> {l.value}</li>)}
                  </ul>
                ) : null}
              </td>
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
