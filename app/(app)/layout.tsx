import Link from "next/link";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/common/query-provider";
import { requirePageUser } from "@/lib/server/auth/session";
import { can } from "@/lib/server/permissions";
import { FirstStartBanner } from "./first-start-banner";
import { NAV_ITEMS } from "./nav-items";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">Trailwatch</div>
        {NAV_ITEMS.filter((item) => !item.section && can(user.role, item.permission)).map((item) => (
          <Link key={item.href} href={item.href}>
            {item.label}
          </Link>
        ))}
        {NAV_ITEMS.some((item) => item.section === "admin" && can(user.role, item.permission)) ? <div className="muted" style={{ marginTop: "1rem", fontSize: "0.75rem", textTransform: "uppercase" }}>Admin</div> : null}
        {NAV_ITEMS.filter((item) => item.section === "admin" && can(user.role, item.permission)).map((item) => (
          <Link key={item.href} href={item.href}>
            {item.label}
          </Link>
        ))}
        <div className="who">
          <div data-testid="signed-in-as">{user.email}</div>
          <div>{user.role}</div>
          <form action={signOutAction}>
            <button type="submit" className="secondary" style={{ marginTop: "0.5rem" }}>
              Sign out
            </button>
          </form>
        </div>
      </nav>
      <main className="main">
        <QueryProvider>
          <FirstStartBanner />
          {children}
        </QueryProvider>
      </main>
    </div>
  );
}
