import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { datasetPath, DATASETS_DIR } from "@/test/helpers/datasets";
import { countParse, parseFile } from "./parse-file";
import type { NormalizedEvent, TParseResult } from "./types";

// Every file under prisma/seed/datasets, with the counts we expect after reading each one by hand
// (README.md of the datasets; notes beside the entries). The last test fails when a file is
// added to the datasets without an expectation here.

interface TExpected {
  events: number;
  rejects?: Record<string, number>;
  skips?: Record<string, number>;
  warnings?: number;
}

const NOT_A_LOG = { events: 0, rejects: { "not an audit log": 1 } };

const EXPECTED: Record<string, TExpected> = {
  "README.md": NOT_A_LOG,
  "aws/attacks/stratus-detonations/LABELS.csv": NOT_A_LOG, // a CSV, but not Azure Activity columns
  "aws/attacks/stratus-detonations/LICENSE": NOT_A_LOG,
  "aws/attacks/stratus-detonations/aws.credential-access.ec2-get-password-data.json": { events: 34 },
  "aws/attacks/stratus-detonations/aws.credential-access.ec2-steal-instance-credentials.json": { events: 45 },
  "aws/attacks/stratus-detonations/aws.credential-access.secretsmanager-batch-retrieve-secrets.json": { events: 5 },
  "aws/attacks/stratus-detonations/aws.credential-access.ssm-retrieve-securestring-parameters.json": { events: 10 },
  "aws/attacks/stratus-detonations/aws.defense-evasion.cloudtrail-delete.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.defense-evasion.cloudtrail-stop.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.defense-evasion.dns-delete-logs.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.defense-evasion.organizations-leave.json": { events: 3 },
  "aws/attacks/stratus-detonations/aws.discovery.ec2-download-user-data.json": { events: 19 },
  "aws/attacks/stratus-detonations/aws.execution.ec2-launch-unusual-instances.json": { events: 3 },
  "aws/attacks/stratus-detonations/aws.execution.ssm-send-command.json": { events: 56 },
  "aws/attacks/stratus-detonations/aws.execution.ssm-start-session.json": { events: 29 },
  "aws/attacks/stratus-detonations/aws.exfiltration.ec2-security-group-open-port-22-ingress.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.exfiltration.ec2-share-ebs-snapshot.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.exfiltration.rds-share-snapshot.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.initial-access.console-login-without-mfa.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.lateral-movement.ec2-instance-connect.json": { events: 3 },
  "aws/attacks/stratus-detonations/aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json": { events: 4 },
  "aws/attacks/stratus-detonations/aws.persistence.iam-backdoor-user.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.persistence.iam-create-admin-user.json": { events: 3 },
  "aws/attacks/stratus-detonations/aws.persistence.iam-create-user-login-profile.json": { events: 3 },
  "aws/attacks/stratus-detonations/aws.persistence.lambda-backdoor-function.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.persistence.lambda-layer-extension.json": { events: 1 },
  "aws/attacks/stratus-detonations/aws.persistence.rolesanywhere-create-trust-anchor.json": { events: 2 },
  "aws/attacks/stratus-detonations/aws.persistence.sts-federation-token.json": { events: 2 },
  "aws/benign/console-sessions/LICENSE": NOT_A_LOG,
  "aws/fixtures/aws_cloudtrail_processing_library/LICENSE.txt": NOT_A_LOG,
  // An SNS notification of a delivery: it points at S3 objects, it holds no events.
  "aws/fixtures/aws_cloudtrail_processing_library/SQSMessageBody": { events: 0, skips: { "CloudTrail delivery notification": 1 } },
  "aws/fixtures/aws_cloudtrail_processing_library/SQSMessageBodyWrongFormat": { events: 0, rejects: { "SNS notification without a Message field": 1 } },
  // First record: every field null.
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerAllFieldsNull.json": { events: 1, rejects: { "missing eventTime": 1 } },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFile.json": { events: 6 },
  // First record: every field name suffixed "Wrong".
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileBadFieldName.json": { events: 1, rejects: { "missing eventTime": 1 } },
  // userIdentity's "}" is missing: the brackets never balance again, nothing after byte 2760 is recoverable.
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileBadJsonFormat.json": { events: 0, rejects: { "JSON structure broken": 1 } },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileCompact.json": { events: 6 },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileCompact.json.gz": { events: 6 },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileLocation.json": { events: 6 },
  // Record 4 has eventTime "ThisIsAWrongEventTime".
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileMissField.json": { events: 3, rejects: { "unparseable eventTime": 1 } },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileNewFieldAtRandomPlaces.json": { events: 2 },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileNewFieldName.json": { events: 1, rejects: { "missing eventTime": 1 } },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileNewFieldsInRoot.json": { events: 2 },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileNewFieldsInUserIdentity.json": { events: 2 },
  "aws/fixtures/aws_cloudtrail_processing_library/SerializerVariousUserIdentityTestFile.json": { events: 1 },
  "aws/fixtures/cloudtrail2sightings/LICENSE": NOT_A_LOG,
  "aws/fixtures/cloudtrail2sightings/aws.credential-access.secretsmanager-retrieve-secrets.json": { events: 10 },
  "aws/fixtures/cloudtrail2sightings/aws.defense-evasion.cloudtrail-delete.json": { events: 1 },
  // The broken one: three whole records with no commas between them. Recovered, and reported.
  "aws/fixtures/cloudtrail2sightings/aws.execution.ec2-user-data.json": { events: 3, warnings: 2 },
  "aws/fixtures/cloudtrail2sightings/aws.exfiltration.ec2-share-ebs-snapshot.json": { events: 1 },
  "aws/fixtures/panther/LICENSE.txt": NOT_A_LOG,
  // 464 test cases; hand-edited: 17 without eventTime (one of them with only Panther's p_* fields
  // left), "redacted" and "..." times, one without eventSource.
  "aws/fixtures/panther/panther_aws_cloudtrail_tests.jsonl": {
    events: 444,
    rejects: { "missing eventTime": 17, "unparseable eventTime": 2, "missing eventSource": 1 },
  },
  "aws/fixtures/plaso/LICENSE": NOT_A_LOG,
  "aws/fixtures/plaso/aws_cloudtrail.jsonl": { events: 6 },
  "aws/fixtures/streamalert/LICENSE": NOT_A_LOG,
  // 57 test cases: S3 objects, EventBridge envelopes (some with detail-type "..."), one CloudWatch
  // Logs payload; 15 records carry placeholder times ("...", "eventTime", "foo").
  "aws/fixtures/streamalert/streamalert_cloudtrail_test_events.jsonl": { events: 42, rejects: { "unparseable eventTime": 15 } },
  "aws/fixtures/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json": { events: 2 },
  "aws/fixtures/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz": { events: 2 },
  "aws/fixtures/trailscraper/LICENSE": NOT_A_LOG,
  "aws/fixtures/trailscraper/events-for-smoke-test.json": { events: 3 },
  // 325 rows = 192 operations: Started/Accepted/Succeeded records collapsed per (operationId, operation);
  // Azure Policy rows share the operationId of the write that triggered them and stay apart.
  "azure/benign/azure_activity.csv": { events: 192 },
  "azure/benign/LICENSE": NOT_A_LOG,
  "azure/fixtures/panther/LICENSE.txt": NOT_A_LOG,
  // 249 records; 35 (kube-audit and hand-trimmed ones) have no time. No operationId in this shape: nothing collapses.
  "azure/fixtures/panther/panther_azure_monitoractivity_tests.jsonl": { events: 214, rejects: { "missing eventTimestamp/time": 35 } },
  "azure/fixtures/plaso/LICENSE": NOT_A_LOG,
  "azure/fixtures/plaso/azure_activity_log.jsonl": { events: 4 },
};

