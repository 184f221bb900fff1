// A principal by name, linked to its page. An Azure app known only by its app id reads
// "Azure app 1a2b3c4d…" with the full id (and key) on hover (lib/shared/names.ts).
import Link from "next/link";
import { isGuid, principalLabel } from "@/lib/shared/names";

export function PrincipalLink({ principal }: { principal: { id: string | number | bigint; displayName: string; key?: string } }) {
  const title = [isGuid(principal.displayName) ? principal.displayName : null, principal.key].filter(Boolean).join(" · ") || undefined;
  return <Link href={`/principals/${principal.id}`} title={title}>{principalLabel(principal.displayName)}</Link>;
}
