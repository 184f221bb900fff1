import { Suspense } from "react";
import { LoadingState } from "@/components/common/state-views";
import { PrincipalList } from "./principal-list";

export default function PrincipalsPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <PrincipalList />
    </Suspense>
  );
}
