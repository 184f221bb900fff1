/**
 * Milliseconds per named phase of a long task, for its log line: each lap is measured from the
 * previous one, and a phase lapped again (one per loop iteration) adds up.
 */
export function phaseClock(): { ms: Record<string, number>; lap: (phase: string) => void } {
  const ms: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    ms[phase] = Math.round((ms[phase] ?? 0) + now - mark);
    mark = now;
  };
  return { ms, lap };
}
