// Switching off an audit trail is an attacker's first move and one an account almost never makes
// (issue 14, item 4: judged against the account, not only the principal). An action from this
// list that nobody in an already-known account has made before alerts on its own, whatever the
// model's score: the principal may be one whose sequences make any call look routine (a Terraform
// role), and a one-call technique has no burst to add up. The same rule as GuardDuty's
// Stealth:IAMUser/CloudTrailLoggingDisabled family, by action name, so it needs no model.
// Sources: CloudTrail, GuardDuty, Config, VPC Flow Logs and Route 53 Resolver API references (each
// action below stops, deletes or narrows a log or a detector); Azure: diagnostic settings delete.
// Routine-looking deletions (logs:DeleteLogGroup, guardduty:Update*) are left to the model: in the
// simulated organisations automation makes them as part of its normal changes.
import { markRuleAlerts, type RuleTarget } from "./rule-alert";

const AWS_ACTIONS = new Set([
  "cloudtrail.amazonaws.com:StopLogging",
  "cloudtrail.amazonaws.com:DeleteTrail",
  "cloudtrail.amazonaws.com:UpdateTrail",
  "cloudtrail.amazonaws.com:PutEventSelectors",
  "guardduty.amazonaws.com:DeleteDetector",
  "guardduty.amazonaws.com:DisassociateFromMasterAccount",
  "guardduty.amazonaws.com:DisassociateFromAdministratorAccount",
  "guardduty.amazonaws.com:StopMonitoringMembers",
  "config.amazonaws.com:StopConfigurationRecorder",
  "config.amazonaws.com:DeleteConfigurationRecorder",
  "config.amazonaws.com:DeleteDeliveryChannel",
  "ec2.amazonaws.com:DeleteFlowLogs",
  "route53resolver.amazonaws.com:DeleteResolverQueryLogConfig",
  "route53resolver.amazonaws.com:DisassociateResolverQueryLogConfig",
  "organizations.amazonaws.com:LeaveOrganization",
]);
const AZURE_PATTERN = /^microsoft\.insights\/(diagnosticsettings|logprofiles)\/delete$/i;

export function isLoggingEvasion(action: string): boolean {
  return AWS_ACTIONS.has(action) || AZURE_PATTERN.test(action);
}

export interface EvasionCandidate extends RuleTarget {
  action: string;
  isAccountKnown: boolean;
  facts: { isNewActionForAccount: boolean };
}

/** Marks the scored events the rule alerts on (mutates; returns how many it added). */
export function applyLoggingEvasionRule(scored: EvasionCandidate[]): number {
  return markRuleAlerts(scored, "logging-evasion", (s) => s.isAccountKnown && s.facts.isNewActionForAccount && isLoggingEvasion(s.action));
}
