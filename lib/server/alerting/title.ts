// Alert titles in plain words (issue 17): what happened, who did it, and what was new about it,
// e.g. "New access key created by ci-deployer from an address it never used" instead of
// "Unusual iam.amazonaws.com:CreateAccessKey by ci-deployer". Pure: the alert writer passes the
// first event's action, outcome and the explanation the worker built for it (scoring/explain.ts).
import { actionKey, actionLabel, actionName, principalLabel } from "@/lib/shared/names";

export interface TitleInput {
  action: string;
  principalName: string;
  /** "success" | "failure" as the normalizer stores it. */
  outcome?: string | null;
  errorCode?: string | null;
  mfaUsed?: boolean | null;
  /** The worker's explanation (scoring/explain.ts): `facts` and, for a burst, `burst`. */
  explanation: Record<string, unknown>;
  /** Further distinct actions grouped into the alert when it was created. */
  otherActions?: number;
}

/**
 * What a successful call did, for the security-relevant actions analysts triage most. Keys are
 * actionKey()s; everything else reads "Unusual GetBucketLocation (S3)" (actionLabel).
 */
const DONE: Record<string, string> = {
  "iam:createaccesskey": "New access key created",
  "iam:updateaccesskey": "Access key status changed",
  "iam:deleteaccesskey": "Access key deleted",
  "iam:createloginprofile": "Console password created",
  "iam:updateloginprofile": "Console password changed",
  "iam:deactivatemfadevice": "MFA device deactivated",
  "iam:createuser": "New IAM user created",
  "iam:deleteuser": "IAM user deleted",
  "iam:createrole": "New IAM role created",
  "iam:attachuserpolicy": "Policy attached to a user",
  "iam:attachrolepolicy": "Policy attached to a role",
  "iam:attachgrouppolicy": "Policy attached to a group",
  "iam:putuserpolicy": "Inline policy added to a user",
  "iam:putrolepolicy": "Inline policy added to a role",
  "iam:addusertogroup": "User added to a group",
  "iam:createpolicyversion": "New policy version created",
  "iam:updateassumerolepolicy": "Role trust policy changed",
  "sts:assumerole": "Role assumed",
  "sts:getfederationtoken": "Federation token issued",
  "signin:consolelogin": "Console sign-in",
  "cloudtrail:stoplogging": "CloudTrail logging stopped",
  "cloudtrail:deletetrail": "CloudTrail trail deleted",
  "cloudtrail:updatetrail": "CloudTrail trail changed",
  "cloudtrail:puteventselectors": "CloudTrail event selectors changed",
  "guardduty:deletedetector": "GuardDuty detector deleted",
  "config:stopconfigurationrecorder": "AWS Config recording stopped",
  "ec2:deleteflowlogs": "VPC flow logs deleted",
  "logs:deleteloggroup": "Log group deleted",
  "organizations:leaveorganization": "Account left its organization",
  "secretsmanager:getsecretvalue": "Secret read",
  "secretsmanager:batchgetsecretvalue": "Secrets read in bulk",
  "ssm:getparameter": "SSM parameter read",
  "ssm:sendcommand": "Command sent to instances",
  "ec2:getpassworddata": "Windows instance password retrieved",
  "ec2:runinstances": "EC2 instances launched",
  "ec2:modifysnapshotattribute": "Snapshot sharing changed",
  "ec2:modifyimageattribute": "AMI sharing changed",
  "ec2:modifyinstanceattribute": "Instance attribute changed",
  "ec2:authorizesecuritygroupingress": "Security group opened to inbound traffic",
  "ec2:enableserialconsoleaccess": "EC2 serial console enabled",
  "rds:modifydbsnapshotattribute": "Database snapshot sharing changed",
  "s3:putbucketpolicy": "Bucket policy changed",
  "s3:deletebucketpolicy": "Bucket policy deleted",
  "s3:putbucketacl": "Bucket ACL changed",
  "s3:deletepublicaccessblock": "Bucket public access block removed",
  "s3:deletebucket": "S3 bucket deleted",
  "kms:schedulekeydeletion": "KMS key scheduled for deletion",
  "kms:disablekey": "KMS key disabled",
  "microsoft.authorization/roleassignments/write": "Role assigned",
  "microsoft.authorization/roleassignments/delete": "Role assignment removed",
  "microsoft.authorization/roledefinitions/write": "Custom role changed",
  "microsoft.authorization/elevateaccess/action": "Access elevated to the whole tenant",
  "microsoft.insights/diagnosticsettings/delete": "Diagnostic settings deleted",
  "microsoft.insights/diagnosticsettings/write": "Diagnostic settings changed",
  "microsoft.compute/virtualmachines/runcommand/action": "Command run on a VM",
  "microsoft.compute/virtualmachines/write": "VM created or changed",
  "microsoft.compute/virtualmachines/delete": "VM deleted",
  "microsoft.compute/disks/begingetaccess/action": "Disk download link created",
  "microsoft.compute/snapshots/begingetaccess/action": "Snapshot download link created",
  "microsoft.keyvault/vaults/secrets/read": "Key Vault secret read",
  "microsoft.keyvault/vaults/delete": "Key Vault deleted",
  "microsoft.storage/storageaccounts/listkeys/action": "Storage account keys listed",
  "microsoft.storage/storageaccounts/regeneratekey/action": "Storage account key regenerated",
  "microsoft.storage/storageaccounts/delete": "Storage account deleted",
  "microsoft.network/networksecuritygroups/securityrules/write": "Network security rule changed",
  "microsoft.resources/subscriptions/resourcegroups/delete": "Resource group deleted",
};

