// The exact IAM documents the accounts page shows for copy-and-paste (issue 8): a trust policy that
// lets Trailwatch's identity assume the role only with the generated external id, and a read-only
// permission policy with nothing beyond what the connector calls (lib/server/connectors/aws).

export function awsTrustPolicy(externalId: string, trustedPrincipalArn: string): string {
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: trustedPrincipalArn || "arn:aws:iam::<TRAILWATCH_HOST_ACCOUNT_ID>:root" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
      ],
    },
    null,
    2,
  );
}

export function awsPermissionPolicy(bucket?: string, prefix?: string): string {
  const statements: object[] = [{ Sid: "LookupEvents", Effect: "Allow", Action: ["cloudtrail:LookupEvents"], Resource: "*" }];
  if (bucket) {
    const keyPrefix = prefix ? `${prefix.replace(/^\/+|\/+$/g, "")}/` : "";
    statements.push(
      { Sid: "ListTrailBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: `arn:aws:s3:::${bucket}`, Condition: { StringLike: { "s3:prefix": [`${keyPrefix}AWSLogs/*`] } } },
      { Sid: "ReadTrailObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: `arn:aws:s3:::${bucket}/${keyPrefix}AWSLogs/*` },
    );
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}
