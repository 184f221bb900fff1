// Download links for a streamed export (issue 17): the same filters as the screen, as CSV or JSON Lines.
import { toSearch } from "@/components/hooks/queries/fetcher";

export function ExportLinks({ endpoint, params, label }: { endpoint: string; params: Record<string, string | null | undefined>; label: string }) {
  return (
    <span className="export-links" aria-label={label} role="group">
      <a className="button secondary small" href={`${endpoint}${toSearch({ ...params, format: "csv" })}`} download data-testid="export-csv">Export CSV</a>
      <a className="button secondary small" href={`${endpoint}${toSearch({ ...params, format: "jsonl" })}`} download data-testid="export-jsonl">Export JSON Lines</a>
    </span>
  );
}
