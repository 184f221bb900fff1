// One palette for every chart, matched to globals.css, and fixed colours for the vocabularies
// analysts learn to read at a glance (severity, status).
export const SERIES_COLORS = ["#1f5fbf", "#16794a", "#b54708", "#7a5af8", "#0e9384", "#c11574", "#667085", "#dc6803"];
export const SEVERITY_COLORS: Record<string, string> = { critical: "#7a0916", high: "#b42318", medium: "#dc6803", low: "#98a2b3" };
export const STATUS_COLORS: Record<string, string> = { open: "#b42318", acknowledged: "#dc6803", closed: "#16794a" };
export const AXIS = { stroke: "#98a2b3", fontSize: 11 } as const;
export const GRID = "#eaecf0";
export const FLAGGED = "#b42318";
export const NORMAL_POINT = "#1f5fbf";
export const UNSCORED_POINT = "#98a2b3";

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length];
}
