import { describe, expect, it } from "vitest";
import { groupAnomalies, type AnomalousEvent, type OpenAlert } from "./group";

const T0 = Date.UTC(2026, 0, 1, 12);
const ev = (id: number, principalId: string, action: string, minutes: number, score = 10): AnomalousEvent => ({
  eventId: String(id), accountId: "a", principalId, principalName: principalId, action, eventTime: new Date(T0 + minutes * 60_000),
  score, severity: "medium", category: "other", explanation: {},
});

describe("groupAnomalies", () => {
  it("joins repeats of one principal and action into one alert with a count and span", () => {
    const changes = groupAnomalies([ev(1, "p1", "x", 0), ev(2, "p1", "x", 120), ev(3, "p1", "x", 600, 20)], []);
    expect(changes).toHaveLength(1);
    expect(changes[0].eventIds).toEqual(["1", "2", "3"]);
    expect(changes[0].alert.firstEventAt.getTime()).toBe(T0);
    expect(changes[0].alert.lastEventAt.getTime()).toBe(T0 + 600 * 60_000);
    expect(changes[0].top.eventId).toBe("3");
  });

  it("joins different actions of one principal within 30 minutes (a burst) but not later ones", () => {
    const changes = groupAnomalies([ev(1, "p1", "x", 0), ev(2, "p1", "y", 20), ev(3, "p1", "z", 200)], []);
    expect(changes.map((c) => c.eventIds)).toEqual([["1", "2"], ["3"]]);
  });

  it("keeps principals apart and joins an existing open alert", () => {
    const open: OpenAlert = { id: 7, accountId: "a", principalId: "p2", action: "x", firstEventAt: new Date(T0 - 3_600_000), lastEventAt: new Date(T0 - 3_000_000), score: 5, severity: "low" };
    const changes = groupAnomalies([ev(1, "p1", "x", 0), ev(2, "p2", "x", 0, 30)], [open]);
    expect(changes).toHaveLength(2);
    const joined = changes.find((c) => c.alert.id === 7)!;
    expect(joined.first).toBeNull();
    expect(joined.alert.score).toBe(30);
    expect(joined.alert.severity).toBe("medium");
    expect(changes.find((c) => c.alert.id === null)!.first?.eventId).toBe("1");
  });
});
