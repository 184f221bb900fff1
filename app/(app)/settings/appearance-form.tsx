"use client";
// Settings → Appearance (issue 17): follow the browser's light/dark preference or pin one. A
// display preference of this browser, so a cookie, not an account setting.
import { useState } from "react";
import { THEME_COOKIE, THEMES, type TTheme } from "@/lib/shared/theme";

const LABELS: Record<TTheme, string> = { system: "Follow the browser", light: "Light", dark: "Dark" };

/** Stores the choice for the server's next render and applies it to this page now. */
function applyTheme(theme: TTheme): void {
  document.cookie = theme === "system" ? `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax` : `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  const root = document.documentElement;
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}

export function AppearanceForm({ initial }: { initial: TTheme }) {
  const [theme, setTheme] = useState<TTheme>(initial);
  const onChange = (next: TTheme) => {
    setTheme(next);
    applyTheme(next);
  };
  return (
    <fieldset className="panel stack-form" aria-label="Appearance">
      <legend>Appearance</legend>
      {THEMES.map((t) => (
        <label key={t} className="inline">
          <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => onChange(t)} /> {LABELS[t]}
        </label>
      ))}
    </fieldset>
  );
}
