"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";

/** Changing the password ends every other session of the user (other browsers must sign in again); this one stays. */
export function PasswordForm() {
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => apiFetch("/api/me/password", { method: "POST", json: body }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = String(f.get("newPassword"));
    setMismatch(next !== String(f.get("confirm")));
    if (next !== String(f.get("confirm"))) return;
    change.mutate({ currentPassword: String(f.get("currentPassword")), newPassword: next });
  }
  return (
    <form className="panel stack-form" onSubmit={onSubmit} aria-label="Change password">
      <h2>Change password</h2>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <label>
        New password (at least 12 characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} />
      </label>
      <label>
        Repeat the new password
        <input name="confirm" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} />
      </label>
      {mismatch ? <p className="error" role="alert">The new passwords differ.</p> : null}
      {change.error ? <p className="error" role="alert">{change.error.message}</p> : null}
      {change.isSuccess ? <p role="status">Password changed. Your other sessions have been signed out.</p> : null}
      <button type="submit" disabled={change.isPending}>Change password</button>
    </form>
  );
}
