// What every behaviour gets: the organisation, the period, the console templates, and a place to
// record benign oddities. Behaviours are generators yielding events in non-decreasing time.
import type { DemoOrg } from "./org";
import type { ConsoleTemplate } from "./console-templates";
import type { AwsRecord, DemoPrincipal, OddityLabel, TSimEvent } from "./types";

export interface SimContext {
  org: DemoOrg;
  seed: number;
  startMs: number;
  endMs: number;
  templates: ConsoleTemplate[];
  oddities: OddityLabel[];
}

export type Behaviour = Generator<TSimEvent, void, undefined>;

export function awsEvent(t: number, record: AwsRecord): TSimEvent {
  return { t, sink: "aws", accountId: record.recipientAccountId as string, region: record.awsRegion as string, record };
}

/** The "AWS on your behalf" principal of `service` in the account of `p`. */
export function servicePrincipal(ctx: SimContext, accountId: string, service: string): DemoPrincipal {
  const found = ctx.org.principals.find((q) => q.behaviour === "aws-service" && q.account.id === accountId && q.name === service);
  if (!found) throw new Error(`no aws-service principal ${service} in ${accountId}`);
  return found;
}

/** The NAT gateway address a VPC workload's calls leave from (stable per account and region). */
export function natIp(accountId: string, region: string): string {
  let h = 0;
  for (const ch of accountId + region) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${[3, 18, 34, 52, 54][h % 5]}.${(h >>> 3) & 255}.${(h >>> 11) & 255}.${((h >>> 19) & 253) + 1}`;
}

/** Diurnal load of customer-facing services: busy 13–23 UTC (US daytime), quiet at night. */
export function diurnalFactor(t: number): number {
  const hour = new Date(t).getUTCHours();
  return hour >= 13 && hour <= 23 ? 1 : hour >= 9 ? 0.7 : 0.35;
}
