// The message a channel receives for a new alert (issue 17): our own JSON document, or the shape
// Slack incoming webhooks (text + Block Kit) or Microsoft Teams workflows (an Adaptive Card in a
// "message" attachment) accept. Alert text comes from event data an attacker may control (a
// session name, a user agent, a principal's name), so it never reaches a field either app reads
// as markup: Slack gets it in plain_text objects (mrkdwn has no escape for * _ ~ `), and the
// notification fallback `text` with & < > escaped so it cannot mention or link; Teams gets it in
// RichTextBlock TextRuns, which Adaptive Cards render without Markdown (TextBlock and FactSet
// values would render **bold** and [links](…)). Nothing here is HTML.
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

/** Slack's own escaping for text it parses for mentions and links (&, <, >). */
export function slackEscape(text: string): string {
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

/** Slack's header block holds at most 150 characters of plain text. */
const SLACK_HEADER_MAX = 150;
const plainText = (text: string) => ({ type: "plain_text", text, emoji: false });

export function slackPayload(a: AlertForNotification, link: string | null) {
  const title = `[${a.severity.toUpperCase()}] ${a.title}`;
  return {
    text: slackEscape(title),
    blocks: [
      { type: "header", text: plainText(title.length > SLACK_HEADER_MAX ? `${title.slice(0, SLACK_HEADER_MAX - 1)}…` : title) },
      { type: "section", fields: facts(a).map(([k, v]) => plainText(`${k}: ${v}`)) },
      ...(link ? [{ type: "actions", elements: [{ type: "button", text: plainText("Open in Trailwatch"), url: link }] }] : []),
    ],
  };
}

/** An Adaptive Card text run: shown as written, never read as Markdown. */
const textRun = (text: string, style: { weight?: "Bolder"; size?: "Medium" } = {}) => ({ type: "TextRun", text, ...style });

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
            { type: "RichTextBlock", inlines: [textRun(`[${a.severity.toUpperCase()}] ${a.title}`, { weight: "Bolder", size: "Medium" })] },
            ...facts(a).map(([title, value]) => ({ type: "RichTextBlock", spacing: "Small", inlines: [textRun(`${title}: `, { weight: "Bolder" }), textRun(value)] })),
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
