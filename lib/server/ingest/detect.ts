// What kind of file this is, from its first bytes (after gzip) rather than its name: S3 objects
// arrive as `.json.gz`, console-session exports have no extension, and users rename things.

export type TDetected =
  | { format: "json" | "jsonl" | "csv" }
  | { format: "empty"; reason: string }
  | { format: "digest"; reason: string }
  | { format: "unsupported"; reason: string };

const MAGIC: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x47, 0x49, 0x46, 0x38], "a GIF image"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (extract it and import the files inside)"],
  [[0x42, 0x5a, 0x68], "a bzip2 archive (only gzip is read)"],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "an xz archive (only gzip is read)"],
  [[0x28, 0xb5, 0x2f, 0xfd], "a zstd archive (only gzip is read)"],
  [[0x37, 0x7a, 0xbc, 0xaf], "a 7z archive"],
  [[0x50, 0x41, 0x52, 0x31], "a Parquet file (export as JSON or CSV)"],
  [[0x7f, 0x45, 0x4c, 0x46], "an executable"],
  [[0x1f, 0x8b], "a gzip inside a gzip"],
];

const CONTAINER_START_RE = /^\s*\{\s*"(?:Records|records|Events|value)"\s*:\s*\[/;

function startsWith(head: Buffer, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/** Share of bytes that do not occur in text: control characters other than tab/CR/LF/FF, and invalid UTF-8. */
function binaryShare(head: Buffer, text: string): number {
  let control = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  let replaced = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0 && i < 8192; i = text.indexOf("\ufffd", i + 1)) replaced++;
  return (control + replaced) / Math.max(1, n);
}

function looksLikeJsonLines(text: string, complete: boolean): boolean {
  const lines = text.split("\n");
  if (!complete) lines.pop(); // the last line may be cut off by the sniff window
  const nonEmpty = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  // One whole line followed by more input (a long second line beyond the window) counts too.
  if (nonEmpty.length === 0 || (nonEmpty.length === 1 && complete)) return false;
  const objectLines = nonEmpty.filter((l) => l.startsWith("{") && l.endsWith("}"));
  if (objectLines.length < Math.min(2, nonEmpty.length) || objectLines.length < nonEmpty.length / 2) return false;
  return objectLines.some((l) => {
    try {
      JSON.parse(l);
      return true;
    } catch {
      return false;
    }
  });
}

function preview(text: string): string {
  const shown = text.trim().slice(0, 40).replace(/\s+/g, " ");
  return JSON.stringify(shown);
}

/** Sniffs the first bytes (up to ~64 KiB, decompressed, BOM removed); `complete` when that is the whole input. */
export function detectFormat(head: Buffer, complete: boolean): TDetected {
  if (head.length === 0) return { format: "empty", reason: "empty file" };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { format: "unsupported", reason: "not an audit log: UTF-16 text (re-save as UTF-8)" };
  }
  for (const [magic, what] of MAGIC) if (startsWith(head, magic)) return { format: "unsupported", reason: `not an audit log: ${what}` };
  const text = head.toString("utf8");
  if (binaryShare(head, text) > 0.05) return { format: "unsupported", reason: "not an audit log: binary data" };
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return { format: "empty", reason: "no content (whitespace only)" };
  const first = trimmed.charCodeAt(0);
  if (first < 32) {
    return { format: "unsupported", reason: `not an audit log: starts with control character 0x${first.toString(16).padStart(2, "0")}` };
  }
  if (first === 60) {
    const kind = /^<(!doctype html|html)/i.test(trimmed) ? "an HTML page" : "XML/HTML markup";
    return { format: "unsupported", reason: `not an audit log: ${kind}` };
  }
  if (first === 123 || first === 91) {
    if (text.includes('"digestS3Object"') && text.includes('"digestStartTime"')) {
      return { format: "digest", reason: "CloudTrail digest file (integrity hashes of log files, not events)" };
    }
    if (first === 91 || CONTAINER_START_RE.test(text)) return { format: "json" };
    return { format: looksLikeJsonLines(text, complete) ? "jsonl" : "json" };
  }
  const firstLine = trimmed.slice(0, trimmed.indexOf("\n") >>> 0);
  if (firstLine.includes(",")) return { format: "csv" };
  return { format: "unsupported", reason: `not an audit log: not JSON, JSON Lines or CSV (starts with ${preview(trimmed)})` };
}
