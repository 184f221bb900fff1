// The maintained mapping from cloud audit actions to MITRE ATT&CK (issue 17).
//
// Sources: the technique pages of ATT&CK Enterprise v16, cloud platforms
// (https://attack.mitre.org/matrices/enterprise/cloud/), which name the AWS and Azure API calls of
// their procedures (e.g. T1562.008 names cloudtrail:StopLogging and DeleteTrail, T1666 names
// organizations:LeaveOrganization, T1021.008 names EC2 Instance Connect and the serial console),
// and Stratus Red Team's technique catalogue (DataDog/stratus-red-team, docs/attack-techniques),
// whose detonations ship in prisma/seed/datasets and whose LABELS.csv gives each one's tactic.
// Coverage: every action of those detonations (attack.test.ts asserts it), the Azure demo attack,
// and the sensitive IAM, logging, storage and compute calls of AWS and Azure.
//
// Keys: AWS `eventSource:eventName` as the normalizer writes them; Azure operation names upper-cased
// (the Azure normalizer upper-cases them). `tactics` narrows the technique's ATT&CK tactics to the
// ones the action serves; without it, all of the technique's tactics apply.
// When you change this table, existing alerts keep what they were given when written; the migration
// 20261204181432_alert_attack backfilled the alerts that existed before the columns.

export interface AttackMapping {
  technique: string;
  tactics?: readonly string[];
}

type Table = Record<string, readonly AttackMapping[]>;

const t = (technique: string, ...tactics: string[]): AttackMapping => (tactics.length ? { technique, tactics } : { technique });

