// Azure subscription activity: engineers starting and stopping VMs, listing storage keys, deploying
// ARM templates and assigning roles from the portal or CLI; a deploy pipeline app, a VM scheduler
// app (07:00 start / 19:00 deallocate on workdays) and a key-sync app every four hours. Nobody
// deletes anything in normal operation, which is what makes a deletion burst stand out.
import { AZURE_CLI_APP, AZURE_PORTAL_APP, buildAzureOperation, type AzureOperation, type AzureScope } from "../azure-record";
import { HOUR_MS, isWorkday } from "../calendar";
import { deriveRng, type Rng } from "../rng";
import type { Behaviour, SimContext } from "../sim-context";
import type { DemoPrincipal, TSimEvent } from "../types";
import { daysOf, planDay } from "./daily-plan";

export const AZURE_GROUPS = ["rg-web-prod", "rg-data", "rg-dev"];
export const AZURE_VMS = AZURE_GROUPS.flatMap((g) => [1, 2, 3].map((i) => `resourceGroups/${g}/providers/Microsoft.Compute/virtualMachines/${g.slice(3)}-vm-${i}`));
export const AZURE_VAULTS = AZURE_GROUPS.map((g) => `resourceGroups/${g}/providers/Microsoft.KeyVault/vaults/kv-${g.slice(3)}-contoso`);
const STORAGE = AZURE_GROUPS.map((g) => `resourceGroups/${g}/providers/Microsoft.Storage/storageAccounts/st${g.slice(3).replace("-", "")}contoso`);
const USER_OPS: Array<[string, () => string, number]> = [
  ["Microsoft.Compute/virtualMachines/start/action", () => "vm", 4],
  ["Microsoft.Compute/virtualMachines/deallocate/action", () => "vm", 3],
  ["Microsoft.Compute/virtualMachines/restart/action", () => "vm", 1],
  ["Microsoft.Storage/storageAccounts/listKeys/action", () => "st", 3],
  ["Microsoft.Resources/deployments/write", () => "dep", 2],
  ["Microsoft.Authorization/roleAssignments/write", () => "ra", 0.4],
  ["Microsoft.KeyVault/vaults/write", () => "kv", 0.3],
];

export function azureScope(ctx: SimContext): AzureScope {
  return { subscription: ctx.org.azure, tenantId: ctx.org.tenantId };
}

function resourceFor(kind: string, rng: Rng): string {
  if (kind === "vm") return rng.pick(AZURE_VMS);
  if (kind === "st") return rng.pick(STORAGE);
  if (kind === "kv") return rng.pick(AZURE_VAULTS);
  if (kind === "ra") return `providers/Microsoft.Authorization/roleAssignments/${rng.uuid()}`;
  return `resourceGroups/${rng.pick(AZURE_GROUPS)}/providers/Microsoft.Resources/deployments/deploy-${rng.hex(8)}`;
}

export function* azureOp(rng: Rng, ctx: SimContext, op: AzureOperation): Generator<TSimEvent> {
  for (const record of buildAzureOperation(rng, azureScope(ctx), op)) {
    yield { t: Date.parse(record.time), sink: "azure", subscriptionId: ctx.org.azure.id, record };
  }
}

export function* runAzureUser(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "azure-user", p.key);
  const total = USER_OPS.reduce((s, o) => s + o[2], 0);
  const usesCli = rng.chance(0.4);
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    for (const planned of planDay(p, day, rng, { perDay: [0, 3], startMs: ctx.startMs, endMs: ctx.endMs })) {
      let t = planned.start;
      for (let i = rng.int(1, 4); i > 0; i--) {
        let r = rng.next() * total;
        const [operation, kind] = USER_OPS.find((o) => (r -= o[2]) < 0) ?? USER_OPS[0];
        const durationMs = rng.int(800, operation.includes("virtualMachines") ? 90_000 : 6_000);
        if (t + durationMs >= ctx.endMs) return;
        yield* azureOp(rng, ctx, { t, principal: p, operation, resourcePath: resourceFor(kind(), rng), ip: planned.fromOffice ? p.officeIp : p.homeIp, durationMs, clientAppId: usesCli ? AZURE_CLI_APP : AZURE_PORTAL_APP });
        t += durationMs + rng.int(20_000, 600_000);
      }
    }
  }
}

export function* runAzureApp(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "azure-app", p.key);
  const ip = `20.${50 + (p.principalId.charCodeAt(0) % 40)}.${p.principalId.charCodeAt(1)}.${p.principalId.charCodeAt(2)}`;
  const op = function* (t: number, operation: string, resourcePath: string, maxMs: number): Generator<TSimEvent, number> {
    const durationMs = rng.int(500, maxMs);
    if (t >= ctx.startMs && t + durationMs < ctx.endMs) yield* azureOp(rng, ctx, { t, principal: p, operation, resourcePath, ip, durationMs });
    return t + durationMs + rng.int(1_000, 20_000);
  };
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    const isWork = isWorkday(day + 12 * HOUR_MS, 1);
    if (p.name === "vm-scheduler") {
      if (!isWork) continue;
      for (const [hour, action] of [[6, "start"], [18, "deallocate"]] as const) {
        let t = day + hour * HOUR_MS + rng.int(0, 120_000);
        for (const vm of AZURE_VMS.filter((v) => v.includes("rg-dev"))) t = yield* op(t, `Microsoft.Compute/virtualMachines/${action}/action`, vm, 120_000);
      }
    } else if (p.name === "backup-keys-sync") {
      for (let h = 0; h < 24; h += 4) {
        let t = day + h * HOUR_MS + rng.int(0, 60_000);
        for (const st of STORAGE.slice(0, 2)) t = yield* op(t, "Microsoft.Storage/storageAccounts/listKeys/action", st, 3_000);
      }
    } else if (isWork) {
      const starts = Array.from({ length: rng.int(1, 5) }, () => day + 8 * HOUR_MS + rng.int(0, 9 * HOUR_MS)).sort((a, b) => a - b);
      let t = 0;
      for (const s of starts) {
        const group = rng.pick(AZURE_GROUPS);
        const dep = `resourceGroups/${group}/providers/Microsoft.Resources/deployments/ado-${rng.int(1000, 9999)}`;
        t = Math.max(t, s);
        t = yield* op(t, "Microsoft.Resources/deployments/validate/action", dep, 4_000);
        t = yield* op(t, "Microsoft.Resources/deployments/write", dep, 60_000);
        t = yield* op(t, "Microsoft.Web/sites/write", `resourceGroups/${group}/providers/Microsoft.Web/sites/app-${group.slice(3)}`, 20_000);
      }
    }
  }
}
