import { describe, expect, it } from "vitest";
import { defaultDisplayName } from "./store-accounts";

describe("defaultDisplayName", () => {
  it("names an imported subscription without printing its whole uuid", () => {
    expect(defaultDisplayName("azure", "bfe5ac2f-98a8-4b0b-a05a-7e8234b750a3")).toBe("Azure subscription bfe5ac2f…");
    expect(defaultDisplayName("azure", "sub-1")).toBe("Azure subscription sub-1");
    expect(defaultDisplayName("aws", "111122223333")).toBe("AWS account 111122223333");
  });
});
