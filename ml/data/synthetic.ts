/**
 * Synthetic multi-principal audit log for tests, benchmarks and the model choice: automation-like
 * principals repeat a fixed cycle of actions at a fixed cadence; human-like principals walk a sparse
 * Markov chain over their own subset of actions with irregular gaps, several IPs and some failures.
 */
import type { MlEvent } from "@/ml/types";
import { seededRandom } from "@/ml/train";
import { sortByTime } from "@/ml/data/windows";

export interface SyntheticOptions {
  principals?: number;
  eventsPerPrincipal?: number;
  /** Distinct actions across all services (≈ vocabulary size). */
  actions?: number;
  /** Share of automation-like principals (the rest are human-like). */
  automationShare?: number;
  accounts?: number;
  seed?: number;
  startMs?: number;
}

const SERVICES = ["iam", "ec2", "s3", "sts", "lambda", "kms", "rds", "logs", "cloudtrail", "sns", "sqs", "dynamodb", "ecr", "ecs", "eks", "ssm", "secretsmanager", "cloudformation", "route53", "organizations"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

export function syntheticActions(count: number): { action: string; service: string; readOnly: boolean }[] {
  return Array.from({ length: count }, (_, i) => {
    const service = `${SERVICES[i % SERVICES.length]}.amazonaws.com`;
    const readOnly = i % 3 !== 0;
    return { action: `${service}:${readOnly ? "Describe" : "Update"}Thing${i}`, service, readOnly };
  });
}

export function generateSyntheticEvents(o: SyntheticOptions = {}): MlEvent[] {
  const rand = seededRandom(o.seed ?? 7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const actions = syntheticActions(o.actions ?? 400);
  const nPrincipals = o.principals ?? 40;
  const perPrincipal = o.eventsPerPrincipal ?? 500;
  const start = o.startMs ?? Date.UTC(2025, 0, 1);
  const events: MlEvent[] = [];
  for (let p = 0; p < nPrincipals; p++) {
    const isAutomation = rand() < (o.automationShare ?? 0.5);
    const accountId = String(100000000000 + (p % (o.accounts ?? 3)));
    const principalKey = `arn:aws:iam::${accountId}:${isAutomation ? "role/automation" : "user/human"}-${p}`;
    const own = Array.from({ length: isAutomation ? 3 + Math.floor(rand() * 10) : 20 + Math.floor(rand() * 40) }, () => pick(actions));
    const next = own.map(() => [pick(own), pick(own), pick(own)]);
    const region = pick(REGIONS);
    const ips = Array.from({ length: isAutomation ? 1 : 3 }, (_, i) => `10.${p}.${i}.${Math.floor(rand() * 250)}`);
    let t = start + Math.floor(rand() * 3_600_000);
    let current = own[0];
    for (let i = 0; i < perPrincipal; i++) {
      if (isAutomation) {
        current = own[i % own.length];
        t += i % own.length === 0 ? 3_600_000 : 1_000; // an hourly job: overlaps the humans in time
      } else {
        const k = own.indexOf(current);
        current = rand() < 0.85 ? pick(next[k]) : pick(own);
        t += Math.floor(1_000 + rand() * rand() * 3_600_000);
      }
      const isFailure = !isAutomation && rand() < 0.03;
      events.push({
        eventId: `syn-${p}-${i}`,
        principalKey,
        accountId,
        eventTime: t,
        action: current.action,
        service: current.service,
        outcome: isFailure ? "failure" : "success",
        errorCode: isFailure ? "AccessDenied" : null,
        readOnly: current.readOnly,
        region: isAutomation || rand() < 0.9 ? region : pick(REGIONS),
        userAgentFamily: isAutomation ? "sdk" : rand() < 0.8 ? "console" : "cli",
        sourceIp: pick(ips),
        userAgent: isAutomation ? "Boto3/1.34 Python/3.11" : "Mozilla/5.0",
      });
    }
  }
  return sortByTime(events);
}

/** Strictly periodic principals: principal p repeats its own cycle of `cycle` distinct actions every minute. */
export function periodicEvents(principals: number, perPrincipal: number, cycle = 5, startMs = Date.UTC(2025, 0, 1)): MlEvent[] {
  const actions = syntheticActions(principals * cycle);
  const events: MlEvent[] = [];
  for (let p = 0; p < principals; p++) {
    for (let i = 0; i < perPrincipal; i++) {
      const a = actions[p * cycle + (i % cycle)];
      events.push({
        eventId: `per-${p}-${i}`, principalKey: `role/periodic-${p}`, accountId: "111111111111", eventTime: startMs + i * 60_000 + p,
        action: a.action, service: a.service, outcome: "success", errorCode: null, readOnly: a.readOnly, region: "us-east-1",
        userAgentFamily: "sdk", sourceIp: `10.0.0.${p}`, userAgent: "Boto3/1.34",
      });
    }
  }
  return sortByTime(events);
}
