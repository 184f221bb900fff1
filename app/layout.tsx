import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { THEME_COOKIE, parseTheme } from "@/lib/shared/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "Trailwatch",
  description: "Anomaly detection for AWS CloudTrail and Azure Activity logs",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // An explicit choice from Settings → Appearance; without one the CSS follows the browser's preference.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>{children}</body>
    </html>
  );
}
