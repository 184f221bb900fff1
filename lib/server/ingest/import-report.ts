// What an import tells its user, in one shape for `trailwatch import --json` and the admin upload,
// and in lines for people: records recovered from a flawed file, files skipped and why, and events
// older than the retention (kept for the retention from their import, never purged unannounced).
import type { ImportResult, ImportRetention } from "./import-files";

const LISTED = 20;
const day = (d: Date) => d.toISOString().slice(0, 10);

export function importJson(r: ImportResult) {
  const { files, parsed, stored, duplicates, rejected, rejects, rejectsTruncated, warnings, retention } = r;
  const skipped = [...r.skipped, ...r.ignored.map((i) => ({ file: i.file, position: "file", reason: i.reason }))];
  return { files, parsed, stored, duplicates, rejected, rejects, rejectsTruncated, warnings, skipped, retention };
}

function keptNote(t: Pick<ImportRetention, "days" | "keptUntil">): string {
  return `imported history is kept ${t.days} days from its import (until ${day(t.keptUntil)} for events stored now), not purged by event time (TRAILWATCH_RETENTION_DAYS sets the days)`;
}

/** Said as soon as an import meets events older than the retention, before it has counted them all. */
export function describeOlderSeen(t: ImportRetention): string {
  return `these files hold events older than the ${t.days}-day retention (from ${t.olderFrom ? day(t.olderFrom) : "?"} on): ${keptNote(t)}`;
}

/** Said at the end: how many, from when, kept until when. */
export function describeOlderHistory(t: ImportRetention): string {
  const range = t.olderFrom && t.olderTo ? ` (${day(t.olderFrom)} to ${day(t.olderTo)})` : "";
  return `${t.olderEvents.toLocaleString("en-US")} event(s) are older than the ${t.days}-day retention${range}: ${keptNote(t)}`;
}

/** The human summary, one line each. */
export function describeImport(r: ImportResult): string[] {
  const lines = [`${r.files} file(s): ${r.parsed} events parsed, ${r.stored} stored, ${r.duplicates} duplicates, ${r.rejected} rejected in ${(r.durationMs / 1000).toFixed(1)} s`];
  if (r.timeFrom && r.timeTo) lines.push(`events from ${r.timeFrom.toISOString()} to ${r.timeTo.toISOString()}`);
  for (const w of r.warnings.slice(0, LISTED)) lines.push(`warning ${w.file} (${w.position}): ${w.message}; the records around it were read`);
  if (r.warnings.length > LISTED) lines.push(`… ${r.warnings.length - LISTED} more warnings (--json lists them all)`);
  for (const s of r.skipped.slice(0, LISTED)) lines.push(`skipped ${s.file} (${s.position}): ${s.reason}`);
  for (const x of r.rejects.slice(0, LISTED)) lines.push(`rejected ${x.file} (${x.position}): ${x.reason}`);
  const more = r.rejected - Math.min(r.rejects.length, LISTED);
  if (more > 0) lines.push(`… ${more} more rejects in ingest_rejects (import run ${r.importRunId})`);
  const byReason = new Map<string, number>();
  for (const i of r.ignored) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + 1);
  for (const [reason, n] of byReason) lines.push(`${n} file(s) in the folders ${reason} (--json lists them)`);
  if (r.retention.olderEvents > 0) lines.push(describeOlderHistory(r.retention));
  if (!r.readAnything) lines.push(r.files ? "nothing could be read from these files" : "no files to import");
  return lines;
}
