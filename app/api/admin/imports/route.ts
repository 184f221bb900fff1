import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { getAccount } from "@/lib/server/dal/accounts";
import { importJson } from "@/lib/server/ingest/import-report";
import { MAX_UPLOAD_BYTES, importUpload } from "@/lib/server/ingest/upload";

// POST multipart/form-data: files (one or more) and an optional accountId (an existing account
// every event goes to; without it, accounts come from the events). Answers with the same summary
// as `trailwatch import --json`. importFiles writes the audit rows (import.start, import.finish).
export const POST = withApi({ permission: "manage:accounts" }, async (ctx) => {
  if (!(ctx.req.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    throw new AppError("unsupported_media_type", "Expected multipart/form-data");
  }
  if (Number(ctx.req.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES) throw new AppError("payload_too_large", "Upload too large");
  const form = await ctx.req.formData().catch(() => {
    throw new AppError("bad_request", "Malformed multipart body");
  });
  const files = form.getAll("files").filter((f): f is File => typeof f === "object" && f !== null && "stream" in f);
  const chosen = String(form.get("accountId") ?? "");
  const accountId = chosen ? z.uuid().safeParse(chosen) : null;
  if (accountId && !accountId.success) throw new AppError("bad_request", "Invalid account");
  const db = getPrisma();
  if (accountId?.data) await getAccount(db, accountId.data);
  const result = await importUpload(db, files, { accountId: accountId?.data, actor: auditActor(ctx) });
  return importJson(result);
});
