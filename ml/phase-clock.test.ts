import { afterEach, describe, expect, it, vi } from "vitest";
import { phaseClock } from "@/ml/phase-clock";

describe("phaseClock", () => {
  afterEach(() => vi.restoreAllMocks());

  it("measures each lap from the previous one and adds up a phase lapped again", () => {
    const times = [1000, 1250, 1300, 1700, 1710];
    vi.spyOn(performance, "now").mockImplementation(() => times.shift()!);
    const clock = phaseClock();
    clock.lap("read");
    clock.lap("score");
    clock.lap("read");
    clock.lap("write");
    expect(clock.ms).toEqual({ read: 250 + 400, score: 50, write: 10 });
  });
});
