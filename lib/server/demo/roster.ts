// Which behaviour drives which principal.
import { runAzureApp, runAzureUser } from "./behaviours/azure";
import { runCfnPipeline } from "./behaviours/cfn-pipeline";
import { runCiCd } from "./behaviours/ci-cd";
import { runCliAdmin } from "./behaviours/cli-admin";
import { runConsoleHuman } from "./behaviours/console-human";
import { runScanner } from "./behaviours/scanner";
import { runWorkload } from "./behaviours/workload";
import type { Behaviour, SimContext } from "./sim-context";
import type { DemoPrincipal, TSimEvent } from "./types";


/** The generator for `p`, or null for principals that only appear through others (aws-service, oidc). */
export function behaviourFor(p: DemoPrincipal, ctx: SimContext): Behaviour | null {
  switch (p.behaviour) {
    case "ci-cd": return runCiCd(p, ctx);
    case "cfn-exec": return runCfnPipeline(p, ctx);
    case "workload": return runWorkload(p, ctx);
    case "console-human": return runConsoleHuman(p, ctx);
    case "cli-admin": return runCliAdmin(p, ctx);
    case "scanner": return runScanner(p, ctx);
    case "azure-user": return runAzureUser(p, ctx);
    case "azure-app": return runAzureApp(p, ctx);
    default: return null;
  }
}

/** A precomputed, time-sorted list (attacks, oddities) as a behaviour. */
export function* fromList(events: TSimEvent[]): Behaviour {
  yield* events;
}
