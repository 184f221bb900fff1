// Why the event was flagged, in plain words and numbers: what the model expected next against
// what happened, which attributes were unusual, and how this principal normally behaves.
import type { TAlertDetail } from "@/components/hooks/queries/use-alert-query";
import { describeFacts, describeFamiliarSession, describePopulationShift, describeSurprise, formatProbability, RULE_TEXT, type TBurst } from "@/lib/shared/explanation";
import { actionLabel, principalLabel } from "@/lib/shared/names";

function Bar({ p, tone }: { p: number; tone: "expected" | "actual" }) {
  return (
    <span className="pbar" aria-hidden>
      <span className={`pbar-fill ${tone}`} style={{ width: `${Math.max(1, Math.min(100, p * 100))}%` }} />
    </span>
  );
}

const NOVELTY_TEXT: Record<string, string> = { address: "an address", client: "a client" };

/** The burst's calls whose surprise added up (ml/burst.ts), each as text: attacker-controlled values. */
function BurstList({ burst }: { burst: TBurst }) {
  const novelty = (burst.novelty ?? []).map((n) => NOVELTY_TEXT[n] ?? n).join(" and ");
  return (
    <>
      <h3>Burst from {novelty || "an unfamiliar source"} never used before</h3>
      <p className="muted" data-testid="burst-summary">
        {burst.contributing ?? burst.events?.length ?? 0} calls within minutes from <span className="mono">{burst.sourceIp ?? "no address"}</span>
        {burst.userAgentFamily ? <> (client family: {burst.userAgentFamily})</> : null}: none was rare enough to alert alone, together they were
        {burst.evidence !== undefined ? <> ({burst.evidence.toFixed(1)} nats of evidence)</> : null}.
      </p>
      <ol className="usual-list" data-testid="burst-events">
        {(burst.events ?? []).map((m) => (
          <li key={m.eventId} className="mono" title={m.action}>{m.time.slice(11, 19)} {actionLabel(m.action)} <span className="muted">· {m.score.toFixed(1)}</span></li>
        ))}
      </ol>
    </>
  );
}

export function ExplanationPanel({ alert }: { alert: TAlertDetail }) {
  const x = alert.explanation;
  const actual = x.actual.action ?? alert.action;
  const top = x.expected[0];
  const facts = describeFacts(x.facts);
  return (
    <section className="panel" aria-labelledby="why-title" data-testid="explanation">
      <h2 id="why-title">Why this was flagged</h2>
      <p className="lead" data-testid="explanation-summary">
        {top ? (
          <>
            From {principalLabel(alert.principal.displayName)}&rsquo;s recent activity the model expected <strong className="mono" title={top.action}>{actionLabel(top.action)}</strong> next ({formatProbability(top.p)}).
            Instead it saw <strong className="mono" title={actual}>{actionLabel(actual)}</strong>, which it gave {formatProbability(x.actual.probability)}
            {x.actual.rank !== null ? <> (rank {x.actual.rank})</> : null}.
          </>
        ) : (
          <>The model gave <strong className="mono" title={actual}>{actionLabel(actual)}</strong> a probability of {formatProbability(x.actual.probability)}.</>
        )}
      </p>
      <div className="explain-grid">
        <div>
          <h3>Expected next vs. what happened</h3>
          <table className="compact" data-testid="expected-table">
            <tbody>
              {x.expected.map((e, i) => (
                <tr key={`${e.action}-${i}`}>
                  <td className="num muted">{i + 1}</td>
                  <td className="mono truncate" title={e.action}>{actionLabel(e.action)}</td>
                  <td className="bar-cell"><Bar p={e.p} tone="expected" /></td>
                  <td className="num">{formatProbability(e.p)}</td>
                </tr>
              ))}
              <tr className="actual-row" data-testid="actual-row">
                <td className="num">{x.actual.rank ?? "?"}</td>
                <td className="mono truncate" title={actual}>▶ {actionLabel(actual)} <span className="muted">(happened)</span></td>
                <td className="bar-cell"><Bar p={x.actual.probability ?? 0} tone="actual" /></td>
                <td className="num">{formatProbability(x.actual.probability)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div>
          <h3>Unusual attributes</h3>
          {facts.length === 0 && x.surprising.length === 0 ? (
            <p className="muted">Nothing beyond the action itself.</p>
          ) : (
            <ul className="facts-list" data-testid="unusual-list">
              {facts.map((f) => <li key={f}>{f}.</li>)}
              {x.surprising.map((s) => {
                const d = describeSurprise(s.feature, s.value);
                return (
                  <li key={`${s.feature}-${s.value}`}>
                    {d.lead} {d.value !== null ? <><span className="mono">{d.value}</span> </> : null}{d.tail} ({formatProbability(s.probability)}).
                  </li>
                );
              })}
            </ul>
          )}
          {x.rule ? <p className="muted" data-testid="rule-reason">{RULE_TEXT[x.rule] ?? `Raised by the rule "${x.rule}", whatever the model's score.`}</p> : null}
          {x.populationShift !== null ? <p className="muted" data-testid="population-shift">{describePopulationShift(x.populationShift)}</p> : null}
          {x.familiarSession ? <p className="muted" data-testid="familiar-session">{describeFamiliarSession(x.threshold)}</p> : null}
          {x.burst ? <BurstList burst={x.burst} /> : null}
          <h3>Usually does</h3>
          {x.usualActions.length === 0 ? (
            <p className="muted">No profile recorded.</p>
          ) : (
            <ol className="usual-list" data-testid="usual-actions">
              {x.usualActions.map((u, i) => (
                <li key={`${u.action}-${i}`} className="mono" title={u.action}>
                  {actionLabel(u.action)}
                  {u.share !== undefined ? <span className="muted"> · {formatProbability(u.share)}</span> : u.count !== undefined ? <span className="muted"> · {u.count}×</span> : null}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
