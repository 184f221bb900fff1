"use client";
import { useJobsQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

const duration = (s: number) => (s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

/** Worker heartbeats, scoring backlog and lag, queue depth per job, and recent failures (errors as text). */
export function JobsAdmin() {
  const jobs = useJobsQuery();
  const d = jobs.data;
  return (
    <>
      <h1>Jobs</h1>
      {jobs.error ? <p className="error" role="alert">{jobs.error.message}</p> : null}
      {d ? (
        <div className="grid" style={{ marginBottom: "1rem" }}>
          <div className="panel stat"><div className="value">{d.workersAlive}</div><div className="label">Workers alive</div></div>
          <div className="panel stat"><div className="value">{d.backlog.toLocaleString("en-US")}</div><div className="label">Events waiting to be scored</div></div>
          <div className="panel stat"><div className="value">{duration(d.lagSeconds)}</div><div className="label" title="How long the oldest waiting event has been waiting since it was received">Scoring lag</div></div>
          <div className="panel stat"><div className="value">{d.training.length ? `v${d.training[0]?.version}` : "—"}</div><div className="label">Training now</div></div>
        </div>
      ) : null}
      {d && d.workersAlive === 0 ? <p className="error">No worker is running: nothing is polled, scored or trained.</p> : null}
      <ul>
        {d?.workers.map((w) => (
          <li key={w.id} className="mono">{w.id} — last heartbeat {formatTime(w.at)}{w.isAlive ? "" : " (stale)"}</li>
        ))}
      </ul>
      <h2>Queues</h2>
      <table>
        <thead><tr><th>Job</th><th>Waiting</th><th>Running</th><th>Retrying</th><th>Failed</th><th>Done (24 h)</th><th>Last finished</th></tr></thead>
        <tbody>
          {d?.queues.map((q) => (
            <tr key={q.name}>
              <td className="mono">{q.name}</td><td>{q.queued}</td><td>{q.active}</td><td>{q.retrying}</td>
              <td className={q.failed ? "error" : undefined}>{q.failed}</td>
              <td>{q.completedDay}</td><td>{formatTime(q.lastCompletedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d && d.queues.length === 0 ? <p className="muted">No job queues yet (the worker creates them when it starts).</p> : null}
      <h2>Recent jobs</h2>
      <table data-testid="recent-jobs">
        <thead><tr><th>Job</th><th>State</th><th>Started</th><th>Finished</th></tr></thead>
        <tbody>
          {d?.recentJobs.map((j) => (
            <tr key={j.id}><td className="mono">{j.name}</td><td className={j.state === "failed" ? "error" : undefined}>{j.state}</td><td>{formatTime(j.startedAt)}</td><td>{formatTime(j.finishedAt)}</td></tr>
          ))}
        </tbody>
      </table>
      {d && d.queues.length > 0 && d.recentJobs.length === 0 ? <p className="muted">No job has run yet.</p> : null}
      <h2>Recent failures</h2>
      <table>
        <thead><tr><th>When</th><th>Job</th><th>Error</th></tr></thead>
        <tbody>
          {d?.failedJobs.map((f) => (
            <tr key={f.id}><td>{formatTime(f.failedAt)}</td><td className="mono">{f.name}</td><td><pre className="raw">{f.error}</pre></td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
