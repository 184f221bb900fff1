// Real console sessions (datasets/aws/benign/console-sessions, Permiso CloudConsoleCartographer) as
// replay templates. Their userIdentity and sourceIPAddress were stripped by the publisher, so a
// template carries only what the console did: timing, calls, parameters, background "AWS Internal"
// calls. Identity, time, region and ids are supplied at replay.
import fs from "node:fs";
import path from "node:path";

export interface TemplateEvent {
  /** Milliseconds after the first event of the session. */
  dt: number;
  source: string;
  name: string;
  region: string;
  userAgent: string;
  rp: unknown;
  re: unknown;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface ConsoleTemplate {
  id: string;
  durationMs: number;
  /** The session's most used region: replayed in the person's home region. */
  mainRegion: string;
  events: TemplateEvent[];
  /** The account id the template's parameters mention, rewritten to the replaying account. */
  accountId: string | null;
  byAccount: Map<string, TemplateEvent[]>;
}

interface RawEvent {
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  userAgent: string;
  requestParameters: unknown;
  responseElements: unknown;
  errorCode: string | null;
  errorMessage: string | null;
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

export function loadConsoleTemplates(datasetsDir: string): ConsoleTemplate[] {
  const dir = path.join(datasetsDir, "aws/benign/console-sessions");
  // demo-InputEvents.json repeats one of the sessions; every session folder is one template.
  const ids = fs.readdirSync(dir).filter((f) => fs.existsSync(path.join(dir, f, "InputEvents.json"))).sort();
  return ids.map((id) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, id, "InputEvents.json"), "utf8")) as RawEvent[];
    // GetSigninToken belongs to the federation broker the publisher used, not to an IAM user's session.
    const kept = raw.filter((e) => e.eventName !== "GetSigninToken");
    const t0 = Date.parse(kept[0].eventTime);
    const text = JSON.stringify(kept.map((e) => [e.requestParameters, e.responseElements]));
    const accounts = text.match(/\b\d{12}\b/g) ?? [];
    const top = mostCommon(accounts);
    const events = kept.map((e) => ({
      dt: Date.parse(e.eventTime) - t0, source: e.eventSource, name: e.eventName, region: e.awsRegion, userAgent: e.userAgent,
      rp: e.requestParameters, re: e.responseElements, errorCode: e.errorCode, errorMessage: e.errorMessage,
    }));
    return {
      id, events, durationMs: events[events.length - 1].dt, mainRegion: mostCommon(kept.map((e) => e.awsRegion)) ?? "us-east-1",
      accountId: top && accounts.filter((a) => a === top).length >= 3 ? top : null, byAccount: new Map(),
    };
  });
}

/** The template's events with its own account id replaced by `accountId` (cached per account). */
export function eventsForAccount(t: ConsoleTemplate, accountId: string): TemplateEvent[] {
  const from = t.accountId;
  if (!from) return t.events;
  let events = t.byAccount.get(accountId);
  if (!events) {
    const swap = (v: unknown) => (v == null ? v : JSON.parse(JSON.stringify(v).replaceAll(from, accountId)));
    events = t.events.map((e) => ({ ...e, rp: swap(e.rp), re: swap(e.re), errorMessage: e.errorMessage?.replaceAll(from, accountId) ?? null }));
    t.byAccount.set(accountId, events);
  }
  return events;
}
