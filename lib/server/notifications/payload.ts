// The message a channel receives for a new alert (issue 17): our own JSON document, or the shape
// Slack incoming webhooks (text + Block Kit) or Microsoft Teams workflows (an Adaptive Card in a
// "message" attachment) accept. Alert text comes from event data an attacker may control: Slack
// mrkdwn control characters are escaped, and nothing here is HTML.
import { attackTacticName, attackTechniqueLabel, sortTactics } from "@/lib/shared/attack";

export type TNotificationFormat = "json" | "slack" | "teams";

export interface AlertForNotification {
  id: number;
  title: string;
  severity: string;
  status: string;
  score: number;
  action: string;
  category: string;
  eventCount: number;
  firstEventAt: Date;
  lastEventAt: Date;
  principal: { name: string; key: string };
  account: { name: string; provider: string };
  attackTactics: string[];
  attackTechniques: string[];
}

export function alertLink(linkBase: string | null, alertId: number): string | null {
  return linkBase ? `${linkBase.replace(/\/+$/, "")}/alerts/${alertId}` : null;
}

export function jsonPayload(a: AlertForNotification, deliveryId: string, link: string | null) {
  return {
    type: "alert.created",
    deliveryId,
    alert: {
      id: a.id,
      title: a.title,
      severity: a.severity,
      status: a.status,
      score: Math.round(a.score * 100) / 100,
      action: a.action,
      category: a.category,
      eventCount: a.eventCount,
      firstEventAt: a.firstEventAt.toISOString(),
      lastEventAt: a.lastEventAt.toISOString(),
      principal: a.principal,
      account: a.account,
      attack: {
        tactics: sortTactics(a.attackTactics).map((id) => ({ id, name: attackTacticName(id) })),
        techniques: a.attackTechniques.map((id) => ({ id, label: attackTechniqueLabel(id) })),
      },
      url: link,
    },
  };
}

function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function facts(a: AlertForNotification): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ["Severity", a.severity],
    ["Principal", a.principal.name],
    ["Account", a.account.name],
    ["Action", a.action],
    ["Events", `${a.eventCount}, ${a.firstEventAt.toISOString()} → ${a.lastEventAt.toISOString()}`],
  ];
  if (a.attackTechniques.length) rows.push(["MITRE ATT&CK", a.attackTechniques.map(attackTechniqueLabel).join("; ")]);
  return rows;
}

export function slackPayload(a: AlertForNotification, link: string | null) {
  const title = `[${a.severity.toUpperCase()}] ${a.title}`;
  return {
    text: slackEscape(title),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(title)}*` } },
      { type: "section", fields: facts(a).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${slackEscape(v)}` })) },
      ...(link ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Trailwatch" }, url: link }] }] : []),
    ],
  };
}

export function teamsPayload(a: AlertForNotification, link: string | null) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", wrap: true, text: `[${a.severity.toUpperCase()}] ${a.title}` },
            { type: "FactSet", facts: facts(a).map(([title, value]) => ({ title, value })) },
          ],
          actions: link ? [{ type: "Action.OpenUrl", title: "Open in Trailwatch", url: link }] : [],
        },
      },
    ],
  };
}

export function buildPayload(format: TNotificationFormat, a: AlertForNotification, deliveryId: string, linkBase: string | null): unknown {
  const link = alertLink(linkBase, a.id);
  if (format === "slack") return slackPayload(a, link);
  if (format === "teams") return teamsPayload(a, link);
  return jsonPayload(a, deliveryId, link);
}
