// Small readers for untrusted JSON values. Vendor exports and hand-edited test records put
// placeholders where values were ("...", "redacted", "<victim display name>"); those count as absent.

export type TJsonObject = Record<string, unknown>;

export function asObject(value: unknown): TJsonObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as TJsonObject) : null;
}

/** True for strings that stand in for a removed value. */
export function isPlaceholder(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  // "<victim display name>" (hand-edited samples), but not markup such as "<script>…</script>".
  if (value.charCodeAt(0) === 60 && value.indexOf(">") === n - 1 && value.lastIndexOf("<") === 0) return true;
  if (n > 11) return false;
  if (value === "..." || value === "null" || value === "undefined" || value === "-") return true;
  const lower = value.toLowerCase();
  return lower === "redacted" || lower === "n/a";
}

/** The value when it is a real string, or null when missing, not a string, or a placeholder. */
export function str(value: unknown): string | null {
  return typeof value === "string" && !isPlaceholder(value) ? value : null;
}

/** A field that is a string or `{ value, localizedValue }` (Azure REST) / `{ value, localized_value }` (Python SDK). */
export function strOrValue(value: unknown): string | null {
  if (typeof value === "string") return str(value);
  const obj = asObject(value);
  return obj ? str(obj.value) : null;
}

/** The first present (non-null) value among the named keys: camelCase and snake_case spellings of one field. */
export function pick(obj: TJsonObject, ...keys: string[]): unknown {
  for (const key of keys) {
    const v = obj[key];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A boolean from true/false or "true"/"false" in any case; null otherwise. */
export function bool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return null;
}

/** A short description of a value's keys for reject reasons. */
export function describeKeys(value: unknown): string {
  const obj = asObject(value);
  if (!obj) return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
  const keys = Object.keys(obj);
  const shown = keys.slice(0, 6).join(", ");
  return keys.length > 6 ? `{${shown}, …}` : `{${shown}}`;
}

/** Raw text for a reject, size-capped so a hostile record cannot bloat the reject store. */
export function clip(text: string | null, max = 4096): string | null {
  if (text === null) return null;
  return text.length > max ? `${text.slice(0, max)}… [${text.length - max} more chars]` : text;
}
