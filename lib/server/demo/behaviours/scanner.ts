// A CSPM scanner role (Prowler-like) assumed nightly into every account: a wide, identical sweep of
// List/Describe/Get over all regions and the global services, with the AccessDenied errors such
// tools always collect. Wide but perfectly regular — the classic noise source of DOMAIN.md §4.
import { buildAwsRecord, openSession } from "../aws-record";
import { HOUR_MS, compactMinute } from "../calendar";
import { deriveRng } from "../rng";
import { awsEvent, type Behaviour, type SimContext } from "../sim-context";
import type { DemoPrincipal } from "../types";
import { daysOf } from "./daily-plan";

const SCAN_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1", "ca-central-1"];
const GLOBAL_CALLS: Array<[string, string]> = [
  ["iam", "GetAccountPasswordPolicy"], ["iam", "GetAccountSummary"], ["iam", "GenerateCredentialReport"], ["iam", "GetCredentialReport"],
  ["iam", "ListUsers"], ["iam", "ListRoles"], ["iam", "ListPolicies"], ["iam", "ListGroups"], ["iam", "GetAccountAuthorizationDetails"],
  ["iam", "ListVirtualMFADevices"], ["iam", "ListSAMLProviders"], ["iam", "ListOpenIDConnectProviders"], ["iam", "ListServerCertificates"],
  ["s3", "ListBuckets"], ["organizations", "DescribeOrganization"], ["route53", "ListHostedZones"], ["cloudfront", "ListDistributions"],
];
const REGIONAL_CALLS: Array<[string, string, string?]> = [
  ["ec2", "DescribeInstances"], ["ec2", "DescribeSecurityGroups"], ["ec2", "DescribeVpcs"], ["ec2", "DescribeFlowLogs"], ["ec2", "DescribeVolumes"],
  ["ec2", "DescribeSnapshots"], ["ec2", "DescribeImages"], ["ec2", "DescribeNetworkAcls"], ["ec2", "GetEbsEncryptionByDefault"],
  ["cloudtrail", "DescribeTrails"], ["cloudtrail", "GetTrailStatus"], ["cloudtrail", "GetEventSelectors"], ["config", "DescribeConfigurationRecorders"],
  ["guardduty", "ListDetectors"], ["securityhub", "DescribeHub", "InvalidAccessException"], ["kms", "ListKeys"], ["kms", "ListAliases"],
  ["lambda", "ListFunctions20150331"], ["rds", "DescribeDBInstances"], ["rds", "DescribeDBSnapshots"], ["dynamodb", "ListTables"],
  ["sqs", "ListQueues"], ["sns", "ListTopics"], ["logs", "DescribeLogGroups"], ["logs", "DescribeMetricFilters"], ["cloudwatch", "DescribeAlarms"],
  ["ecr", "DescribeRepositories"], ["ecs", "ListClusters"], ["eks", "ListClusters"], ["secretsmanager", "ListSecrets"], ["ssm", "DescribeParameters"],
  ["elasticloadbalancing", "DescribeLoadBalancers"], ["apigateway", "GetRestApis"], ["accessanalyzer", "ListAnalyzers"], ["macie2", "GetMacieSession", "AccessDeniedException"],
];
const UA = "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10.225-213.878.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.144 prowler/4.3.5";

export function* runScanner(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "scanner", p.key);
  const ip = `44.${200 + (p.account.id.charCodeAt(3) % 50)}.${p.account.id.charCodeAt(5)}.17`;
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    const start = day + 2 * HOUR_MS + rng.int(0, 600_000);
    if (start < ctx.startMs || start >= ctx.endMs) continue;
    const s = openSession(p, { sessionName: `prowler-${compactMinute(start)}`, accessKeyId: "ASIA" + rng.upper(16), createdAt: start, sourceIp: ip, userAgent: UA });
    let t = start;
    for (const [svc, name] of GLOBAL_CALLS) {
      t += rng.int(100, 900);
      yield awsEvent(t, buildAwsRecord(rng, t, s, { source: `${svc}.amazonaws.com`, name, region: "us-east-1", rp: null }));
    }
    for (const region of SCAN_REGIONS) {
      for (const [svc, name, err] of REGIONAL_CALLS) {
        t += rng.int(40, 500);
        const error = err ? { code: err, message: `${p.arn.split("/").pop()} is not authorized or the service is not enabled` } : undefined;
        yield awsEvent(t, buildAwsRecord(rng, t, s, { source: `${svc}.amazonaws.com`, name, region, rp: null, error }));
      }
    }
  }
}
