"use client";
import { useJobsQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

const seconds = (s: number | null) => (s === null ? "—" : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

export function JobsAdmin() {
  const jobs = useJobsQuery();
  const data = jobs.data;
  return (
    <>
      <h1>Jobs</h1>
      <h2>Workers</h2>
      {data?.workers.length === 0 ? <p className="error">No worker is running: nothing is polled, scored or trained.</p> : null}
      <ul>
        {data?.workers.map((w) => (
          <li key={w.id} className="mono">
            {w.id} — last heartbeat {formatTime(w.lastBeatAt)}
          </li>
        ))}
      </ul>
      <h2>Queues</h2>
      {data && !data.initialised ? <p className="muted">The job queue has not been initialised yet (the worker creates it on start).</p> : null}
      <table>
        <thead>
          <tr><th>Queue</th><th>Waiting</th><th>Running</th><th>Lag</th><th>Done (24 h)</th><th>Failed (24 h)</th><th>Last failure</th></tr>
        </thead>
        <tbody>
          {data?.queues.map((q) => (
            <tr key={q.name}>
              <td className="mono">{q.name}</td>
              <td>{q.queued}</td>
              <td>{q.active}</td>
              <td>{seconds(q.lagSeconds)}</td>
              <td>{q.completed24h}</td>
              <td className={q.failed24h ? "error" : undefined}>{q.failed24h}</td>
              <td><pre className="raw">{q.lastError ?? ""}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.error ? <p className="error" role="alert">{jobs.error.message}</p> : null}
    </>
  );
}
