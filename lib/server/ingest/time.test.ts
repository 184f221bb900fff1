import { describe, expect, it } from "vitest";
import { parseExportTime, parseIsoTime } from "./time";

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("time parsing", () => {
  it.each([
    ["2013-11-01T00:00:00Z", "2013-11-01T00:00:00.000Z"],
    ["2024-12-17T10:30:00.0000000Z", "2024-12-17T10:30:00.000Z"],
    ["2022-02-09T03:04:54.297853Z", "2022-02-09T03:04:54.297Z"],
    ["2022-12-11 19:42:55", "2022-12-11T19:42:55.000Z"],
    ["2022-02-08 09:23:37+11:00", "2022-02-07T22:23:37.000Z"],
    ["2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z"],
    ["2023-02-29T12:00:00Z", null],
    ["2024-13-01T00:00:00Z", null],
    ["redacted", null],
    ["", null],
  ])("parseIsoTime(%j)", (value, expected) => {
    expect(iso(parseIsoTime(value))).toBe(expected);
  });

  it.each([
    ["9/23/2021, 2:09:11.433 PM", "2021-09-23T14:09:11.433Z"],
    ["4/26/2021, 12:05:00.000 AM", "2021-04-26T00:05:00.000Z"],
    ["4/26/2021, 12:05:00.000 PM", "2021-04-26T12:05:00.000Z"],
    ["12/31/2021 23:59:59", "2021-12-31T23:59:59.000Z"],
    ["2021-09-23T14:09:11Z", "2021-09-23T14:09:11.000Z"],
    ["13/23/2021, 2:09:11 PM", null],
    ["9/23/2021, 13:09:11 PM", null],
  ])("parseExportTime(%j)", (value, expected) => {
    expect(iso(parseExportTime(value))).toBe(expected);
  });
});
