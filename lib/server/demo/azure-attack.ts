// The Azure mass-deletion pattern: a user who never deleted anything deletes key vaults, virtual
// machines and then whole resource groups within minutes, from an address they never used, with
// the Azure CLI. Labelled per operation with the event id the importer gives the collapsed operation.
import { operationEventId } from "@/lib/server/ingest/azure/collapse";
import { AZURE_CLI_APP, buildAzureOperation, type AzureScope } from "./azure-record";
import { AZURE_GROUPS, AZURE_VAULTS, AZURE_VMS } from "./behaviours/azure";
import { isoSeconds } from "./calendar";
import { deriveRng } from "./rng";
import type { DemoPrincipal, EventLabel, TSimEvent } from "./types";

export const AZURE_MASS_DELETION = { technique: "azure.impact.mass-deletion", tactic: "Impact", file: "azure-mass-deletion" };

export function buildAzureMassDeletion(victim: DemoPrincipal, scope: AzureScope, at: number, seed: number): { events: TSimEvent[]; labels: EventLabel[] } {
  const rng = deriveRng(seed, "azure-mass-deletion");
  const ip = `185.220.101.${rng.int(2, 254)}`;
  const targets = [
    ...rng.shuffle([...AZURE_VAULTS]).map((r) => ["Microsoft.KeyVault/vaults/delete", r]),
    ...rng.shuffle([...AZURE_VMS]).slice(0, rng.int(5, 9)).map((r) => ["Microsoft.Compute/virtualMachines/delete", r]),
    ...AZURE_GROUPS.slice(0, rng.int(2, 3)).map((g) => ["Microsoft.Resources/subscriptions/resourceGroups/delete", `resourceGroups/${g}`]),
  ];
  const events: TSimEvent[] = [];
  const labels: EventLabel[] = [];
  let t = at;
  for (const [operation, resourcePath] of targets) {
    const durationMs = rng.int(2_000, operation.includes("resourceGroups") ? 240_000 : 40_000);
    const pair = buildAzureOperation(rng, scope, { t, principal: victim, operation, resourcePath, ip, durationMs, clientAppId: AZURE_CLI_APP });
    for (const record of pair) events.push({ t: Date.parse(record.time), sink: "azure", subscriptionId: scope.subscription.id, record });
    // The id the importer gives the collapsed operation, so labels match stored events.
    labels.push({ eventId: operationEventId(pair[0].operationId, operation.toUpperCase()), technique: AZURE_MASS_DELETION.technique, tactic: AZURE_MASS_DELETION.tactic, file: AZURE_MASS_DELETION.file, victim: victim.key, injectedAt: isoSeconds(at), provider: "azure" });
    // Deletions are fired without waiting for the previous one to finish, as a script does.
    t += rng.int(3_000, 25_000);
  }
  events.sort((a, b) => a.t - b.t);
  return { events, labels };
}
