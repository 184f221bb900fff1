// Read-only calls AWS made on a principal's behalf ("aws-service:" streams, ingest/aws/principal.ts):
// the console's background page loads ("AWS Internal": Describe*, Get*, List* by the dozen per
// page) and services' own reads. They are scored and kept, and shown as context on timelines, but
// never raise an alert: they change nothing, and the principal whose page or call caused them is
// scored in its own stream. Changes made on a principal's behalf (the console's CreateAccessKey,
// RunInstances, AttachUserPolicy arrive as "AWS Internal" too) still alert.
export const ON_BEHALF_PREFIX = "aws-service:";

export function isContextOnly(e: { principalKey: string; readOnly: boolean | null }): boolean {
  return e.readOnly === true && e.principalKey.startsWith(ON_BEHALF_PREFIX);
}
