"use client";
// Loading, empty and error states: every container shows one of these instead of a blank box.
import type { ReactNode } from "react";

export function LoadingState({ label = "Loading…", height }: { label?: string; height?: number }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite" style={height ? { minHeight: height } : undefined}>
      <span className="spinner" aria-hidden /> {label}
    </div>
  );
}

export function EmptyState({ title, children, height }: { title: string; children?: ReactNode; height?: number }) {
  return (
    <div className="state state-empty" data-testid="empty-state" style={height ? { minHeight: height } : undefined}>
      <strong>{title}</strong>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, onRetry, height }: { error: unknown; onRetry?: () => void; height?: number }) {
  const message = error instanceof Error ? error.message : "Something went wrong";
  return (
    <div className="state state-error" role="alert" style={height ? { minHeight: height } : undefined}>
      <span className="error">Could not load: {message}</span>
      {onRetry ? (
        <button type="button" className="secondary small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Picks the state view for a query; renders children only with data. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  height,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  height?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState height={height} />;
  if (query.error && query.data === undefined) return <ErrorState error={query.error} onRetry={() => query.refetch()} height={height} />;
  if (query.data === undefined) return <LoadingState height={height} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState title="Nothing here yet" height={height} />}</>;
  return <>{children(query.data)}</>;
}
