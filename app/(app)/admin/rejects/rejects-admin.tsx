"use client";
import { useState } from "react";
import { useRejectsQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

/** Records ingestion refused. The raw record is attacker-controlled: shown only as text in a <pre>. */
export function RejectsAdmin() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const rejects = useRejectsQuery(cursor);
  return (
    <>
      <h1>Ingestion rejects</h1>
      <p className="muted">{rejects.data ? `${rejects.data.total.toLocaleString("en-US")} records refused in total.` : "Loading…"}</p>
      <table>
        <thead>
          <tr><th>When</th><th>File</th><th>Position</th><th>Reason</th><th>Raw</th></tr>
        </thead>
        <tbody>
          {rejects.data?.items.map((r) => (
            <tr key={r.id}>
              <td>{formatTime(r.createdAt)}</td>
              <td className="mono">{r.file}</td>
              <td className="mono">{r.position}</td>
              <td>{r.reason}</td>
              <td><pre className="raw" data-raw-id>{r.raw ?? ""}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="secondary" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>Newer</button>
        <button type="button" className="secondary" disabled={!rejects.data?.nextCursor} onClick={() => setCursors((c) => [...c, rejects.data?.nextCursor ?? null])}>Older</button>
      </div>
    </>
  );
}
