// The main navigation: one entry per page, shown only to roles with the permission (the pages
// check it again on the server).
import type { TPermission } from "@/lib/server/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: TPermission;
  section?: "admin";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", permission: "read" },
  { href: "/alerts", label: "Alerts", permission: "read" },
  { href: "/events", label: "Events", permission: "read" },
  { href: "/principals", label: "Principals", permission: "read" },
  { href: "/settings", label: "Settings", permission: "read" },
  { href: "/admin/users", label: "Users", permission: "manage:users", section: "admin" },
  { href: "/admin/accounts", label: "Cloud accounts", permission: "manage:accounts", section: "admin" },
  { href: "/admin/suppression-rules", label: "Suppression rules", permission: "manage:rules", section: "admin" },
  { href: "/admin/models", label: "Models", permission: "manage:models", section: "admin" },
  { href: "/admin/import", label: "Import files", permission: "manage:accounts", section: "admin" },
  { href: "/admin/notifications", label: "Notifications", permission: "manage:notifications", section: "admin" },
  { href: "/admin/jobs", label: "Jobs", permission: "manage:data", section: "admin" },
  { href: "/admin/rejects", label: "Ingestion rejects", permission: "manage:data", section: "admin" },
  { href: "/admin/audit", label: "Audit log", permission: "read:audit", section: "admin" },
];
