// The colour theme (issue 17): the browser's preference ("system") or an explicit light or dark
// choice, kept in a cookie so the server renders the right one without a flash.
export const THEMES = ["system", "light", "dark"] as const;
export type TTheme = (typeof THEMES)[number];
export const THEME_COOKIE = "tw-theme";

export function parseTheme(value: string | undefined): TTheme {
  return THEMES.includes(value as TTheme) ? (value as TTheme) : "system";
}
