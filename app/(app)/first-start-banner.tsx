"use client";
// The first-start banner (issue 17): on every page while `npm start` seeds the demo, trains the
// first model and scores the backfill, so a newcomer knows why pages are still empty. Gone once
// the first scoring pass is done; at that moment every query refetches, so the pages fill in.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { formatCount } from "@/components/common/format";
import { useFirstStartQuery } from "@/components/hooks/queries/use-first-start-query";
import type { TFirstStart } from "@/lib/server/dal/first-start";

type TActive = Exclude<TFirstStart, { phase: "done" }>;

/** What is happening and how far along it is (0–1, or null when unknown). */
function describeFirstStart(s: TActive): { text: string; done: number | null } {
  switch (s.phase) {
    case "generating":
      return { text: `Setting up the demo: generating day ${s.day} of ${s.days} of a simulated organisation`, done: s.days ? s.day / s.days : null };
    case "importing":
      return { text: `Setting up the demo: importing events, ${formatCount(s.stored)}${s.events ? ` of ${formatCount(s.events)}` : ""}`, done: s.events ? Math.min(1, s.stored / s.events) : null };
    case "starting-worker":
      return { text: "Demo imported: waiting for the worker to start training the first model", done: null };
    case "training":
      return {
        text: `Training the first model (v${s.version})${s.epoch && s.epochs ? `: epoch ${s.epoch} of ${s.epochs}` : ""}, ${Math.round(s.progress * 100)}%`,
        done: s.progress,
      };
    case "scoring":
      return { text: `Scoring the demo's events: ${formatCount(s.left)} left of ${formatCount(s.events)}; alerts appear as they are found`, done: s.events ? 1 - s.left / s.events : null };
  }
}

export function FirstStartBanner() {
  const query = useFirstStartQuery();
  const client = useQueryClient();
  const wasActive = useRef(false);
  const state = query.data;
  const isActive = state !== undefined && state.phase !== "done";

  useEffect(() => {
    if (isActive) wasActive.current = true;
    else if (state?.phase === "done" && wasActive.current) {
      wasActive.current = false;
      void client.invalidateQueries();
    }
  }, [isActive, state, client]);

  if (!isActive) return null;
  const { text, done } = describeFirstStart(state);
  return (
    <div className="first-start-banner" role="status" data-testid="first-start-banner">
      <span>{text}.</span>
      {done === null ? <progress aria-label="Progress" /> : <progress aria-label="Progress" max={1} value={done} />}
      <span className="muted">This takes a few minutes on the first start; pages fill in as it goes.</span>
    </div>
  );
}
