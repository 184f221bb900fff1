// Plausible requestParameters / responseElements / resources for the calls the behaviours make.
// Reads mostly carry a null responseElements, as in real trails; unknown calls get null parameters.
import type { Rng } from "./rng";

export interface ParamContext {
  accountId: string;
  region: string;
  /** Name of the workload or stack, used to name its buckets, tables and queues. */
  owner: string;
  rng: Rng;
}

export interface CallDetails {
  rp: unknown;
  re?: unknown;
  resources?: Array<Record<string, unknown>>;
}

type Builder = (c: ParamContext) => CallDetails;

const bucket = (c: ParamContext) => `${c.owner}-${c.accountId.slice(-4)}-${c.region}`;
const table = (c: ParamContext) => `${c.owner}-table`;
const queueUrl = (c: ParamContext) => `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${c.owner}-queue`;
const keyArn = (c: ParamContext) => `arn:aws:kms:${c.region}:${c.accountId}:key/${c.owner.length.toString(16).padStart(8, "0")}-6f1c-4a5e-9b2d-${c.accountId}`;

function objectKey(c: ParamContext): string {
  return `data/${2024 + (c.rng.u32() % 2)}/${c.rng.hex(8)}.json`;
}

const BUILDERS: Record<string, Builder> = {
  GetObject: (c) => {
    const b = bucket(c), k = objectKey(c);
    return {
      rp: { bucketName: b, Host: `${b}.s3.${c.region}.amazonaws.com`, key: k },
      resources: [{ type: "AWS::S3::Object", ARN: `arn:aws:s3:::${b}/${k}` }, { accountId: c.accountId, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${b}` }],
    };
  },
  PutObject: (c) => {
    const b = bucket(c), k = objectKey(c);
    return {
      rp: { bucketName: b, Host: `${b}.s3.${c.region}.amazonaws.com`, key: k, "x-amz-server-side-encryption": "aws:kms" },
      re: { "x-amz-server-side-encryption": "aws:kms" },
      resources: [{ type: "AWS::S3::Object", ARN: `arn:aws:s3:::${b}/${k}` }, { accountId: c.accountId, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${b}` }],
    };
  },
  ListObjects: (c) => ({ rp: { bucketName: bucket(c), prefix: "data/", "list-type": "2" }, resources: [{ accountId: c.accountId, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket(c)}` }] }),
  GetItem: (c) => ({ rp: { tableName: table(c), key: { pk: { S: "HIDDEN_DUE_TO_SECURITY_REASONS" } }, consistentRead: false }, resources: [{ accountId: c.accountId, type: "AWS::DynamoDB::Table", ARN: `arn:aws:dynamodb:${c.region}:${c.accountId}:table/${table(c)}` }] }),
  PutItem: (c) => ({ rp: { tableName: table(c), key: { pk: { S: "HIDDEN_DUE_TO_SECURITY_REASONS" } } }, resources: [{ accountId: c.accountId, type: "AWS::DynamoDB::Table", ARN: `arn:aws:dynamodb:${c.region}:${c.accountId}:table/${table(c)}` }] }),
  UpdateItem: (c) => BUILDERS.PutItem(c),
  Query: (c) => ({ rp: { tableName: table(c), indexName: "by-customer", select: "ALL_ATTRIBUTES" }, resources: [{ accountId: c.accountId, type: "AWS::DynamoDB::Table", ARN: `arn:aws:dynamodb:${c.region}:${c.accountId}:table/${table(c)}` }] }),
  SendMessage: (c) => ({ rp: { queueUrl: queueUrl(c) }, re: { mD5OfMessageBody: c.rng.hex(32), messageId: c.rng.uuid() }, resources: [{ accountId: c.accountId, type: "AWS::SQS::Queue", ARN: `arn:aws:sqs:${c.region}:${c.accountId}:${c.owner}-queue` }] }),
  ReceiveMessage: (c) => ({ rp: { queueUrl: queueUrl(c), maxNumberOfMessages: 10, waitTimeSeconds: 20 }, resources: [{ accountId: c.accountId, type: "AWS::SQS::Queue", ARN: `arn:aws:sqs:${c.region}:${c.accountId}:${c.owner}-queue` }] }),
  DeleteMessage: (c) => ({ rp: { queueUrl: queueUrl(c), receiptHandle: "HIDDEN_DUE_TO_SECURITY_REASONS" }, resources: [{ accountId: c.accountId, type: "AWS::SQS::Queue", ARN: `arn:aws:sqs:${c.region}:${c.accountId}:${c.owner}-queue` }] }),
  Decrypt: (c) => ({ rp: { encryptionAlgorithm: "SYMMETRIC_DEFAULT", encryptionContext: { "aws:lambda:FunctionArn": `arn:aws:lambda:${c.region}:${c.accountId}:function:${c.owner}` } }, resources: [{ accountId: c.accountId, type: "AWS::KMS::Key", ARN: keyArn(c) }] }),
  GetSecretValue: (c) => ({ rp: { secretId: `arn:aws:secretsmanager:${c.region}:${c.accountId}:secret:${c.owner}/db-credentials-${c.owner.slice(0, 6)}` } }),
  Publish: (c) => ({ rp: { topicArn: `arn:aws:sns:${c.region}:${c.accountId}:${c.owner}-events` }, re: { messageId: c.rng.uuid() } }),
  GetTable: (c) => ({ rp: { databaseName: "analytics", name: `${c.owner.split("-")[0]}_events` } }),
  PutRecordBatch: (c) => ({ rp: { deliveryStreamName: `${c.owner}-stream` }, re: { failedPutCount: 0, encrypted: true } }),
  StartQueryExecution: (c) => ({ rp: { queryString: "HIDDEN_DUE_TO_SECURITY_REASONS", workGroup: "primary", queryExecutionContext: { database: "analytics" } }, re: { queryExecutionId: c.rng.uuid() } }),
  GetQueryExecution: (c) => ({ rp: { queryExecutionId: c.rng.uuid() } }),
  GetQueryResults: (c) => ({ rp: { queryExecutionId: c.rng.uuid(), maxResults: 1000 } }),
  UpdateInstanceInformation: (c) => ({ rp: { instanceId: c.owner, agentVersion: "3.3.380.0", agentStatus: "Active", platformType: "Linux", platformName: "Amazon Linux", platformVersion: "2023", iPAddress: `10.0.${c.rng.int(0, 15)}.${c.rng.int(4, 250)}`, computerName: `ip-10-0-1-${c.rng.int(4, 250)}.ec2.internal`, agentName: "amazon-ssm-agent" } }),
  ListInstanceAssociations: (c) => ({ rp: { instanceId: c.owner, maxResults: 50 } }),
  DescribeTags: (c) => ({ rp: { filterSet: { items: [{ name: "resource-id", valueSet: { items: [{ value: c.owner }] } }] } } }),
  GetAuthorizationToken: () => ({ rp: null }),
  BatchGetImage: (c) => ({ rp: { repositoryName: `${c.owner}/base`, imageIds: [{ imageTag: "latest" }], acceptedMediaTypes: ["application/vnd.docker.distribution.manifest.v2+json"] } }),
  GetDownloadUrlForLayer: (c) => ({ rp: { repositoryName: `${c.owner}/base`, layerDigest: `sha256:${c.rng.hex(64)}` } }),
  GetCallerIdentity: () => ({ rp: null }),
};

export function detailsFor(name: string, c: ParamContext): CallDetails {
  const b = BUILDERS[name];
  return b ? b(c) : { rp: null };
}
