"use client";
// The footer of every keyset-paged list: how many rows are shown and a "Load more" button while
// the server has more pages.

interface LoadMoreFooterProps {
  shown: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  /** Say "end of list" once the last page is in. */
  showEnd?: boolean;
}

export function LoadMoreFooter({ shown, hasNextPage, isFetchingNextPage, onLoadMore, showEnd = false }: LoadMoreFooterProps) {
  return (
    <div className="table-foot">
      <span className="muted">
        {shown} shown{showEnd && !hasNextPage ? " · end of list" : ""}
      </span>
      {hasNextPage ? (
        <button type="button" className="secondary" onClick={onLoadMore} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
