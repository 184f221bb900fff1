import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { AppError } from "@/lib/server/errors";
import { auditActor, writeAudit } from "@/lib/server/dal/audit";
import { importJson } from "@/lib/server/ingest/import-report";
import { MAX_UPLOAD_BYTES, importUpload } from "@/lib/server/ingest/upload";

// POST multipart/form-data: files (one or more) and an optional account name. Answers with the
// same summary as `trailwatch import --json`.
export const POST = withApi({ permission: "manage:accounts" }, async (ctx) => {
  if (!(ctx.req.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    throw new AppError("unsupported_media_type", "Expected multipart/form-data");
  }
  if (Number(ctx.req.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES) throw new AppError("payload_too_large", "Upload too large");
  const form = await ctx.req.formData().catch(() => {
    throw new AppError("bad_request", "Malformed multipart body");
  });
  const files = form.getAll("files").filter((f): f is File => typeof f === "object" && f !== null && "stream" in f);
  const account = String(form.get("account") ?? "").trim().slice(0, 200) || undefined;
  const db = getPrisma();
  const result = await importUpload(db, files, { account, uploadedBy: ctx.user.email });
  await writeAudit(db, auditActor(ctx), {
    action: "data.upload",
    targetType: "import_run",
    targetId: result.importRunId,
    details: { files: result.files, stored: result.stored, duplicates: result.duplicates, rejected: result.rejected, account: account ?? null },
  });
  return importJson(result);
});
