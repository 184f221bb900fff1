"use client";
// Filters live in the URL (issue 7: a view can be shared). The URL is the state: reading it is
// derivation, writing it is router.replace; nothing is copied into useState.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export function useUrlParams<K extends string>(keys: readonly K[]) {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const spString = sp.toString();
  const values = useMemo(() => {
    const params = new URLSearchParams(spString);
    const out: Partial<Record<K, string>> = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v) out[k] = v;
    }
    return out;
    // keys is a module constant at every call site
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spString]);
  const set = useCallback(
    (patch: Partial<Record<K, string | null | undefined>>) => {
      const next = new URLSearchParams(spString);
      for (const [k, v] of Object.entries(patch) as Array<[string, string | null | undefined]>) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [spString, router, pathname],
  );
  return [values, set] as const;
}