const AWS: Table = {
  // Sign-in and credentials
  "signin.amazonaws.com:ConsoleLogin": [t("T1078.004", "TA0001")],
  "sts.amazonaws.com:AssumeRole": [t("T1548.005")],
  "sts.amazonaws.com:AssumeRoleWithSAML": [t("T1078.004", "TA0001")],
  "sts.amazonaws.com:AssumeRoleWithWebIdentity": [t("T1078.004", "TA0001")],
  "sts.amazonaws.com:GetFederationToken": [t("T1098.001", "TA0003")],
  "sts.amazonaws.com:GetSessionToken": [t("T1098.001", "TA0003")],
  "sts.amazonaws.com:GetCallerIdentity": [t("T1087.004")],
  "iam.amazonaws.com:CreateAccessKey": [t("T1098.001")],
  "iam.amazonaws.com:UpdateAccessKey": [t("T1098.001")],
  "iam.amazonaws.com:CreateLoginProfile": [t("T1098.001")],
  "iam.amazonaws.com:UpdateLoginProfile": [t("T1098.001")],
  "iam.amazonaws.com:DeleteLoginProfile": [t("T1531")],
  "iam.amazonaws.com:DeleteAccessKey": [t("T1531")],
  "iam.amazonaws.com:UploadSSHPublicKey": [t("T1098.001")],
  "iam.amazonaws.com:CreateServiceSpecificCredential": [t("T1098.001")],
  "iam.amazonaws.com:DeactivateMFADevice": [t("T1556.006")],
  "iam.amazonaws.com:DeleteVirtualMFADevice": [t("T1556.006")],
  "rolesanywhere.amazonaws.com:CreateTrustAnchor": [t("T1098.001")],
  "rolesanywhere.amazonaws.com:CreateProfile": [t("T1098.001")],
  // Accounts, roles and policies
  "iam.amazonaws.com:CreateUser": [t("T1136.003")],
  "iam.amazonaws.com:CreateRole": [t("T1136.003")],
  "iam.amazonaws.com:DeleteUser": [t("T1531")],
  "iam.amazonaws.com:AttachUserPolicy": [t("T1098.003")],
  "iam.amazonaws.com:AttachRolePolicy": [t("T1098.003")],
  "iam.amazonaws.com:AttachGroupPolicy": [t("T1098.003")],
  "iam.amazonaws.com:PutUserPolicy": [t("T1098.003")],
  "iam.amazonaws.com:PutRolePolicy": [t("T1098.003")],
  "iam.amazonaws.com:PutGroupPolicy": [t("T1098.003")],
  "iam.amazonaws.com:AddUserToGroup": [t("T1098.003")],
  "iam.amazonaws.com:CreatePolicyVersion": [t("T1098.003")],
  "iam.amazonaws.com:SetDefaultPolicyVersion": [t("T1098.003")],
  "iam.amazonaws.com:UpdateAssumeRolePolicy": [t("T1098.003")],
  "lambda.amazonaws.com:AddPermission20150331v2": [t("T1098")],
  "lambda.amazonaws.com:UpdateFunctionConfiguration20150331v2": [t("T1546")],
  "lambda.amazonaws.com:UpdateFunctionCode20150331v2": [t("T1648")],
  "lambda.amazonaws.com:CreateFunction20150331": [t("T1648")],
  "lambda.amazonaws.com:Invoke": [t("T1648")],
  // Discovery
  "iam.amazonaws.com:ListUsers": [t("T1087.004")],
  "iam.amazonaws.com:ListRoles": [t("T1087.004")],
  "iam.amazonaws.com:GetAccountAuthorizationDetails": [t("T1087.004")],
  "iam.amazonaws.com:ListGroups": [t("T1069.003")],
  "iam.amazonaws.com:ListAttachedUserPolicies": [t("T1069.003")],
  "organizations.amazonaws.com:ListAccounts": [t("T1087.004")],
  "ec2.amazonaws.com:DescribeInstances": [t("T1580")],
  "ec2.amazonaws.com:DescribeInstanceAttribute": [t("T1580")],
  "ec2.amazonaws.com:DescribeSnapshots": [t("T1580")],
  "ec2.amazonaws.com:DescribeVolumes": [t("T1580")],
  "ec2.amazonaws.com:DescribeSecurityGroups": [t("T1580")],
  "ec2.amazonaws.com:DescribeRegions": [t("T1580")],
  "ssm.amazonaws.com:DescribeInstanceInformation": [t("T1580")],
  "ssm.amazonaws.com:DescribeParameters": [t("T1526")],
  "secretsmanager.amazonaws.com:ListSecrets": [t("T1526")],
  "s3.amazonaws.com:ListBuckets": [t("T1619")],
  "s3.amazonaws.com:ListObjects": [t("T1619")],
  "s3.amazonaws.com:ListObjectsV2": [t("T1619")],
  // Credential access and collection
  "ec2.amazonaws.com:GetPasswordData": [t("T1552")],
  "secretsmanager.amazonaws.com:GetSecretValue": [t("T1555.006")],
  "secretsmanager.amazonaws.com:BatchGetSecretValue": [t("T1555.006")],
  "ssm.amazonaws.com:GetParameter": [t("T1555.006")],
  "ssm.amazonaws.com:GetParameters": [t("T1555.006")],
  "ssm.amazonaws.com:GetParametersByPath": [t("T1555.006")],
  "s3.amazonaws.com:GetObject": [t("T1530")],
  // Execution and lateral movement
  "ssm.amazonaws.com:SendCommand": [t("T1651")],
  "ssm.amazonaws.com:GetCommandInvocation": [t("T1651")],
  "ssm.amazonaws.com:StartSession": [t("T1651")],
  "ssm.amazonaws.com:ResumeSession": [t("T1651")],
  "ssm.amazonaws.com:TerminateSession": [t("T1651")],
  "ec2-instance-connect.amazonaws.com:SendSSHPublicKey": [t("T1021.008")],
  "ec2-instance-connect.amazonaws.com:SendSerialConsoleSSHPublicKey": [t("T1021.008")],
  "ec2.amazonaws.com:EnableSerialConsoleAccess": [t("T1578.005")],
  // Defense evasion
  "cloudtrail.amazonaws.com:StopLogging": [t("T1562.008")],
  "cloudtrail.amazonaws.com:DeleteTrail": [t("T1562.008")],
  "cloudtrail.amazonaws.com:UpdateTrail": [t("T1562.008")],
  "cloudtrail.amazonaws.com:PutEventSelectors": [t("T1562.008")],
  "route53resolver.amazonaws.com:DeleteResolverQueryLogConfig": [t("T1562.008")],
  "ec2.amazonaws.com:DeleteFlowLogs": [t("T1562.008")],
  "logs.amazonaws.com:DeleteLogGroup": [t("T1562.008")],
  "logs.amazonaws.com:DeleteLogStream": [t("T1562.008")],
  "s3.amazonaws.com:PutBucketLogging": [t("T1562.008")],
  "guardduty.amazonaws.com:DeleteDetector": [t("T1562.001")],
  "guardduty.amazonaws.com:UpdateDetector": [t("T1562.001")],
  "config.amazonaws.com:StopConfigurationRecorder": [t("T1562.001")],
  "config.amazonaws.com:DeleteConfigurationRecorder": [t("T1562.001")],
  "securityhub.amazonaws.com:DisableSecurityHub": [t("T1562.001")],
  "ec2.amazonaws.com:AuthorizeSecurityGroupIngress": [t("T1562.007")],
  "ec2.amazonaws.com:RevokeSecurityGroupEgress": [t("T1562.007")],
  "ec2.amazonaws.com:ModifyNetworkAclEntry": [t("T1562.007")],
  "organizations.amazonaws.com:LeaveOrganization": [t("T1666")],
  "ec2.amazonaws.com:RunInstances": [t("T1578.002")],
  "ec2.amazonaws.com:CreateSnapshot": [t("T1578.001")],
  "ec2.amazonaws.com:ModifyInstanceAttribute": [t("T1578.005")],
  // Exfiltration and impact
  "ec2.amazonaws.com:ModifySnapshotAttribute": [t("T1537")],
  "ec2.amazonaws.com:ModifyImageAttribute": [t("T1537")],
  "rds.amazonaws.com:ModifyDBSnapshotAttribute": [t("T1537")],
  "rds.amazonaws.com:ModifyDBClusterSnapshotAttribute": [t("T1537")],
  "s3.amazonaws.com:PutBucketPolicy": [t("T1537")],
  "s3.amazonaws.com:PutBucketAcl": [t("T1537")],
  "s3.amazonaws.com:DeleteBucket": [t("T1485")],
  "s3.amazonaws.com:DeleteObject": [t("T1485")],
  "ec2.amazonaws.com:TerminateInstances": [t("T1485")],
  "rds.amazonaws.com:DeleteDBInstance": [t("T1485")],
  "ec2.amazonaws.com:DeleteSnapshot": [t("T1490")],
  "backup.amazonaws.com:DeleteRecoveryPoint": [t("T1490")],
  "kms.amazonaws.com:ScheduleKeyDeletion": [t("T1485")],
  "kms.amazonaws.com:DisableKey": [t("T1486")],
};

