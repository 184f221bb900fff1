// Finds every route handler and server action under app/, the way Next does: route.ts files and
// files whose first statement is "use server".
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** "app/(app)/api/x/[id]/route.ts" → "/api/x/[id]": route groups vanish from the URL. */
export function routePath(file: string): string {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return `/${rel.filter((s) => !(s.startsWith("(") && s.endsWith(")"))).join("/")}`;
}

export function listRouteFiles(): string[] {
  return walk(path.join(ROOT, "app")).filter((f) => /\/route\.(ts|js)$/.test(f)).sort();
}

export function listServerActionFiles(): string[] {
  return [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "lib")), ...(fs.existsSync(path.join(ROOT, "components")) ? walk(path.join(ROOT, "components")) : [])]
    .filter((f) => !f.includes(`${path.sep}generated${path.sep}`))
    .filter((f) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(f, "utf8")))
    .sort();
}

export function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join("/");
}

/** The names a module exports, read from its source (importing every action file would pull in all of Next). */
export function exportedNames(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  const names = new Set<string>();
  for (const m of src.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let)\s+(\w+)/g)) names.add(m[1] as string);
  for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) for (const part of (m[1] as string).split(",")) {
    const name = part.trim().split(/\s+as\s+/).pop()?.trim();
    if (name && name !== "type" && !part.trim().startsWith("type ")) names.add(name);
  }
  return [...names];
}
