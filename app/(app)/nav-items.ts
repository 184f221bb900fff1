// The main navigation: one entry per page, shown only to roles with the permission (the pages
// check it again on the server).
import type { TPermission } from "@/lib/server/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: TPermission;
  section?: "admin";
}

export const NAV_ITEMS: NavItem[] = [{ href: "/", label: "Overview", permission: "read" }];
