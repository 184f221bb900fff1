import { describe, expect, it } from "vitest";
import { actionLabel, principalLabel } from "./names";

describe("names", () => {
  it("labels actions of both clouds", () => {
    expect(actionLabel("s3.amazonaws.com:GetBucketLocation")).toBe("GetBucketLocation (S3)");
    expect(actionLabel("lambda.amazonaws.com:UpdateFunctionCode20150331v2")).toBe("UpdateFunctionCode (Lambda)");
    expect(actionLabel("newservice.amazonaws.com:DoThing")).toBe("DoThing (Newservice)");
    expect(actionLabel("resource-groups.amazonaws.com:ListGroups")).toBe("ListGroups (Resource Groups)");
    expect(actionLabel("xyz.amazonaws.com:Get")).toBe("Get (XYZ)");
    expect(actionLabel("MICROSOFT.CONTAINERINSTANCE/REGISTER/ACTION")).toBe("register (Container Instances)");
    expect(actionLabel("MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION")).toBe("storageaccounts/listkeys (Storage)");
    expect(actionLabel("Microsoft.Resources/deployments/write")).toBe("deployments/write (Resources)");
    expect(actionLabel("something-else")).toBe("something-else");
    // Event text: a name that is also an Object member is still just text.
    expect(actionLabel("constructor.amazonaws.com:toString")).toBe("toString (Constructor)");
    expect(actionLabel("Microsoft.constructor/x/write")).toBe("x/write (Constructor)");
  });
  it("shortens a bare GUID only", () => {
    expect(principalLabel("1F0C2D3E-4A5B-6C7D-8E9F-0A1B2C3D4E5F")).toBe("Azure app 1F0C2D3E…");
    expect(principalLabel("alice")).toBe("alice");
    expect(principalLabel("app 1f0c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f")).toBe("app 1f0c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f");
  });
});
