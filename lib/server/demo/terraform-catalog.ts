// What terraform-provider-aws calls to refresh and change common resources. Some reads fail on
// every refresh (a bucket without CORS answers NoSuchCORSConfiguration): normal for this principal.

export interface TfResourceType {
  type: string;
  service: string;
  reads: string[];
  writes: string[];
  /** Read calls that always fail for a typical resource, with their error code. */
  expectedErrors?: Record<string, string>;
  params: (name: string, accountId: string, region: string) => Record<string, unknown>;
}

export const TF_RESOURCES: TfResourceType[] = [
  {
    type: "aws_s3_bucket", service: "s3",
    reads: ["HeadBucket", "GetBucketPolicy", "GetBucketAcl", "GetBucketCors", "GetBucketWebsite", "GetBucketVersioning", "GetAccelerateConfiguration", "GetBucketRequestPayment", "GetBucketLogging", "GetBucketLifecycle", "GetBucketReplication", "GetBucketEncryption", "GetBucketObjectLockConfiguration", "GetBucketTagging"],
    writes: ["PutBucketTagging", "PutBucketVersioning", "PutBucketLifecycle"],
    expectedErrors: { GetBucketCors: "NoSuchCORSConfiguration", GetBucketWebsite: "NoSuchWebsiteConfiguration", GetBucketReplication: "ReplicationConfigurationNotFoundError", GetBucketObjectLockConfiguration: "ObjectLockConfigurationNotFoundError" },
    params: (n, a, r) => ({ bucketName: `${n}-${a.slice(-4)}`, Host: `${n}-${a.slice(-4)}.s3.${r}.amazonaws.com` }),
  },
  { type: "aws_iam_role", service: "iam", reads: ["GetRole", "ListRolePolicies", "ListAttachedRolePolicies"], writes: ["UpdateAssumeRolePolicy", "TagRole", "PutRolePolicy"], params: (n) => ({ roleName: n }) },
  { type: "aws_iam_policy", service: "iam", reads: ["GetPolicy", "GetPolicyVersion", "ListPolicyVersions"], writes: ["CreatePolicyVersion", "DeletePolicyVersion"], params: (n, a) => ({ policyArn: `arn:aws:iam::${a}:policy/${n}` }) },
  { type: "aws_security_group", service: "ec2", reads: ["DescribeSecurityGroups", "DescribeSecurityGroupRules"], writes: ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "CreateTags"], params: (n) => ({ filterSet: { items: [{ name: "group-name", valueSet: { items: [{ value: n }] } }] } }) },
  { type: "aws_lambda_function", service: "lambda", reads: ["GetFunction20150331v2", "ListVersionsByFunction20150331", "GetFunctionCodeSigningConfig", "GetPolicy20150331v2"], writes: ["UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2"], expectedErrors: { GetPolicy20150331v2: "ResourceNotFoundException" }, params: (n) => ({ functionName: n }) },
  { type: "aws_dynamodb_table", service: "dynamodb", reads: ["DescribeTable", "DescribeContinuousBackups", "DescribeTimeToLive", "ListTagsOfResource"], writes: ["UpdateTable", "TagResource"], params: (n) => ({ tableName: n }) },
  { type: "aws_sqs_queue", service: "sqs", reads: ["GetQueueUrl", "GetQueueAttributes", "ListQueueTags"], writes: ["SetQueueAttributes", "TagQueue"], params: (n, a, r) => ({ queueUrl: `https://sqs.${r}.amazonaws.com/${a}/${n}` }) },
  { type: "aws_ecs_service", service: "ecs", reads: ["DescribeServices", "DescribeTaskDefinition"], writes: ["RegisterTaskDefinition", "UpdateService"], params: (n) => ({ cluster: "main", services: [n] }) },
  { type: "aws_kms_key", service: "kms", reads: ["DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus", "ListResourceTags"], writes: ["TagResource"], params: (n) => ({ keyId: `alias/${n}` }) },
  { type: "aws_cloudwatch_log_group", service: "logs", reads: ["DescribeLogGroups", "ListTagsLogGroup"], writes: ["PutRetentionPolicy"], params: (n) => ({ logGroupNamePrefix: `/aws/${n}` }) },
  { type: "aws_subnet", service: "ec2", reads: ["DescribeSubnets", "DescribeRouteTables", "DescribeNetworkAcls"], writes: ["CreateTags"], params: (n) => ({ subnetSet: { items: [{ subnetId: n }] } }) },
  { type: "aws_vpc", service: "ec2", reads: ["DescribeVpcs", "DescribeVpcAttribute"], writes: ["CreateTags"], params: (n) => ({ vpcSet: { items: [{ vpcId: n }] } }) },
  { type: "aws_route53_record", service: "route53", reads: ["GetHostedZone", "ListResourceRecordSets"], writes: ["ChangeResourceRecordSets", "GetChange"], params: () => ({ hostedZoneId: "Z0431796KD2E7YQHV4XF" }) },
  { type: "aws_secretsmanager_secret", service: "secretsmanager", reads: ["DescribeSecret", "GetResourcePolicy"], writes: ["TagResource"], params: (n) => ({ secretId: n }) },
  { type: "aws_sns_topic", service: "sns", reads: ["GetTopicAttributes", "ListTagsForResource"], writes: ["SetTopicAttributes"], params: (n, a, r) => ({ topicArn: `arn:aws:sns:${r}:${a}:${n}` }) },
];

export const TF_VERSIONS = ["1.9.5", "1.9.8"];
export const TF_PROVIDER_VERSIONS = ["5.64.0", "5.72.1"];

export function terraformUserAgent(tf: string, provider: string, service: string): string {
  return `APN/1.0 HashiCorp/1.0 Terraform/${tf} (+https://www.terraform.io) terraform-provider-aws/${provider} (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/${service}#1.44.0`;
}
