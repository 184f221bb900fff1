import { describe, expect, it } from "vitest";
import { normalizeRecord } from "../normalize-record";
import type { NormalizedEvent } from "../types";
import { collapseOperations } from "./collapse";
import type { TAzureParsedRecord } from "./collapse";

const ctx = { fileKey: "dir/activity.json" };
const OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
const SUB = "0b0b0000-0000-4000-8000-000000000000";

function normalize(record: Record<string, unknown>): NormalizedEvent {
  const result = normalizeRecord(record, ctx);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe("Azure shapes", () => {
  it("reads the diagnostic-setting export (time, resultType, identity.claims)", () => {
    const e = normalize({
      time: "2024-12-17T10:30:00.0000000Z",
      resourceId: `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV`,
      operationName: "Microsoft.KeyVault/vaults/secrets/read",
      category: "Administrative",
      resultType: "Failure",
      resultSignature: "Forbidden",
      callerIpAddress: "198.51.100.7:50123",
      location: "westeurope",
      identity: { claims: { [OID]: "C0FFEE00-0000-4000-8000-000000000000", [UPN]: "eve@contoso.com", appid: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c" } },
    });
    expect(e).toMatchObject({
      action: "MICROSOFT.KEYVAULT/VAULTS/SECRETS/READ",
      service: "MICROSOFT.KEYVAULT",
      accountExternalId: SUB,
      region: "westeurope",
      outcome: "failure",
      errorCode: "Forbidden",
      readOnly: true,
      principalKey: "azure:c0ffee00-0000-4000-8000-000000000000",
      principalType: "user",
      principalName: "eve@contoso.com",
      sourceIp: "198.51.100.7",
      category: "api",
    });
    expect(e.eventTime.toISOString()).toBe("2024-12-17T10:30:00.000Z");
  });

  it("reads the Python SDK's snake_case spelling (az monitor activity-log list)", () => {
    const e = normalize({
      event_data_id: "587eda65-125e-48c2-9b04-ab5e8d3a1d8e",
      operation_id: "op-1",
      operation_name: { value: "Microsoft.Compute/disks/delete", localized_value: "Delete disk" },
      status: { value: "Started" },
      event_timestamp: "2022-02-09T03:04:54.297853Z",
      subscription_id: SUB,
      caller: "12345678-aaaa-bbbb-cccc-123456789012",
      claims: { appid: "12345678-aaaa-bbbb-cccc-123456789012", idtyp: "app" },
      http_request: { client_ip_address: "1.2.3.4", method: "DELETE" },
    });
    expect(e).toMatchObject({ providerEventId: "587eda65-125e-48c2-9b04-ab5e8d3a1d8e", action: "MICROSOFT.COMPUTE/DISKS/DELETE", principalType: "app", principalKey: "azure:12345678-aaaa-bbbb-cccc-123456789012", sourceIp: "1.2.3.4", readOnly: false });
  });

  it("normalizes operation names of any case to one action", () => {
    const names = ["Microsoft.Compute/virtualMachines/delete", "microsoft.compute/virtualmachines/delete", "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE"];
    const actions = names.map((operationName) => normalize({ time: "2024-01-01T00:00:00Z", operationName, resourceId: `/subscriptions/${SUB}` }).action);
    expect(new Set(actions)).toEqual(new Set(["MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE"]));
  });

  it("keys platform categories (Policy, Autoscale) on the principal they acted for, the category marking the event", () => {
    const audit = { time: "2024-01-01T00:00:00Z", operationName: "Microsoft.Authorization/policies/audit/action", category: "Policy" };
    const own = normalize({ time: "2024-01-01T00:00:00Z", operationName: "Microsoft.Compute/disks/write", category: "Administrative", caller: "bob@contoso.com" });
    expect(own).toMatchObject({ principalKey: "azure:bob@contoso.com", invokedBy: null, category: "api" });
    expect(normalize({ ...audit, caller: "bob@contoso.com" })).toMatchObject({ principalKey: "azure:bob@contoso.com", principalType: "user", principalName: "bob@contoso.com", invokedBy: "Policy", category: "service" });
    // Naming nobody (or only a platform feature), the category is its own stream, named after it.
    expect(normalize({ ...audit, category: { value: "Autoscale" }, caller: "Microsoft.Insights/autoscaleSettings" })).toMatchObject({
      principalKey: "azure-service:autoscale", principalType: "service", principalName: "Autoscale", invokedBy: "Autoscale",
    });
    expect(normalize(audit)).toMatchObject({ principalKey: "azure-service:policy", principalName: "Policy" });
  });

  it("falls back to the subscription when nobody is named", () => {
    expect(normalize({ time: "2024-01-01T00:00:00Z", operationName: "x/y/write", resourceId: `/subscriptions/${SUB}/rg` }).principalKey).toBe(`unknown:${SUB}`);
  });

  it.each([
    [{ operationName: "a/b/read" }, "missing eventTimestamp/time"],
    [{ time: "soon", operationName: "a/b/read" }, 'unparseable time: "soon"'],
    [{ time: "2024-01-01T00:00:00Z", operationName: { localizedValue: "Read" }, eventDataId: "x" }, "missing operationName"],
  ])("rejects %j", (record, reason) => {
    expect(normalizeRecord(record, ctx)).toEqual({ ok: false, reason });
  });
});

describe("collapseOperations", () => {
  function item(operationId: string | null, status: string, time: string, action = "MICROSOFT.NETWORK/VIRTUALNETWORKS/WRITE"): TAzureParsedRecord {
    const event = normalize({ time, operationName: action, resultType: status, eventDataId: `${status}-${time}`, resourceId: `/subscriptions/${SUB}` });
    return { event, operationId, status, position: `row ${time.slice(-3, -1)}` };
  }

  it("keeps one event per (operationId, operation) with the final status and the start time", () => {
    const out = collapseOperations([
      item("op-1", "Succeeded", "2024-01-01T00:00:09Z"),
      item("op-1", "Started", "2024-01-01T00:00:01Z"),
      item("op-1", "Accepted", "2024-01-01T00:00:05Z"),
      item("op-1", "Succeeded", "2024-01-01T00:00:02Z", "MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION"),
      item(null, "Failed", "2024-01-01T00:00:03Z"),
      item("op-2", "Started", "2024-01-01T00:00:04Z"),
      item("OP-2", "Failed", "2024-01-01T00:00:06Z"),
    ]);
    expect(out.map((r) => [r.event.providerEventId, r.status, r.event.eventTime.toISOString().slice(17, 19), r.position])).toEqual([
      ["op-op-1-MICROSOFT.NETWORK/VIRTUALNETWORKS/WRITE", "Succeeded", "01", "row 09"],
      ["op-op-1-MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION", "Succeeded", "02", "row 02"],
      ["Failed-2024-01-01T00:00:03Z", "Failed", "03", "row 03"],
      ["op-op-2-MICROSOFT.NETWORK/VIRTUALNETWORKS/WRITE", "Failed", "04", "row 04"],
    ]);
    expect(out[3].event.outcome).toBe("failure");
  });

  it("keeps the latest non-terminal status when an operation never finished", () => {
    const out = collapseOperations([item("op-3", "Started", "2024-01-01T00:00:01Z"), item("op-3", "Accepted", "2024-01-01T00:00:02Z")]);
    expect(out).toHaveLength(1);
    expect(out[0].status).toBe("Accepted");
  });
});
