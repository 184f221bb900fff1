import { notFound } from "next/navigation";
import { PrincipalDetail } from "./principal-detail";

export default async function PrincipalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,19}$/.test(id)) notFound();
  return <PrincipalDetail id={id} />;
}
