import { notFound } from "next/navigation";
import { EventOnTimeline } from "./event-on-timeline";

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,19}$/.test(id)) notFound();
  return <EventOnTimeline id={id} />;
}
