import { Suspense } from "react";
import { LoadingState } from "@/components/common/state-views";
import { EventExplorer } from "./event-explorer";

export default function EventsPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <EventExplorer />
    </Suspense>
  );
}
