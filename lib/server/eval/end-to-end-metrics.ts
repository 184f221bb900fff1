// The end-to-end evaluation's figures, read from the product's database only: which events the
// worker linked to alerts (alert_events), the alert rows themselves, the import runs and model
// versions. The generator's sidecar files give the ground truth: labels.jsonl (provider event id →
// technique) and benign-oddities.jsonl (rare on purpose, still normal). Normal = unlabelled events
// that are not the detector's own.
import type pg from "pg";

export interface TechniqueOutcome {
  technique: string;
  /** Its events found in the events table (0: the import lost them). */
  events: number;
  alertedEvents: number;
  /** Alert rows holding at least one of its events. */
  alerts: number;
  isDetected: boolean;
  /** Event time of its first event and of its first alerted event (ISO). */
  firstEventAt: string | null;
  firstAlertedEventAt: string | null;
  /** Event-time minutes from its first event to its first alerted event. */
  minutesToDetect: number | null;
  /** Wall-clock seconds from the start of the import run that stored it to its first alert row. */
  secondsFromImport: number | null;
}

export interface FalseAlertCount {
  name: string;
  alerts: number;
  events: number;
}

export interface EndToEndMetrics {
  events: { total: number; own: number; normal: number; labelledInFile: number; labelledFound: number; oddityEvents: number };
  techniques: TechniqueOutcome[];
  techniqueRecall: number;
  detectedTechniques: number;
  missedTechniques: string[];
  eventRecall: number;
  alerts: {
    /** Every alert row. */
    total: number;
    /** Rows holding at least one labelled (attack) event. */
    withAttack: number;
    /** Rows without any attack event: the false alerts an analyst reads. */
    normal: number;
    /** Of `normal`, rows holding a benign oddity (rare legitimate admin work), counted apart. */
    normalOnOddities: number;
    normalPerMillion: number;
    alertedNormalEvents: number;
    alertedNormalEventsPerMillion: number;
    alertedOddityEvents: number;
    /** Event links of false alerts, and links of normal events inside alerts that hold an attack (grouped with it). */
    normalEventsInFalseAlerts: number;
    normalEventsInAttackAlerts: number;
  };
  /** Distinct (principal, UTC day) with normal events, and normal alert rows per such day. */
  principalDays: number;
  normalAlertsPerPrincipalDay: number;
  /** Wall-clock seconds from the start of the first import to the first alert row (null: none). */
  secondsFromImportToFirstAlert: number | null;
  secondsFromImportToFirstAttackAlert: number | null;
  topFalseAlertPrincipals: FalseAlertCount[];
  topFalseAlertActions: FalseAlertCount[];
  modelVersions: Array<{ id: number; status: string; threshold: number | null; trainEvents: number; trainTo: string | null; decision: string | null; reason: string | null }>;
  /** Events not the detector's own with no score under any version: 0 once the backlog is done. */
  unscoredEvents: number;
}

export interface GroundTruth {
  /** provider event id → technique (labels.jsonl). */
  labels: ReadonlyMap<string, string>;
  /** provider event ids of benign oddities. */
  oddities: ReadonlySet<string>;
}

const TOP = 10;

const per = (n: number, d: number, scale = 1) => (d > 0 ? (n / d) * scale : NaN);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (to: Date | null, from: Date | null) => (to && from ? (to.getTime() - from.getTime()) / 1000 : null);

// The ground truth as two relations, passed as arrays: labels are a few thousand ids at most.
const TRUTH_CTE = `l AS (SELECT DISTINCT ON (id) id, technique FROM unnest($1::text[], $2::text[]) AS t(id, technique)),
  o AS (SELECT DISTINCT id FROM unnest($3::text[]) AS t(id))`;

