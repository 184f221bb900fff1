"use client";
// The inbox filter bar. Selects apply at once; text fields apply on Enter or "Apply" so typing
// does not fire a request per key. Every value lives in the URL.
import { useAlertFacetsQuery } from "@/components/hooks/queries/use-alert-query";
import { ALERT_SORT_LABELS, ALERT_SORTS, SEVERITIES } from "@/lib/shared/alerts";
import { ATTACK_TACTICS, ATTACK_TECHNIQUES } from "@/lib/shared/attack";
import { toIsoUtc, toLocalInput, type TInboxKey, type TInboxParams } from "./inbox-params";

const STATUS_OPTIONS: Array<[string, string]> = [["active", "Needs attention"], ["open", "Open"], ["acknowledged", "Acknowledged"], ["closed", "Closed"], ["all", "All"]];

export function AlertFilters({ params, onChange }: { params: TInboxParams; onChange: (patch: Partial<Record<TInboxKey, string | null>>) => void }) {
  const facets = useAlertFacetsQuery();
  const severities = new Set((params.severity ?? "").split(",").filter(Boolean));
  const toggleSeverity = (s: string) => {
    const next = new Set(severities);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    onChange({ severity: [...next].join(",") || null });
  };
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim() || null;
    onChange({ principal: text("principal"), action: text("action"), from: toIsoUtc(String(f.get("from") ?? "")), to: toIsoUtc(String(f.get("to") ?? "")) });
  };
  return (
    <form className="filters" onSubmit={onSubmit} aria-label="Alert filters" key={`${params.principal}|${params.action}|${params.from}|${params.to}`}>
      <label>
        Status
        <select value={params.status ?? "active"} onChange={(e) => onChange({ status: e.target.value === "active" ? null : e.target.value })}>
          {STATUS_OPTIONS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </label>
      <fieldset className="checks">
        <legend>Severity</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={severities.has(s)} onChange={() => toggleSeverity(s)} /> {s}
          </label>
        ))}
      </fieldset>
      <label>
        Account
        <select value={params.accountId ?? ""} onChange={(e) => onChange({ accountId: e.target.value || null })}>
          <option value="">All accounts</option>
          {facets.data?.accounts.map((a) => <option key={a.id} value={a.id}>{a.displayName}</option>)}
        </select>
      </label>
      <label>
        Category
        <select value={params.category ?? ""} onChange={(e) => onChange({ category: e.target.value || null })}>
          <option value="">All categories</option>
          {facets.data?.categories.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <label>
        ATT&amp;CK tactic
        <select value={params.tactic ?? ""} onChange={(e) => onChange({ tactic: e.target.value || null })}>
          <option value="">All tactics</option>
          {ATTACK_TACTICS.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
      </label>
      <label>
        ATT&amp;CK technique
        <select value={params.technique ?? ""} onChange={(e) => onChange({ technique: e.target.value || null })}>
          <option value="">All techniques</option>
          {params.technique && !ATTACK_TECHNIQUES.some((t) => t.id === params.technique) ? <option value={params.technique}>{params.technique}</option> : null}
          {ATTACK_TECHNIQUES.map((t) => <option key={t.id} value={t.id}>{t.id} {t.name}</option>)}
        </select>
      </label>
      <label>
        Assignee
        <select value={params.assignee ?? ""} onChange={(e) => onChange({ assignee: e.target.value || null })}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
        </select>
      </label>
      <label>
        Principal
        <input name="principal" defaultValue={params.principal ?? ""} placeholder="name or ARN" />
      </label>
      <label>
        Action
        <input name="action" defaultValue={params.action ?? ""} placeholder="e.g. CreateAccessKey" />
      </label>
      <label>
        From (UTC)
        <input type="datetime-local" name="from" defaultValue={toLocalInput(params.from)} />
      </label>
      <label>
        To (UTC)
        <input type="datetime-local" name="to" defaultValue={toLocalInput(params.to)} />
      </label>
      <label>
        Sort
        <select value={params.sort ?? "newest"} onChange={(e) => onChange({ sort: e.target.value === "newest" ? null : e.target.value })}>
          {ALERT_SORTS.map((s) => <option key={s} value={s}>{ALERT_SORT_LABELS[s]}</option>)}
        </select>
      </label>
      <div className="filter-actions">
        <button type="submit">Apply</button>
        <button type="button" className="secondary" onClick={() => onChange({ status: null, severity: null, accountId: null, category: null, tactic: null, technique: null, assignee: null, principal: null, action: null, from: null, to: null, sort: null })}>
          Clear
        </button>
      </div>
    </form>
  );
}
