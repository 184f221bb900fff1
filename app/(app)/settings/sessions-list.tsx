"use client";
// The signed-in user's live sessions (issue 16): where and when each browser signed in and was
// last seen, with a button to end any of them. Ending the current one signs this browser out.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { formatTime } from "@/components/common/format";

interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const sessionKeys = { mine: ["me", "sessions"] as const };

export function SessionsList() {
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: sessionKeys.mine, queryFn: () => apiFetch<{ sessions: SessionView[] }>("/api/me/sessions") });
  const end = useMutation({
    mutationFn: (s: SessionView) => apiFetch(`/api/me/sessions/${s.id}`, { method: "DELETE" }).then(() => s),
    onSuccess: async (s) => {
      if (s.current) window.location.assign("/login");
      else await client.invalidateQueries({ queryKey: sessionKeys.mine });
    },
  });
  return (
    <section className="panel" aria-label="Sessions">
      <h2>Sessions</h2>
      <p className="muted">Browsers signed in to your account. A password change ends all but this one.</p>
      <table>
        <thead>
          <tr>
            <th>Signed in</th>
            <th>Last seen</th>
            <th>Address</th>
            <th>Browser</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(sessions.data?.sessions ?? []).map((s) => (
            <tr key={s.id}>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td>{s.ip ?? "unknown"}</td>
              <td title={s.userAgent ?? undefined}>{(s.userAgent ?? "unknown").slice(0, 80)}</td>
              <td className="actions">
                <button type="button" className="secondary" disabled={end.isPending} onClick={() => end.mutate(s)}>
                  {s.current ? "Sign out (this browser)" : "Sign out"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.isLoading ? <p className="muted">Loading…</p> : null}
      {sessions.error ? <p className="error" role="alert">{sessions.error.message}</p> : null}
      {end.error ? <p className="error" role="alert">{end.error.message}</p> : null}
    </section>
  );
}