// Console sessions: every record is an event.
const SESSIONS: Record<string, number> = {
  "01b11411": 162, "05a71330": 26, "0a94aa63": 289, "0eb95220": 168, "28a37129": 246, "2f8e56cc": 102,
  "4ff42eca": 317, "5721e3dc": 357, "631f0603": 54, "83679c6b": 331, "96db9634": 1000, "9900a55b": 122,
  "9f92e6bb": 217, "a7845cfb": 158, "ae2b9f71": 98, "b5ff7b31": 258, "d00fd583": 162, "e07a7754": 410,
  "f41ce257": 1101, "f8556c65": 622, "fd15aac5": 68,
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function expectedFor(relative: string): TExpected | undefined {
  const session = /^aws\/benign\/console-sessions\/([0-9a-f]{8})[0-9a-f]{56}\/InputEvents\.json$/.exec(relative);
  if (!session) return EXPECTED[relative];
  return SESSIONS[session[1]] === undefined ? undefined : { events: SESSIONS[session[1]] };
}

async function collect(file: string, options = {}): Promise<TParseResult[]> {
  const out: TParseResult[] = [];
  for await (const r of parseFile(file, options)) out.push(r);
  return out;
}

function eventsOf(results: TParseResult[]): NormalizedEvent[] {
  return results.flatMap((r) => (r.kind === "event" ? [r.event] : []));
}

describe("every dataset file", () => {
  const files = walk(DATASETS_DIR).sort();

  it("has an expectation here", () => {
    const missing = files.map((f) => path.relative(DATASETS_DIR, f)).filter((rel) => !expectedFor(rel));
    expect(missing).toEqual([]);
    expect(files.length).toBe(87);
  });

  it.each(files.map((f) => [path.relative(DATASETS_DIR, f), f]))("%s", async (relative, file) => {
    const expected = expectedFor(relative) as TExpected;
    const counts = await countParse([file]);
    expect({ events: counts.events, rejects: counts.rejectReasons, skips: counts.skipReasons, warnings: counts.warnings }).toEqual({
      events: expected.events,
      rejects: expected.rejects ?? {},
      skips: expected.skips ?? {},
      warnings: expected.warnings ?? 0,
    });
  });
});

describe("dataset details", () => {
  it("reads the gzip S3 object exactly like its plain twin", async () => {
    const base = "aws/fixtures/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json";
    const plain = eventsOf(await collect(datasetPath(base)));
    const gz = eventsOf(await collect(datasetPath(`${base}.gz`)));
    expect(gz).toEqual(plain);
    // Both calls were made by AWS Config: once with someRole's session (someRole's, marked invokedBy), once as the service itself.
    expect(plain.map((e) => [e.principalKey, e.principalName, e.invokedBy])).toEqual([
      ["arn:aws:iam::111111111111:role/someRole", "someRole", "config.amazonaws.com"],
      ["aws-service:config.amazonaws.com", "config.amazonaws.com", "config.amazonaws.com"],
    ]);
  });

  it("names the byte where the structure of SerializerTestFileBadJsonFormat breaks", async () => {
    const [result] = await collect(datasetPath("aws/fixtures/aws_cloudtrail_processing_library/SerializerTestFileBadJsonFormat.json"));
    expect(result.kind).toBe("reject");
    if (result.kind !== "reject") return;
    expect(result.reject.position).toMatch(/^byte \d+$/);
    expect(result.reject.reason).toContain("']' closes '{' in record 1");
    expect(result.reject.raw).toContain('"eventVersion": "1.1"');
  });

  it("keeps the vendor-enriched records of the broken cloudtrail2sightings file as they are", async () => {
    const results = await collect(datasetPath("aws/fixtures/cloudtrail2sightings/aws.execution.ec2-user-data.json"));
    const events = eventsOf(results);
    expect(events.map((e) => e.action)).toEqual(["ec2.amazonaws.com:StopInstances", "ec2.amazonaws.com:ModifyInstanceAttribute", "ec2.amazonaws.com:StartInstances"]);
    expect(events[0].principalKey).toBe("arn:aws:iam::677301038893:role/account-admin");
    expect(events[0].raw).toHaveProperty("http.useragent_details.device.family", "Other");
    const warnings = results.filter((r) => r.kind === "warning");
    expect(warnings.map((w) => (w.kind === "warning" ? w.position : ""))).toEqual(["byte 3327", "byte 6226"]);
  });

  it("reads LookupEvents' CloudTrailEvent strings (plaso) and keeps the inner record as raw", async () => {
    const events = eventsOf(await collect(datasetPath("aws/fixtures/plaso/aws_cloudtrail.jsonl")));
    expect(events[0]).toMatchObject({
      providerEventId: "0828c0d2-3589-4390-b954-c78b4a7df44b",
      action: "ec2.amazonaws.com:DescribeInstances",
      principalKey: "arn:aws:iam::012345678901:user/fakeusername",
      readOnly: true,
      userAgentFamily: "console",
      region: "ap-southeast-2",
    });
    expect(events[0].raw).toHaveProperty("eventVersion", "1.08");
  });

  it("keeps the CloudTrail Insights record apart", async () => {
    const events = eventsOf(await collect(datasetPath("aws/fixtures/streamalert/streamalert_cloudtrail_test_events.jsonl")));
    const insights = events.filter((e) => e.category === "insight");
    expect(insights).toHaveLength(1);
    expect(insights[0]).toMatchObject({ action: "autoscaling.amazonaws.com:CompleteLifecycleAction", principalKey: "aws-service:cloudtrail-insights", readOnly: null });
  });

  it("gives console-session events the file's principal, or the caller's", async () => {
    const file = datasetPath("aws/benign/console-sessions/01b11411976e0d80d2528881b018fc020d44a2620b901f89c31f65f506e94e44/InputEvents.json");
    const byFile = eventsOf(await collect(file));
    expect(new Set(byFile.map((e) => e.principalKey))).toEqual(new Set(["unknown:01b11411976e0d80d2528881b018fc020d44a2620b901f89c31f65f506e94e44/InputEvents.json"]));
    const byCaller = eventsOf(await collect(file, { defaultPrincipal: "session:01b11411" }));
    expect(new Set(byCaller.map((e) => e.principalKey))).toEqual(new Set(["session:01b11411"]));
    expect(byFile.filter((e) => e.category === "signin").map((e) => e.action)).toEqual(["signin.amazonaws.com:ConsoleLogin", "signin.amazonaws.com:GetSigninToken"]);
    // "AWS Internal", the browser and the console back ends ("aws-internal/3 …") are all console traffic.
    expect(byFile.filter((e) => e.userAgentFamily === "console").length).toBeGreaterThan(byFile.length * 0.8);
  });

  it("collapses the Azure CSV export's Started/Succeeded pairs to the final status", async () => {
    const events = eventsOf(await collect(datasetPath("azure/benign/azure_activity.csv")));
    const first = events[0];
    expect(first).toMatchObject({
      provider: "azure",
      providerEventId: "op-d31b683d-803d-4f56-a92b-1d9e5082372d-MICROSOFT.SECURITYINSIGHTS/INCIDENTS/WRITE",
      action: "MICROSOFT.SECURITYINSIGHTS/INCIDENTS/WRITE",
      service: "MICROSOFT.SECURITYINSIGHTS",
      accountExternalId: "1c61ccbf-70b3-45a3-a1fb-848ce46d70a6",
      principalKey: "azure:yanivsh@buildseccxpninja.onmicrosoft.com",
      principalType: "user",
      outcome: "success",
      readOnly: false,
    });
    // Started at 7:17:58.252 PM, succeeded at 7:17:58.447 PM: the event keeps the start.
    expect(first.eventTime.toISOString()).toBe("2021-04-26T19:17:58.252Z");
    expect(first.raw).toHaveProperty("ActivityStatus", "Succeeded");
    expect(events.filter((e) => e.outcome === "failure")).toHaveLength(5);
    // Policy evaluations name the user whose write triggered them: that user's, marked with the category.
    const policy = events.filter((e) => e.invokedBy === "Policy");
    expect(policy.length).toBeGreaterThan(0);
    expect(policy.every((e) => e.principalKey.startsWith("azure:") && e.principalKey.endsWith("@buildseccxpninja.onmicrosoft.com"))).toBe(true);
    expect(new Set(events.map((e) => e.providerEventId)).size).toBe(events.length);
  });
});