const AZURE: Table = {
  "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE": [t("T1098.003")],
  "MICROSOFT.AUTHORIZATION/ROLEDEFINITIONS/WRITE": [t("T1098.003")],
  "MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION": [t("T1548.005")],
  "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE": [t("T1562.008")],
  "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE": [t("T1562.008")],
  "MICROSOFT.INSIGHTS/ACTIVITYLOGALERTS/DELETE": [t("T1562.001")],
  "MICROSOFT.SECURITY/PRICINGS/WRITE": [t("T1562.001")],
  "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE": [t("T1562.007")],
  "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE": [t("T1562.007")],
  "MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION": [t("T1651")],
  "MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMANDS/WRITE": [t("T1651")],
  "MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE": [t("T1651")],
  "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE": [t("T1578.002")],
  "MICROSOFT.COMPUTE/SNAPSHOTS/WRITE": [t("T1578.001")],
  "MICROSOFT.COMPUTE/SNAPSHOTS/BEGINGETACCESS/ACTION": [t("T1537")],
  "MICROSOFT.COMPUTE/DISKS/BEGINGETACCESS/ACTION": [t("T1537")],
  "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION": [t("T1552")],
  "MICROSOFT.KEYVAULT/VAULTS/SECRETS/READ": [t("T1555.006")],
  "MICROSOFT.KEYVAULT/VAULTS/ACCESSPOLICIES/WRITE": [t("T1098.003")],
  "MICROSOFT.KEYVAULT/VAULTS/DELETE": [t("T1485")],
  "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE": [t("T1485")],
  "MICROSOFT.COMPUTE/DISKS/DELETE": [t("T1485")],
  "MICROSOFT.STORAGE/STORAGEACCOUNTS/DELETE": [t("T1485")],
  "MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/DELETE": [t("T1485")],
  "MICROSOFT.RECOVERYSERVICES/VAULTS/DELETE": [t("T1490")],
  "MICROSOFT.MANAGEMENT/MANAGEMENTGROUPS/SUBSCRIPTIONS/WRITE": [t("T1666")],
};

export const ATTACK_MAP: ReadonlyMap<string, readonly AttackMapping[]> = new Map([...Object.entries(AWS), ...Object.entries(AZURE)]);
