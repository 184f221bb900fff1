// Names an analyst reads in place of identifiers (issue 17): an Azure application that only ever
// signs in with its app id, and cloud actions as "GetBucketLocation (S3)" rather than the
// normalizer's "s3.amazonaws.com:GetBucketLocation".

export const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const GUID_ONLY = new RegExp(`^${UUID_RE.source}$`, "i");

export function isGuid(s: string): boolean {
  return GUID_ONLY.test(s);
}

/**
 * A principal's display name. Azure app-only tokens carry the app id and no display name
 * (lib/server/ingest/azure/principal.ts): such a principal is "Azure app 1a2b3c4d…", and the page
 * puts the full id in a title attribute (components/common/principal-link.tsx).
 */
export function principalLabel(name: string): string {
  return isGuid(name) ? `Azure app ${name.slice(0, 8)}…` : name;
}

const AWS_SERVICES: Record<string, string> = {
  s3: "S3", iam: "IAM", sts: "STS", ec2: "EC2", kms: "KMS", rds: "RDS", ssm: "Systems Manager", secretsmanager: "Secrets Manager",
  cloudtrail: "CloudTrail", lambda: "Lambda", dynamodb: "DynamoDB", logs: "CloudWatch Logs", monitoring: "CloudWatch", guardduty: "GuardDuty",
  signin: "sign-in", ecr: "ECR", ecs: "ECS", eks: "EKS", cloudformation: "CloudFormation", organizations: "Organizations", config: "Config",
  securityhub: "Security Hub", sns: "SNS", sqs: "SQS", "ec2-instance-connect": "EC2 Instance Connect", route53: "Route 53",
  route53resolver: "Route 53 Resolver", backup: "Backup", sso: "IAM Identity Center", rolesanywhere: "IAM Roles Anywhere", elasticloadbalancing: "ELB",
  ce: "Cost Explorer", health: "Health", notifications: "User Notifications", "resource-explorer-2": "Resource Explorer", redshift: "Redshift",
  elasticfilesystem: "EFS", "access-analyzer": "IAM Access Analyzer", tagging: "Tagging", ram: "RAM", apigateway: "API Gateway", states: "Step Functions",
  events: "EventBridge", cloudfront: "CloudFront", autoscaling: "Auto Scaling", elasticache: "ElastiCache", sagemaker: "SageMaker", bedrock: "Bedrock",
  inspector2: "Inspector", macie2: "Macie", es: "OpenSearch", acm: "ACM", athena: "Athena", glue: "Glue", kinesis: "Kinesis", firehose: "Firehose",
  servicecatalog: "Service Catalog", "servicecatalog-appregistry": "AppRegistry", account: "Account", support: "Support", waf: "WAF", wafv2: "WAF",
};

/** A service missing above: "ses" → "SES", "resource-groups" → "Resource Groups". */
function serviceName(service: string): string {
  if (service.length <= 3) return service.toUpperCase();
  return service.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
}

const AZURE_PROVIDERS: Record<string, string> = {
  keyvault: "Key Vault", insights: "Monitor", managedidentity: "Managed Identity", security: "Defender for Cloud", web: "App Service",
  recoveryservices: "Recovery Services", containerservice: "AKS", operationalinsights: "Log Analytics", securityinsights: "Sentinel",
  containerinstance: "Container Instances", containerregistry: "Container Registry", documentdb: "Cosmos DB", sql: "SQL", dbforpostgresql: "PostgreSQL",
};

/** "s3" for "s3.amazonaws.com:GetObject"; null for an action that is not AWS's `source:name`. */
function awsParts(action: string): { service: string; name: string } | null {
  const m = /^([a-z0-9-]+)\.amazonaws\.com:(.+)$/.exec(action);
  // Lambda's event names carry their API version ("CreateFunction20150331"): noise to a reader.
  return m ? { service: m[1], name: m[2].replace(/\d{8}(v\d+)?$/, "") } : null;
}

/** The case-free key of an action for phrase tables: "iam:createaccesskey", "microsoft.authorization/roleassignments/write". */
export function actionKey(action: string): string {
  const aws = awsParts(action);
  return (aws ? `${aws.service}:${aws.name}` : action).toLowerCase();
}

/** An AWS event name without its service ("GetBucketLocation"), or the readable label of anything else. */
export function actionName(action: string): string {
  return awsParts(action)?.name ?? actionLabel(action);
}

/**
 * "GetBucketLocation (S3)" for AWS; "roleAssignments/write (Authorization)" for an Azure
 * operation (which the normalizer upper-cases, so its case is lowered); anything else as it is.
 */
export function actionLabel(action: string): string {
  const aws = awsParts(action);
  if (aws) return `${aws.name} (${Object.hasOwn(AWS_SERVICES, aws.service) ? AWS_SERVICES[aws.service] : serviceName(aws.service)})`;
  const az = /^microsoft\.([a-z0-9]+)\/(.+)$/i.exec(action);
  if (az) {
    const provider = az[1].toLowerCase();
    const path = az[2].replace(/\/action$/i, "");
    return `${path === path.toUpperCase() ? path.toLowerCase() : path} (${Object.hasOwn(AZURE_PROVIDERS, provider) ? AZURE_PROVIDERS[provider] : provider[0].toUpperCase() + provider.slice(1)})`;
  }
  return action;
}