/** Error codes that mean "not allowed", across CloudTrail and Azure. */
const DENIED = /denied|unauthori[sz]ed|forbidden|authorizationfailed|notauthorized/i;

const bool = (o: unknown, k: string): boolean => !!o && typeof o === "object" && (o as Record<string, unknown>)[k] === true;

interface Novelty {
  isNewPrincipal: boolean;
  isNewAddress: boolean;
  isNewClient: boolean;
  isNewRegion: boolean;
  isNewForAccount: boolean;
  isNewForPrincipal: boolean;
}

function noveltyOf(x: Record<string, unknown>): Novelty {
  const f = x.facts;
  const burst = x.burst && typeof x.burst === "object" ? (x.burst as { novelty?: unknown }) : null;
  const burstNovelty = Array.isArray(burst?.novelty) ? burst.novelty : [];
  return {
    isNewPrincipal: bool(f, "newPrincipal"),
    isNewAddress: bool(f, "newIp") || burstNovelty.includes("address"),
    isNewClient: bool(f, "newUserAgent") || burstNovelty.includes("client"),
    isNewRegion: bool(f, "newRegion"),
    isNewForAccount: bool(f, "newForAccount"),
    isNewForPrincipal: bool(f, "newForPrincipal"),
  };
}

/** "from an address it never used", "from a new address and client in a region it never used", or "". */
function whereFrom(n: Novelty): string {
  // A principal's first event is new in every way: saying so once is enough.
  if (n.isNewPrincipal) return "";
  const from = n.isNewAddress && n.isNewClient ? "from a new address and client" : n.isNewAddress ? "from an address it never used" : n.isNewClient ? "from an unfamiliar client" : "";
  const region = n.isNewRegion ? "in a region it never used" : "";
  return [from, region].filter(Boolean).join(" ");
}

function burstCalls(x: Record<string, unknown>): number | null {
  const b = x.burst && typeof x.burst === "object" ? (x.burst as { contributing?: unknown; events?: unknown }) : null;
  if (!b) return null;
  if (typeof b.contributing === "number" && b.contributing > 1) return b.contributing;
  return Array.isArray(b.events) && b.events.length > 1 ? b.events.length : null;
}

/** What happened, before " by <who>". */
function whatHappened(i: TitleInput, n: Novelty): string {
  if (i.outcome === "failure") return `${DENIED.test(i.errorCode ?? "") ? "Denied" : "Failed"}: ${actionName(i.action)}`;
  const key = actionKey(i.action);
  if (key === "signin:consolelogin" && i.mfaUsed === false) return "Console sign-in without MFA";
  const done = Object.hasOwn(DONE, key) ? DONE[key] : undefined; // event text: "constructor" must not find Object's
  if (done) return done;
  const label = actionLabel(i.action);
  if (n.isNewForAccount) return `First ${label} in the account`;
  return n.isNewForPrincipal ? `First ${label}` : `Unusual ${label}`;
}

export function alertTitle(i: TitleInput): string {
  const n = noveltyOf(i.explanation);
  const who = principalLabel(i.principalName) + (n.isNewPrincipal ? ", seen for the first time" : "");
  const where = whereFrom(n);
  const calls = burstCalls(i.explanation);
  if (calls !== null) return `${calls} calls by ${who} within minutes${where ? ` ${where}` : ""}`;
  const others = i.otherActions ?? 0;
  const more = others > 0 ? ` (+${others} other action${others > 1 ? "s" : ""})` : "";
  return `${whatHappened(i, n)} by ${who}${where ? ` ${where}` : ""}${more}`;
}
