import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/server/auth/session";
import "./admin.css";

// Every admin page checks its own permission (requirePagePermission); this layout only makes sure
// nobody anonymous renders anything under /admin, even a page that forgot.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageUser();
  return children;
}
