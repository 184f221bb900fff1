// MITRE ATT&CK vocabulary (issue 17): the tactics and the techniques our action mapping
// (lib/server/alerting/attack-map.ts) uses, with their ids and names as ATT&CK Enterprise v16
// publishes them for the IaaS / Identity Provider / SaaS platforms ("ATT&CK for Cloud"),
// https://attack.mitre.org/matrices/enterprise/cloud/. Shared so the browser shows names, never ids alone.

export interface AttackTactic {
  id: string;
  name: string;
}

/** In the matrix's kill-chain order (the order the UI lists them in). */
export const ATTACK_TACTICS: readonly AttackTactic[] = [
  { id: "TA0001", name: "Initial Access" },
  { id: "TA0002", name: "Execution" },
  { id: "TA0003", name: "Persistence" },
  { id: "TA0004", name: "Privilege Escalation" },
  { id: "TA0005", name: "Defense Evasion" },
  { id: "TA0006", name: "Credential Access" },
  { id: "TA0007", name: "Discovery" },
  { id: "TA0008", name: "Lateral Movement" },
  { id: "TA0009", name: "Collection" },
  { id: "TA0010", name: "Exfiltration" },
  { id: "TA0040", name: "Impact" },
];

export interface AttackTechnique {
  id: string;
  name: string;
  /** The tactics ATT&CK lists the technique under. */
  tactics: readonly string[];
}

const PE_P = ["TA0003", "TA0004"];

export const ATTACK_TECHNIQUES: readonly AttackTechnique[] = [
  { id: "T1021.008", name: "Remote Services: Direct Cloud VM Connections", tactics: ["TA0008"] },
  { id: "T1069.003", name: "Permission Groups Discovery: Cloud Groups", tactics: ["TA0007"] },
  { id: "T1078.004", name: "Valid Accounts: Cloud Accounts", tactics: ["TA0001", "TA0003", "TA0004", "TA0005"] },
  { id: "T1087.004", name: "Account Discovery: Cloud Account", tactics: ["TA0007"] },
  { id: "T1098", name: "Account Manipulation", tactics: PE_P },
  { id: "T1098.001", name: "Account Manipulation: Additional Cloud Credentials", tactics: PE_P },
  { id: "T1098.003", name: "Account Manipulation: Additional Cloud Roles", tactics: PE_P },
  { id: "T1136.003", name: "Create Account: Cloud Account", tactics: ["TA0003"] },
  { id: "T1485", name: "Data Destruction", tactics: ["TA0040"] },
  { id: "T1486", name: "Data Encrypted for Impact", tactics: ["TA0040"] },
  { id: "T1490", name: "Inhibit System Recovery", tactics: ["TA0040"] },
  { id: "T1496", name: "Resource Hijacking", tactics: ["TA0040"] },
  { id: "T1526", name: "Cloud Service Discovery", tactics: ["TA0007"] },
  { id: "T1530", name: "Data from Cloud Storage", tactics: ["TA0009"] },
  { id: "T1531", name: "Account Access Removal", tactics: ["TA0040"] },
  { id: "T1537", name: "Transfer Data to Cloud Account", tactics: ["TA0010"] },
  { id: "T1546", name: "Event Triggered Execution", tactics: PE_P },
  { id: "T1548.005", name: "Abuse Elevation Control Mechanism: Temporary Elevated Cloud Access", tactics: ["TA0004", "TA0005"] },
  { id: "T1552", name: "Unsecured Credentials", tactics: ["TA0006"] },
  { id: "T1555.006", name: "Credentials from Password Stores: Cloud Secrets Management Stores", tactics: ["TA0006"] },
  { id: "T1556.006", name: "Modify Authentication Process: Multi-Factor Authentication", tactics: ["TA0003", "TA0005", "TA0006"] },
  { id: "T1562.001", name: "Impair Defenses: Disable or Modify Tools", tactics: ["TA0005"] },
  { id: "T1562.007", name: "Impair Defenses: Disable or Modify Cloud Firewall", tactics: ["TA0005"] },
  { id: "T1562.008", name: "Impair Defenses: Disable or Modify Cloud Logs", tactics: ["TA0005"] },
  { id: "T1578.001", name: "Modify Cloud Compute Infrastructure: Create Snapshot", tactics: ["TA0005"] },
  { id: "T1578.002", name: "Modify Cloud Compute Infrastructure: Create Cloud Instance", tactics: ["TA0005"] },
  { id: "T1578.005", name: "Modify Cloud Compute Infrastructure: Modify Cloud Compute Configurations", tactics: ["TA0005"] },
  { id: "T1580", name: "Cloud Infrastructure Discovery", tactics: ["TA0007"] },
  { id: "T1619", name: "Cloud Storage Object Discovery", tactics: ["TA0007"] },
  { id: "T1648", name: "Serverless Execution", tactics: ["TA0002"] },
  { id: "T1651", name: "Cloud Administration Command", tactics: ["TA0002"] },
  { id: "T1666", name: "Modify Cloud Resource Hierarchy", tactics: ["TA0005"] },
];

const TACTIC_BY_ID = new Map(ATTACK_TACTICS.map((t) => [t.id, t]));
const TECHNIQUE_BY_ID = new Map(ATTACK_TECHNIQUES.map((t) => [t.id, t]));

export function getAttackTactic(id: string): AttackTactic | undefined {
  return TACTIC_BY_ID.get(id);
}

export function getAttackTechnique(id: string): AttackTechnique | undefined {
  return TECHNIQUE_BY_ID.get(id);
}

/** "T1562.008 Impair Defenses: Disable or Modify Cloud Logs", or the id alone for one we do not know. */
export function attackTechniqueLabel(id: string): string {
  const t = TECHNIQUE_BY_ID.get(id);
  return t ? `${t.id} ${t.name}` : id;
}

export function attackTacticName(id: string): string {
  return TACTIC_BY_ID.get(id)?.name ?? id;
}

/** The technique's page on attack.mitre.org (sub-techniques live under their parent's path). */
export function attackTechniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`;
}

/** Tactic ids in kill-chain order. */
export function sortTactics(ids: Iterable<string>): string[] {
  const order = (id: string) => {
    const i = ATTACK_TACTICS.findIndex((t) => t.id === id);
    return i < 0 ? ATTACK_TACTICS.length : i;
  };
  return [...new Set(ids)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

export const ATTACK_TECHNIQUE_ID_RE = /^T\d{4}(\.\d{3})?$/;
export const ATTACK_TACTIC_ID_RE = /^TA\d{4}$/;
