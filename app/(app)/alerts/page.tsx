import { Suspense } from "react";
import { LoadingState } from "@/components/common/state-views";
import { requirePageUser } from "@/lib/server/auth/session";
import { can } from "@/lib/server/permissions";
import { AlertInbox } from "./alert-inbox";

export default async function AlertsPage() {
  const user = await requirePageUser();
  return (
    <Suspense fallback={<LoadingState />}>
      <AlertInbox canTriage={can(user.role, "triage")} userId={user.id} />
    </Suspense>
  );
}
