"use client";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { adminKeys, useAdminMutation, useUsersQuery } from "../admin-queries";
import { formatTime, type TRole, type UserView } from "../admin-types";

const ROLES: TRole[] = ["viewer", "analyst", "admin"];

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsersQuery();
  const [shownPassword, setShownPassword] = useState<{ email: string; password: string } | null>(null);
  const create = useAdminMutation(adminKeys.users, (body: { email: string; role: TRole; name?: string }) =>
    apiFetch<{ user: UserView; generatedPassword: string | null }>("/api/admin/users", { method: "POST", json: body }),
  );
  const update = useAdminMutation(adminKeys.users, ({ id, ...patch }: { id: string; role?: TRole; disabled?: boolean }) =>
    apiFetch(`/api/admin/users/${id}`, { method: "PATCH", json: patch }),
  );
  const reset = useAdminMutation(adminKeys.users, (u: UserView) =>
    apiFetch<{ generatedPassword: string }>(`/api/admin/users/${u.id}/password`, { method: "POST", json: {} }).then((r) => ({ ...r, email: u.email })),
  );

  const endSessions = useAdminMutation(adminKeys.users, (u: UserView) => apiFetch<{ ended: number }>(`/api/admin/users/${u.id}/sessions`, { method: "DELETE" }));

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    create.mutate(
      { email: String(form.get("email")), role: form.get("role") as TRole, name: String(form.get("name") || "") || undefined },
      {
        onSuccess: (r) => {
          if (r.generatedPassword) setShownPassword({ email: r.user.email, password: r.generatedPassword });
          target.reset();
        },
      },
    );
  }
  const error = create.error ?? update.error ?? reset.error;

  return (
    <>
      <h1>Users</h1>
      <form className="panel row-form" onSubmit={onCreate} aria-label="Add user">
        <label>
          Email
          <input name="email" type="email" required maxLength={320} />
        </label>
        <label>
          Name
          <input name="name" maxLength={200} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="analyst">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </form>
      {shownPassword ? (
        <p className="panel" role="status" data-testid="generated-password">
          Password for {shownPassword.email} (shown once): <code>{shownPassword.password}</code>
        </p>
      ) : null}
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      <table>
        <thead>
          <tr><th>Email</th><th>Role</th><th>Status</th><th>Last sign-in</th><th /></tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr key={u.id} data-testid={`user-${u.email}`}>
              <td>{u.email}{u.name ? <span className="muted"> · {u.name}</span> : null}</td>
              <td>
                <select aria-label={`Role of ${u.email}`} value={u.role} disabled={u.id === currentUserId} onChange={(e) => update.mutate({ id: u.id, role: e.target.value as TRole })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? "disabled" : "active"}</td>
              <td>{formatTime(u.lastLoginAt)}</td>
              <td className="actions">
                {u.id !== currentUserId ? (
                  <button type="button" className="secondary" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                ) : null}
                <button type="button" className="secondary" onClick={() => reset.mutate(u, { onSuccess: (r) => setShownPassword({ email: r.email, password: r.generatedPassword }) })}>
                  Reset password
                </button>
                {u.id !== currentUserId ? (
                  <button type="button" className="secondary" onClick={() => endSessions.mutate(u)}>
                    Sign out everywhere
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.isLoading ? <p className="muted">Loading…</p> : null}
    </>
  );
}
