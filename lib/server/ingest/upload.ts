import "server-only";
// Admin upload (issue 3): the files of a multipart request are streamed to a private temporary
// folder (never held whole in memory), imported with the same importFiles the CLI uses, then
// deleted. File names from the browser are attacker-controlled: only their base name is kept,
// sanitised, so nothing is written outside the folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { AuditActor } from "@/lib/server/dal/audit";
import { importFiles, type ImportResult } from "./import-files";

export const MAX_UPLOAD_FILES = 50;
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export function safeUploadName(name: string, index: number): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return `${String(index).padStart(3, "0")}-${base.slice(-120) || "upload"}`;
}

export async function importUpload(db: TPrisma, files: File[], opts: { accountId?: string; actor: AuditActor }): Promise<ImportResult> {
  if (files.length === 0) throw new AppError("bad_request", "Choose at least one file");
  if (files.length > MAX_UPLOAD_FILES) throw new AppError("bad_request", `At most ${MAX_UPLOAD_FILES} files per upload`);
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_UPLOAD_BYTES) throw new AppError("payload_too_large", `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-upload-"));
  try {
    const paths: string[] = [];
    for (const [i, file] of files.entries()) {
      const target = path.join(dir, safeUploadName(file.name, i));
      await pipeline(Readable.fromWeb(file.stream() as unknown as NodeReadableStream), fs.createWriteStream(target, { mode: 0o600 }));
      paths.push(target);
    }
    const result = await importFiles(db, paths, { accountId: opts.accountId, actor: opts.actor, source: `upload by ${opts.actor.email}` });
    // The answer names files as the uploader sent them (sanitised), never by the server's temporary path.
    const shown = (text: string) => text.replaceAll(`${dir}${path.sep}`, "").replaceAll(dir, "upload");
    const clean = (items: ImportResult["rejects"]) => items.map((r) => ({ ...r, file: shown(r.file), reason: shown(r.reason) }));
    return { ...result, rejects: clean(result.rejects), skipped: clean(result.skipped) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
