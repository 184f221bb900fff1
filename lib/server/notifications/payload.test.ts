import { describe, expect, it } from "vitest";
import { buildPayload, type AlertForNotification } from "./payload";

const alert: AlertForNotification = {
  id: 42,
  title: "Unusual cloudtrail.amazonaws.com:StopLogging by <@channel> & co",
  severity: "critical",
  status: "open",
  score: 23.456,
  action: "cloudtrail.amazonaws.com:StopLogging",
  category: "defense-evasion/logging",
  eventCount: 2,
  firstEventAt: new Date("2026-12-01T10:00:00Z"),
  lastEventAt: new Date("2026-12-01T10:05:00Z"),
  principal: { name: "ci-deployer", key: "arn:aws:iam::111122223333:user/ci-deployer" },
  account: { name: "Production (AWS)", provider: "aws" },
  attackTactics: ["TA0005"],
  attackTechniques: ["T1562.008"],
};

describe("notification payloads", () => {
  it("json: the alert with ATT&CK names and a link", () => {
    const p = buildPayload("json", alert, "9", "https://tw.example.com/") as { type: string; deliveryId: string; alert: Record<string, unknown> };
    expect(p.type).toBe("alert.created");
    expect(p.deliveryId).toBe("9");
    expect(p.alert).toMatchObject({
      id: 42, severity: "critical", score: 23.46, url: "https://tw.example.com/alerts/42",
      attack: { tactics: [{ id: "TA0005", name: "Defense Evasion" }], techniques: [{ id: "T1562.008", label: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" }] },
    });
  });

  it("slack: text and blocks, with event text escaped so it cannot mention or link", () => {
    const p = buildPayload("slack", alert, "9", null) as { text: string; blocks: Array<{ type: string }> };
    expect(p.text).toBe("[CRITICAL] Unusual cloudtrail.amazonaws.com:StopLogging by &lt;@channel&gt; &amp; co");
    expect(p.blocks.map((b) => b.type)).toEqual(["header", "section"]);
    expect(JSON.stringify(p)).toContain("T1562.008 Impair Defenses");
  });

  it("teams: an Adaptive Card in a message attachment, with an Open button when a link is known", () => {
    const p = buildPayload("teams", alert, "9", "https://tw.example.com") as { type: string; attachments: Array<{ contentType: string; content: { type: string; actions: Array<{ url: string }> } }> };
    expect(p.type).toBe("message");
    expect(p.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(p.attachments[0].content.type).toBe("AdaptiveCard");
    expect(p.attachments[0].content.actions[0].url).toBe("https://tw.example.com/alerts/42");
  });

  describe("attacker-controlled text is never read as markup", () => {
    const hostile = "**urgent** _x_ ~y~ `z` [click](https://evil.example) <https://evil.example|click> <!channel> <b>bold</b> &amp;";
    const evil: AlertForNotification = { ...alert, title: `Unusual GetObject by ${hostile}`, principal: { name: hostile, key: hostile }, account: { name: hostile, provider: "aws" } };

    /** Every object in the payload that holds a string containing `needle`, with the key it is under. */
    function holders(value: unknown, needle: string, key = ""): Array<{ key: string; parent: Record<string, unknown> }> {
      if (Array.isArray(value)) return value.flatMap((v) => holders(v, needle, key));
      if (value === null || typeof value !== "object") return [];
      const obj = value as Record<string, unknown>;
      return Object.entries(obj).flatMap(([k, v]) => (typeof v === "string" && v.includes(needle) ? [{ key: k, parent: obj }] : holders(v, needle, k)));
    }

    it("teams: only in Adaptive Card TextRuns, which render no Markdown", () => {
      const p = buildPayload("teams", evil, "9", null);
      const found = holders(p, "[click](https://evil.example)");
      expect(found.length).toBe(3); // title, principal, account
      for (const h of found) expect(h.parent.type).toBe("TextRun");
      expect(JSON.stringify(p)).not.toMatch(/"type":"(TextBlock|FactSet)"/);
    });

    it("slack: only in plain_text objects, and the fallback text cannot mention or link", () => {
      const p = buildPayload("slack", evil, "9", null) as { text: string };
      const found = holders(p, "**urgent**").filter((h) => h.key !== "text" || h.parent !== p);
      expect(found.length).toBe(3);
      for (const h of found) expect(h.parent.type).toBe("plain_text");
      expect(p.text).not.toMatch(/<|>/);
      expect(p.text).toContain("&lt;!channel&gt;");
      expect(p.text).toContain("&amp;amp;");
    });
  });
});
