import { describe, expect, it } from "vitest";
import { bucketStarts, DAY_MS, fillBins, findGaps, floorTo, formatDuration, formatTick, HOUR_MS, limitSeries, MINUTE_MS, pivotSeries, timeTicks } from "./bucketing";

const T0 = Date.parse("2026-11-28T00:00:00Z");

describe("bucketStarts", () => {
  it("covers a range that starts and ends mid-hour", () => {
    const s = bucketStarts(T0 + 30 * MINUTE_MS, T0 + 3 * HOUR_MS + 1, "hour");
    expect(s).toEqual([T0, T0 + HOUR_MS, T0 + 2 * HOUR_MS, T0 + 3 * HOUR_MS]);
  });
  it("is empty for an empty or inverted range", () => {
    expect(bucketStarts(T0, T0, "day")).toEqual([]);
    expect(bucketStarts(T0 + 1, T0, "day")).toEqual([]);
  });
  it("floors to UTC days", () => expect(floorTo(T0 + 23 * HOUR_MS, "day")).toBe(T0));
});

describe("pivotSeries", () => {
  it("fills zeros, adds repeats and drops buckets and keys outside the axis", () => {
    const rows = [
      { bucket: new Date(T0).toISOString(), key: "aws", count: 2 },
      { bucket: T0, key: "aws", count: 3 },
      { bucket: T0 + HOUR_MS, key: "azure", count: 1 },
      { bucket: T0 + 9 * HOUR_MS, key: "aws", count: 99 },
      { bucket: T0, key: "gcp", count: 7 },
    ];
    expect(pivotSeries(rows, [T0, T0 + HOUR_MS], ["aws", "azure"])).toEqual([
      { t: T0, aws: 5, azure: 0 },
      { t: T0 + HOUR_MS, aws: 0, azure: 1 },
    ]);
  });
});

describe("limitSeries", () => {
  it("keeps the largest series and folds the rest into Other", () => {
    const rows = ["a", "b", "c", "d"].map((key, i) => ({ bucket: T0, key, count: 10 - i }));
    const r = limitSeries(rows, 3);
    expect(r.keys).toEqual(["a", "b", "Other"]);
    expect(r.rows.filter((x) => x.key === "Other").reduce((s, x) => s + x.count, 0)).toBe(15);
  });
  it("leaves a small set untouched", () => expect(limitSeries([{ bucket: T0, key: "a", count: 1 }], 3).keys).toEqual(["a"]));
});

describe("fillBins", () => {
  it("makes a dense histogram", () => {
    const r = fillBins([{ bin: 2, count: 4 }], 3, (bin) => ({ bin, count: 0 }));
    expect(r.map((x) => x.count)).toEqual([0, 0, 4, 0]);
  });
});

describe("findGaps", () => {
  it("reports silences at or above the threshold with the index after them", () => {
    expect(findGaps([0, 1000, 1000 + HOUR_MS, 2000 + HOUR_MS], 30 * MINUTE_MS)).toEqual([{ index: 2, ms: HOUR_MS - 0 }]);
    expect(findGaps([5], 1)).toEqual([]);
  });
});

describe("timeTicks", () => {
  it("picks a round step and keeps ticks inside the range", () => {
    const { step, ticks } = timeTicks(T0 + 10 * MINUTE_MS, T0 + 6 * HOUR_MS, 6);
    expect(step).toBe(HOUR_MS);
    expect(ticks[0]).toBe(T0 + HOUR_MS);
    expect(ticks.every((t) => t % HOUR_MS === 0 && t <= T0 + 6 * HOUR_MS)).toBe(true);
  });
  it("falls back to whole days beyond a week per tick", () => {
    expect(timeTicks(T0, T0 + 120 * DAY_MS, 6).step).toBe(20 * DAY_MS);
  });
});

describe("formatting", () => {
  it("formats durations with two units at most", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(3 * HOUR_MS + 20 * MINUTE_MS)).toBe("3 h 20 min");
    expect(formatDuration(2 * DAY_MS + 4 * HOUR_MS)).toBe("2 d 4 h");
  });
  it("labels ticks by clock time, adding the date at midnight", () => {
    expect(formatTick(T0 + 13 * HOUR_MS, HOUR_MS)).toBe("13:00");
    expect(formatTick(T0, HOUR_MS)).toBe("00:00 11-28");
    expect(formatTick(T0, DAY_MS)).toBe("11-28");
  });
});
