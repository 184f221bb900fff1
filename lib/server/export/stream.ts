// Streamed exports (issue 17): rows as CSV or JSON Lines, produced page by page as the client reads
// (a pull-based ReadableStream), so an export of millions of rows holds one page in memory and
// stops querying when the download is cancelled.
export type TExportFormat = "csv" | "jsonl";

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

// Spreadsheets run a cell starting with these as a formula (CSV injection, OWASP): a leading quote
// makes it text. Tab and carriage return start formulas in some of them too.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** One JSON object per line, keyed by the column headers; JSON needs no formula escaping. */
function jsonLine<T>(columns: ExportColumn<T>[], row: T): string {
  return `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.header, c.value(row) ?? null])))}\n`;
}

export function exportStream<T>(format: TExportFormat, columns: ExportColumn<T>[], pages: AsyncIterator<T[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let isHeaderSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (format === "csv" && !isHeaderSent) {
        isHeaderSent = true;
        // A BOM so spreadsheet programs read the file as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(columns.map((c) => c.header))}`));
        return;
      }
      // A pull that enqueues nothing is not called again: skip empty pages within this one.
      for (;;) {
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        const text = next.value.map((row) => (format === "csv" ? csvLine(columns.map((c) => c.value(row))) : jsonLine(columns, row))).join("");
        if (text) {
          controller.enqueue(encoder.encode(text));
          return;
        }
      }
    },
    async cancel() {
      await pages.return?.();
    },
  });
}

export function exportResponse(stream: ReadableStream<Uint8Array>, format: TExportFormat, baseName: string): Response {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${baseName}-${stamp}.${format === "csv" ? "csv" : "jsonl"}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
