import { requirePageUser } from "@/lib/server/auth/session";
import { cookies } from "next/headers";
import { THEME_COOKIE, parseTheme } from "@/lib/shared/theme";
import { AppearanceForm } from "./appearance-form";
import { PasswordForm } from "./password-form";
import { SessionsList } from "./sessions-list";
import "../admin/admin.css";

export default async function SettingsPage() {
  const user = await requirePageUser();
  return (
    <>
      <h1>Settings</h1>
      <p className="muted">
        Signed in as {user.email} ({user.role}).
      </p>
      <PasswordForm />
      <SessionsList />
      <AppearanceForm initial={parseTheme((await cookies()).get(THEME_COOKIE)?.value)} />
    </>
  );
}