export async function readEndToEndMetrics(db: pg.Pool, truth: GroundTruth): Promise<EndToEndMetrics> {
  const params = [[...truth.labels.keys()], [...truth.labels.values()], [...truth.oddities]];
  const { rows: [t] } = await db.query<Record<string, string | Date | null>>(
    `WITH ${TRUTH_CTE},
     ev AS (SELECT e.id, e.principal_id, e.event_time, (e.is_own OR p.is_own) AS is_own, l.technique, o.id IS NOT NULL AS is_oddity,
                   EXISTS (SELECT 1 FROM alert_events ae WHERE ae.event_id = e.id) AS is_alerted
              FROM events e JOIN principals p ON p.id = e.principal_id
              LEFT JOIN l ON l.id = e.provider_event_id LEFT JOIN o ON o.id = e.provider_event_id)
     SELECT count(*) AS total, count(*) FILTER (WHERE is_own) AS own,
            count(*) FILTER (WHERE NOT is_own AND technique IS NULL) AS normal,
            count(*) FILTER (WHERE NOT is_own AND technique IS NULL AND is_alerted) AS alerted_normal,
            count(*) FILTER (WHERE technique IS NOT NULL) AS labelled,
            count(*) FILTER (WHERE technique IS NOT NULL AND is_alerted) AS alerted_labelled,
            count(*) FILTER (WHERE is_oddity AND technique IS NULL) AS oddity,
            count(*) FILTER (WHERE is_oddity AND technique IS NULL AND is_alerted) AS alerted_oddity,
            count(DISTINCT (principal_id, (event_time AT TIME ZONE 'UTC')::date)) FILTER (WHERE NOT is_own AND technique IS NULL) AS principal_days,
            (SELECT min(started_at) FROM import_runs) AS first_import
       FROM ev`,
    params,
  );
  const n = (k: string) => Number(t[k] ?? 0);

  const { rows: byTechnique } = await db.query<{ technique: string; events: number; alerted: number; alerts: number; first_event: Date | null; first_alerted: Date | null; first_alert_at: Date | null; imported_at: Date | null }>(
    `WITH ${TRUTH_CTE}
     SELECT l.technique, count(DISTINCT e.id)::int AS events, count(DISTINCT e.id) FILTER (WHERE ae.alert_id IS NOT NULL)::int AS alerted,
            count(DISTINCT ae.alert_id)::int AS alerts, min(e.event_time) AS first_event,
            min(e.event_time) FILTER (WHERE ae.alert_id IS NOT NULL) AS first_alerted,
            min(a.created_at) AS first_alert_at, min(r.started_at) AS imported_at
       FROM l JOIN events e ON e.provider_event_id = l.id
       LEFT JOIN alert_events ae ON ae.event_id = e.id LEFT JOIN alerts a ON a.id = ae.alert_id
       LEFT JOIN import_runs r ON r.id = e.import_run_id
      GROUP BY l.technique`,
    params,
  );
  const found = new Map(byTechnique.map((r) => [r.technique, r]));
  const techniques: TechniqueOutcome[] = [...new Set(truth.labels.values())].sort().map((technique) => {
    const r = found.get(technique);
    const minutes = r?.first_alerted && r.first_event ? (r.first_alerted.getTime() - r.first_event.getTime()) / 60_000 : null;
    return {
      technique, events: r?.events ?? 0, alertedEvents: r?.alerted ?? 0, alerts: r?.alerts ?? 0, isDetected: (r?.alerted ?? 0) > 0,
      firstEventAt: iso(r?.first_event ?? null), firstAlertedEventAt: iso(r?.first_alerted ?? null), minutesToDetect: minutes,
      secondsFromImport: seconds(r?.first_alert_at ?? null, r?.imported_at ?? null),
    };
  });

  const { rows: alerts } = await db.query<{ principal: string; action: string; created_at: Date; events: number; attack: number; oddity: number }>(
    `WITH ${TRUTH_CTE}
     SELECT p.display_name || ' (' || p.key || ')' AS principal, a.action, a.created_at, count(e.id)::int AS events,
            count(l.id)::int AS attack, count(o.id)::int AS oddity
       FROM alerts a JOIN principals p ON p.id = a.principal_id
       LEFT JOIN alert_events ae ON ae.alert_id = a.id LEFT JOIN events e ON e.id = ae.event_id
       LEFT JOIN l ON l.id = e.provider_event_id LEFT JOIN o ON o.id = e.provider_event_id
      GROUP BY a.id, p.display_name, p.key`,
    params,
  );
  const normalAlerts = alerts.filter((a) => a.attack === 0);
  const firstAt = (list: typeof alerts) => (list.length ? new Date(Math.min(...list.map((a) => a.created_at.getTime()))) : null);
  const firstImport = t.first_import instanceof Date ? t.first_import : null;

  // The versions that were active or candidates; a cross-fitted first version's fold model
  // (ml/cross-fit.ts, stored retired beside it) scores only through that version.
  const { rows: versions } = await db.query<{ id: number; status: string; threshold: string | null; train_events: string; train_to: Date | null; decision: string | null; reason: string | null }>(
    `SELECT id, status::text, metrics->>'threshold' AS threshold, train_events::text, train_to, comparison->>'decision' AS decision, comparison->>'reason' AS reason
       FROM model_versions WHERE NOT metrics ? 'crossFitFold' ORDER BY id`,
  );

  const detected = techniques.filter((x) => x.isDetected).length;
  return {
    events: { total: n("total"), own: n("own"), normal: n("normal"), labelledInFile: truth.labels.size, labelledFound: n("labelled"), oddityEvents: n("oddity") },
    techniques,
    techniqueRecall: per(detected, techniques.length),
    detectedTechniques: detected,
    missedTechniques: techniques.filter((x) => !x.isDetected).map((x) => x.technique),
    eventRecall: per(n("alerted_labelled"), n("labelled")),
    alerts: {
      total: alerts.length,
      withAttack: alerts.length - normalAlerts.length,
      normal: normalAlerts.length,
      normalOnOddities: normalAlerts.filter((a) => a.oddity > 0).length,
      normalPerMillion: per(normalAlerts.length, n("normal"), 1e6),
      alertedNormalEvents: n("alerted_normal"),
      alertedNormalEventsPerMillion: per(n("alerted_normal"), n("normal"), 1e6),
      alertedOddityEvents: n("alerted_oddity"),
      normalEventsInFalseAlerts: normalAlerts.reduce((sum, a) => sum + a.events, 0),
      normalEventsInAttackAlerts: alerts.reduce((sum, a) => sum + (a.attack > 0 ? a.events - a.attack : 0), 0),
    },
    principalDays: n("principal_days"),
    normalAlertsPerPrincipalDay: per(normalAlerts.length, n("principal_days")),
    secondsFromImportToFirstAlert: seconds(firstAt(alerts), firstImport),
    secondsFromImportToFirstAttackAlert: seconds(firstAt(alerts.filter((a) => a.attack > 0)), firstImport),
    topFalseAlertPrincipals: topBy(normalAlerts, (a) => a.principal),
    topFalseAlertActions: topBy(normalAlerts, (a) => a.action),
    modelVersions: versions.map((v) => ({
      id: v.id, status: v.status, threshold: v.threshold === null ? null : Number(v.threshold), trainEvents: Number(v.train_events),
      trainTo: iso(v.train_to), decision: v.decision, reason: v.reason,
    })),
    unscoredEvents: await countUnscoredEvents(db),
  };
}

/** Events the worker should score (not the detector's own) that no model version has scored yet. */
export async function countUnscoredEvents(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events e JOIN principals p ON p.id = e.principal_id
      WHERE NOT e.is_own AND NOT p.is_own AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id)`,
  );
  return rows[0].n;
}

function topBy<T extends { events: number }>(rows: readonly T[], key: (r: T) => string): FalseAlertCount[] {
  const counts = new Map<string, FalseAlertCount>();
  for (const r of rows) {
    const name = key(r);
    const c = counts.get(name) ?? { name, alerts: 0, events: 0 };
    c.alerts++;
    c.events += r.events;
    counts.set(name, c);
  }
  return [...counts.values()].sort((a, b) => b.alerts - a.alerts || b.events - a.events || a.name.localeCompare(b.name)).slice(0, TOP);
}
