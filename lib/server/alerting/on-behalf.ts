// Read-only calls made on a principal's behalf never alert. Three shapes reach us:
//  - calls a service made with the principal's credentials: the event's invoked_by (CloudTrail
//    userIdentity.invokedBy: CloudFormation for a pipeline role, "AWS Internal" for a console user;
//    Azure platform categories such as Policy), keyed to the principal itself (ingest/*/principal.ts);
//  - "aws-service:" streams: AWSService identities acting with no principal behind them;
//  - a principal's own identity with an AWS back end as the client: the console's background page
//    loads ("AWS Internal", "aws-internal/3 aws-sdk-java …") and services reading on the user's
//    behalf ("[AWSCloudTrail, aws-internal/3 …]", "[S3Console/0.4, aws-internal/3 …]").
// They are scored and kept, and shown as context on timelines, but change nothing, and the call the
// principal made itself is scored in its stream. Changes made on a principal's behalf (the console's
// CreateAccessKey, RunInstances, AttachUserPolicy arrive as "AWS Internal" too) still alert.
export const ON_BEHALF_PREFIX = "aws-service:";

/** A user agent of AWS's own back end acting for the principal (not the principal's own client). */
export function isAwsInternalAgent(userAgent: string | null | undefined): boolean {
  if (!userAgent) return false;
  const ua = userAgent.trim().toLowerCase();
  return ua === "aws internal" || ua.startsWith("aws-internal/") || (ua.startsWith("[") && ua.includes("aws-internal/"));
}

export function isContextOnly(e: { principalKey: string; readOnly: boolean | null; invokedBy?: string | null; userAgent?: string | null }): boolean {
  return e.readOnly === true && (Boolean(e.invokedBy) || e.principalKey.startsWith(ON_BEHALF_PREFIX) || isAwsInternalAgent(e.userAgent));
}
