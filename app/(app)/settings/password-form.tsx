"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";

/** Changing the password ends every session issued before it, this one included: sign in again. */
export function PasswordForm() {
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => apiFetch("/api/me/password", { method: "POST", json: body }),
    onSuccess: () => setTimeout(() => window.location.assign("/login"), 1500),
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
      {change.isSuccess ? <p role="status">Password changed. Sign in again with the new password.</p> : null}
      <button type="submit" disabled={change.isPending}>Change password</button>
    </form>
  );
}
