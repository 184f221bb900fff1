// An alert's MITRE ATT&CK context: tactic names and technique chips (id, name on hover, a link to
// the technique's ATT&CK page). `compact` shows ids only, for table rows.
import { attackTacticName, attackTechniqueLabel, attackTechniqueUrl, getAttackTechnique, sortTactics } from "@/lib/shared/attack";

export function AttackTechniqueChip({ id, compact = false }: { id: string; compact?: boolean }) {
  const name = getAttackTechnique(id)?.name;
  return (
    <a className="badge attack-chip" href={attackTechniqueUrl(id)} target="_blank" rel="noreferrer noopener" title={attackTechniqueLabel(id)} data-testid="attack-technique">
      {compact || !name ? id : `${id} ${name}`}
    </a>
  );
}

export function AttackTags({ tactics, techniques, compact = false }: { tactics: string[]; techniques: string[]; compact?: boolean }) {
  if (techniques.length === 0) return compact ? null : <span className="muted">no ATT&amp;CK technique mapped</span>;
  return (
    <span className="attack-tags">
      {compact ? null : <span className="attack-tactics">{sortTactics(tactics).map(attackTacticName).join(" · ")}</span>}
      {techniques.map((t) => <AttackTechniqueChip key={t} id={t} compact={compact} />)}
    </span>
  );
}
