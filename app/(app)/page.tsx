import { getPrisma } from "@/lib/server/db/prisma";
import { getSystemStatus } from "@/lib/server/dal/status";

export default async function OverviewPage() {
  const status = await getSystemStatus(getPrisma());
  const stats = [
    { label: "Events stored", value: status.events.toLocaleString("en-US") },
    { label: "Open alerts", value: status.alertsOpen.toLocaleString("en-US") },
    { label: "Cloud accounts", value: status.accounts.toLocaleString("en-US") },
    { label: "Workers running", value: String(status.workersAlive) },
  ];
  return (
    <>
      <h1>Overview</h1>
      <div className="grid">
        {stats.map((s) => (
          <div key={s.label} className="panel stat">
            <div className="value">{s.value}</div>
            <div className="label">{s.label}</div>
          </div>
        ))}
      </div>
    </>
  );
}
