import { Suspense } from "react";
import { LoadingState } from "@/components/common/state-views";
import { OverviewDashboard } from "./_overview/overview-dashboard";

export default function OverviewPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <OverviewDashboard />
    </Suspense>
  );
}
