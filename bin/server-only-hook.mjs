// Module resolution hook for bin/trailwatch.mjs: `import "server-only"` becomes a no-op.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return nextResolve(specifier, context);
}
