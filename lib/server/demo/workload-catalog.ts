// The workloads a typical small SaaS runs, as the narrow periodic API mixes their roles show in
// CloudTrail. Data-plane calls (S3 objects, DynamoDB items, SQS messages) are data events.
import type { WorkloadSpec } from "./types";

export interface WorkloadTemplate {
  name: string;
  spec: WorkloadSpec;
}

const S3_GET = { source: "s3.amazonaws.com", name: "GetObject", isData: true };
const S3_PUT = { source: "s3.amazonaws.com", name: "PutObject", isData: true };
const KMS_DECRYPT = { source: "kms.amazonaws.com", name: "Decrypt" };
const SECRET = { source: "secretsmanager.amazonaws.com", name: "GetSecretValue" };

export const PROD_WORKLOADS: WorkloadTemplate[] = [
  {
    name: "orders-api",
    spec: {
      compute: "ecs", periodMinutes: 5, diurnal: true, batch: 4,
      calls: [
        { source: "dynamodb.amazonaws.com", name: "GetItem", p: 0.95, isData: true },
        { source: "dynamodb.amazonaws.com", name: "PutItem", p: 0.7, isData: true },
        { source: "dynamodb.amazonaws.com", name: "Query", p: 0.6, isData: true },
        { source: "sqs.amazonaws.com", name: "SendMessage", p: 0.6, isData: true },
        { ...KMS_DECRYPT, p: 0.3 },
        { ...SECRET, p: 0.08 },
        { source: "sns.amazonaws.com", name: "Publish", p: 0.5, fromFraction: 0.5 },
      ],
    },
  },
  {
    name: "invoice-worker",
    spec: {
      compute: "lambda", periodMinutes: 5, diurnal: true, batch: 3,
      calls: [
        { source: "sqs.amazonaws.com", name: "ReceiveMessage", p: 1, isData: true },
        { source: "sqs.amazonaws.com", name: "DeleteMessage", p: 0.6, isData: true },
        { ...S3_PUT, p: 0.5 },
        { source: "dynamodb.amazonaws.com", name: "UpdateItem", p: 0.5, isData: true },
        { ...KMS_DECRYPT, p: 0.5 },
      ],
    },
  },
  {
    name: "image-resizer",
    spec: { compute: "lambda", periodMinutes: 5, diurnal: true, batch: 3, calls: [{ ...S3_GET, p: 0.8 }, { ...S3_PUT, p: 0.8 }, { ...KMS_DECRYPT, p: 0.2 }] },
  },
  {
    name: "etl-batch",
    spec: {
      compute: "ec2", periodMinutes: 15, diurnal: false, batch: 3,
      calls: [
        { source: "s3.amazonaws.com", name: "ListObjects", p: 0.9, isData: true },
        { ...S3_GET, p: 0.9 },
        { ...S3_PUT, p: 0.4 },
        { source: "glue.amazonaws.com", name: "GetTable", p: 0.5 },
        { ...SECRET, p: 0.1 },
      ],
    },
  },
  {
    name: "ssm-fleet",
    spec: {
      compute: "ec2", periodMinutes: 5, diurnal: false, batch: 2,
      calls: [
        { source: "ssm.amazonaws.com", name: "UpdateInstanceInformation", p: 1 },
        { source: "ssm.amazonaws.com", name: "ListInstanceAssociations", p: 0.9 },
        { source: "ec2.amazonaws.com", name: "DescribeTags", p: 0.15 },
      ],
    },
  },
];

export const STAGING_WORKLOADS: WorkloadTemplate[] = PROD_WORKLOADS.slice(0, 3).map((w) => ({
  name: w.name,
  spec: { ...w.spec, periodMinutes: w.spec.periodMinutes * 3, batch: 1 },
}));

export const SHARED_WORKLOADS: WorkloadTemplate[] = [
  {
    name: "log-shipper",
    spec: {
      compute: "lambda", periodMinutes: 5, diurnal: false, batch: 3,
      calls: [{ ...S3_GET, p: 1 }, { source: "firehose.amazonaws.com", name: "PutRecordBatch", p: 0.9 }, { ...KMS_DECRYPT, p: 0.4 }],
    },
  },
  {
    name: "artifact-cache",
    spec: {
      compute: "ecs", periodMinutes: 10, diurnal: true, batch: 2,
      calls: [
        { source: "ecr.amazonaws.com", name: "GetAuthorizationToken", p: 0.5 },
        { source: "ecr.amazonaws.com", name: "BatchGetImage", p: 0.8 },
        { source: "ecr.amazonaws.com", name: "GetDownloadUrlForLayer", p: 0.8 },
        { ...S3_GET, p: 0.5 },
      ],
    },
  },
];

/** A workload deployed mid-period that calls a service nothing called before. */
export const NEW_WORKLOAD: WorkloadTemplate = {
  name: "reports-generator",
  spec: {
    compute: "lambda", periodMinutes: 15, diurnal: true, batch: 1,
    calls: [
      { source: "athena.amazonaws.com", name: "StartQueryExecution", p: 0.9 },
      { source: "athena.amazonaws.com", name: "GetQueryExecution", p: 0.9 },
      { source: "athena.amazonaws.com", name: "GetQueryResults", p: 0.8 },
      { source: "glue.amazonaws.com", name: "GetTable", p: 0.6 },
      { ...S3_PUT, p: 0.5 },
    ],
  },
};
