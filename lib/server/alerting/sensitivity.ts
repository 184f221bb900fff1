// How sensitive an action is, and the technique-like category an alert on it gets (issue 6).
// A small ordered table: the first pattern that matches wins. Patterns are tested against the
// lower-cased action ("iam.amazonaws.com:createaccesskey", "microsoft.keyvault/vaults/secrets/read").
export type AlertCategory =
  | "persistence/iam"
  | "defense-evasion/logging"
  | "credential-access"
  | "exfiltration/sharing"
  | "destructive"
  | "execution"
  | "discovery"
  | "other";

interface Rule {
  pattern: RegExp;
  category: AlertCategory;
  /** 0 (routine) … 3 (an attacker's favourite). */
  sensitivity: number;
}

const RULES: Rule[] = [
  { pattern: /cloudtrail.*:(stoplogging|deletetrail|updatetrail|puteventselectors|putinsightselectors)|guardduty.*:(delete|disassociate|update)|config.*:(stop|delete)|logs.*:delete|microsoft\.insights\/(diagnosticsettings|logprofiles)\/delete|securityinsights.*\/delete/, category: "defense-evasion/logging", sensitivity: 3 },
  { pattern: /secretsmanager.*:(getsecretvalue|batchgetsecretvalue)|ssm.*:getparameter|kms.*:decrypt|sts.*:getfederationtoken|microsoft\.keyvault\/vaults\/(secrets|keys)|\/listkeys\/action|listcredentials|getcredentials/, category: "credential-access", sensitivity: 3 },
  { pattern: /(modifysnapshotattribute|modifyimageattribute|modifydbsnapshotattribute|modifydbclustersnapshotattribute|sharesnapshot|putbucketpolicy|putbucketacl|putobjectacl|deletepublicaccessblock|putbucketpublicaccessblock|createsnapshot|copysnapshot|\/beginGetAccess\/action)/i, category: "exfiltration/sharing", sensitivity: 3 },
  { pattern: /iam.*:(create|attach|put|update|add|delete|detach|remove)|sso.*:(create|attach|put)|organizations.*:(leave|create|invite)|microsoft\.authorization\/(roleassignments|roledefinitions)\/write|microsoft\.managedidentity.*\/write/, category: "persistence/iam", sensitivity: 3 },
  { pattern: /:(delete|terminate|destroy|purge)|\/delete$/, category: "destructive", sensitivity: 2 },
  { pattern: /lambda.*:(create|update|invoke)|ec2.*:runinstances|ssm.*:(sendcommand|startsession)|ecs.*:(runtask|executecommand)|\/runcommand\/action|\/virtualmachines\/write/, category: "execution", sensitivity: 2 },
  { pattern: /:(list|describe|get|head|lookup|search)|\/read$/, category: "discovery", sensitivity: 0 },
];

export function classifyAction(action: string): { category: AlertCategory; sensitivity: number } {
  const a = action.toLowerCase();
  for (const r of RULES) if (r.pattern.test(a)) return { category: r.category, sensitivity: r.sensitivity };
  return { category: "other", sensitivity: 1 };
}

export type TSeverity = "low" | "medium" | "high" | "critical";
export const SEVERITY_ORDER: TSeverity[] = ["low", "medium", "high", "critical"];

export interface SeverityInput {
  score: number;
  threshold: number;
  sensitivity: number;
  isUnknownAction: boolean;
  isNewActionForAccount: boolean;
  isNewIpOrRegion: boolean;
}

/** Points from how far above the threshold, the action's sensitivity and the profile facts. */
export function severityOf(i: SeverityInput): TSeverity {
  const ratio = i.threshold > 0 && Number.isFinite(i.threshold) ? i.score / i.threshold : 1;
  let points = i.sensitivity + (ratio >= 2 ? 2 : ratio >= 1.3 ? 1 : 0);
  if (i.isUnknownAction || i.isNewActionForAccount) points += 1;
  if (i.isNewIpOrRegion) points += 0.5;
  return points >= 5 ? "critical" : points >= 3.5 ? "high" : points >= 2 ? "medium" : "low";
}

export function maxSeverity(a: TSeverity, b: TSeverity): TSeverity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}
