import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/server/auth/session";
import { can } from "@/lib/server/permissions";
import { AlertDetail } from "./alert-detail";

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  return <AlertDetail id={Number(id)} canTriage={can(user.role, "triage")} canSuppress={can(user.role, "suppress")} />;
}
