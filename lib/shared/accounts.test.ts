import { describe, expect, it } from "vitest";
import { accountStatusText, isImportOnlyAccount } from "./accounts";

const base = { credentialsSet: false, isDemo: false, config: {}, enabled: true, status: "pending" };

describe("account status words", () => {
  it("marks an account an import created, or the demo, as imported only while it has no credentials", () => {
    expect(accountStatusText({ ...base, status: "active", config: { source: "file" } })).toBe("imported only");
    expect(accountStatusText({ ...base, status: "active", isDemo: true })).toBe("imported only (demo)");
    expect(isImportOnlyAccount({ ...base, config: { source: "file" }, credentialsSet: true })).toBe(false);
  });

  it("says \"not tested\" rather than pending, and names a failed connection", () => {
    expect(accountStatusText({ ...base, credentialsSet: true })).toBe("not tested");
    expect(accountStatusText({ ...base, credentialsSet: true, status: "error" })).toBe("connection failed");
    expect(accountStatusText({ ...base, credentialsSet: true, status: "active", enabled: false })).toBe("disabled");
  });
});
