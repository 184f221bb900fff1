// The simulated organisation: AWS accounts (prod, staging, shared-services, then sandboxes), one
// Azure subscription, and the principals that act in them. Everything is drawn from the seed.
import { deriveRng, type Rng } from "./rng";
import type { DemoAccount, DemoPrincipal, TBehaviour, TPrincipalKind } from "./types";
import { NEW_WORKLOAD, PROD_WORKLOADS, SHARED_WORKLOADS, STAGING_WORKLOADS, type WorkloadTemplate } from "./workload-catalog";

export interface DemoOrg {
  seed: number;
  startMs: number;
  endMs: number;
  accounts: DemoAccount[];
  azure: DemoAccount;
  tenantId: string;
  principals: DemoPrincipal[];
}

export interface BuildOrgOptions {
  seed: number;
  accounts: number;
  scale: number;
  startMs: number;
  endMs: number;
  templateCount: number;
}

const ACCOUNT_SHAPES = [
  { name: "prod", homeRegion: "us-east-1", regions: ["us-east-1", "eu-west-1"], humans: 2, admins: 1, workloads: PROD_WORKLOADS },
  { name: "staging", homeRegion: "us-east-1", regions: ["us-east-1"], humans: 4, admins: 0, workloads: STAGING_WORKLOADS },
  { name: "shared-services", homeRegion: "us-east-1", regions: ["us-east-1", "us-west-2"], humans: 1, admins: 1, workloads: SHARED_WORKLOADS },
];
const FIRST_NAMES = ["alice", "bruno", "chen", "dana", "emeka", "farah", "gustav", "hana", "ivan", "jo", "kemal", "lena", "mateo", "nadia", "omar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "viktor", "wen", "ximena", "yusuf", "zoe"];
const UTC_OFFSETS = [-8, -5, -5, 0, 1, 1, 2, 5.5];
const BROWSERS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
];
const CLI_UAS = [
  "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off",
  "aws-cli/2.15.57 Python/3.11.8 Linux/6.5.0-41-generic exe/x86_64.ubuntu.22 prompt/off",
];

function accountId(rng: Rng): string {
  return String(rng.int(1, 9)) + String(rng.int(0, 99_999_999_999)).padStart(11, "0");
}

function replicate(templates: WorkloadTemplate[], scale: number): Array<{ t: WorkloadTemplate; name: string }> {
  const n = Math.max(1, Math.round(templates.length * scale));
  return Array.from({ length: n }, (_, i) => {
    const t = templates[i % templates.length];
    const copy = Math.floor(i / templates.length);
    return { t, name: copy === 0 ? t.name : `${t.name}-${copy + 1}` };
  });
}

export function buildOrg(o: BuildOrgOptions): DemoOrg {
  const rng = deriveRng(o.seed, "org");
  const span = o.endMs - o.startMs;
  const principals: DemoPrincipal[] = [];
  const names = rng.shuffle([...FIRST_NAMES]);
  let nameIdx = 0;
  const nextName = () => {
    const base = names[nameIdx % names.length];
    return nameIdx++ < names.length ? base : `${base}${Math.floor(nameIdx / names.length) + 1}`;
  };
  const add = (account: DemoAccount, kind: TPrincipalKind, behaviour: TBehaviour, name: string, extra: Partial<DemoPrincipal>) => {
    const isUser = extra.identityType === "IAMUser";
    const arn = extra.arn ?? `arn:aws:iam::${account.id}:${isUser ? "user" : "role"}/${name}`;
    principals.push({
      provider: "aws", key: arn, kind, behaviour, name, account, identityType: "AssumedRole", arn,
      principalId: (isUser ? "AIDA" : "AROA") + rng.upper(17), activeFrom: o.startMs, utcOffsetHours: 0,
      officeIp: "", homeIp: "", userAgent: "", region: account.homeRegion, ...extra,
    });
  };
  const accounts: DemoAccount[] = Array.from({ length: o.accounts }, (_, i) => {
    const shape = ACCOUNT_SHAPES[i] ?? { name: `sandbox-${i - 2}`, homeRegion: "eu-central-1", regions: ["eu-central-1"] };
    return { provider: "aws", id: accountId(rng), name: shape.name, homeRegion: shape.homeRegion, regions: shape.regions };
  });
  accounts.forEach((account, i) => {
    const shape = ACCOUNT_SHAPES[i] ?? { humans: 1, admins: 0, workloads: STAGING_WORKLOADS.slice(0, 1) };
    add(account, "automation", "ci-cd", "gha-terraform-deploy", {});
    const oidcArn = `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`;
    add(account, "automation", "oidc", "token.actions.githubusercontent.com", { arn: oidcArn });
    if (account.name === "prod") add(account, "automation", "cfn-exec", "cfn-deploy-pipeline", {});
    add(account, "scanner", "scanner", "security-audit", {});
    for (const { t, name } of replicate(shape.workloads, o.scale)) add(account, "service", "workload", name, { workload: t.spec });
    if (account.name === "prod") add(account, "service", "workload", NEW_WORKLOAD.name, { workload: NEW_WORKLOAD.spec, activeFrom: o.startMs + Math.round(span * 0.55) });
    const people = (count: number, behaviour: TBehaviour) => {
      for (let h = 0; h < Math.max(behaviour === "cli-admin" ? 0 : 1, Math.round(count * o.scale)); h++) {
        const tz = rng.pick(UTC_OFFSETS);
        const name = nextName();
        add(account, "human", behaviour, name, {
          identityType: "IAMUser", utcOffsetHours: tz, accessKeyId: "AKIA" + rng.upper(16),
          officeIp: `198.51.100.${10 + UTC_OFFSETS.indexOf(tz)}`, homeIp: `73.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
          userAgent: behaviour === "cli-admin" ? rng.pick(CLI_UAS) : rng.pick(BROWSERS),
          favouriteTemplates: rng.shuffle(Array.from({ length: o.templateCount }, (_, k) => k)).slice(0, 4),
          isOnCall: rng.chance(0.3),
          // The new engineer of the month (DOMAIN.md §4 cold start): staging, second person.
          activeFrom: account.name === "staging" && h === 1 ? o.startMs + Math.round(span * 0.45) : o.startMs,
        });
      }
    };
    people(shape.humans, "console-human");
    people(shape.admins, "cli-admin");
    for (const svc of ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com"]) {
      add(account, "service", "aws-service", svc, { identityType: "AWSService", arn: `aws-service:${svc}` });
    }
    add(account, "service", "aws-service", "AWSServiceRoleForConfig", { arn: `arn:aws:iam::${account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` });
  });
  const azure: DemoAccount = { provider: "azure", id: rng.uuid(), name: "corp-azure", homeRegion: "westeurope", regions: ["westeurope", "northeurope"] };
  const tenantId = rng.uuid();
  const azureAdd = (behaviour: TBehaviour, name: string, kind: TPrincipalKind) => {
    const objectId = rng.uuid();
    const appId = rng.uuid();
    const tz = rng.pick([0, 1, 2]);
    const isUser = behaviour === "azure-user";
    principals.push({
      provider: "azure", key: isUser ? `${name}@contoso-demo.com` : appId, kind, behaviour, name, account: azure,
      identityType: isUser ? "AzureUser" : "AzureApp", arn: objectId, principalId: appId, activeFrom: o.startMs,
      utcOffsetHours: tz, officeIp: `198.51.100.${40 + tz}`, homeIp: `81.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      userAgent: "", region: azure.homeRegion,
    });
  };
  for (let i = 0; i < Math.max(2, Math.round(4 * o.scale)); i++) azureAdd("azure-user", nextName(), "human");
  for (const app of ["ado-deploy-pipeline", "vm-scheduler", "backup-keys-sync"]) azureAdd("azure-app", app, "automation");
  return { seed: o.seed, startMs: o.startMs, endMs: o.endMs, accounts, azure, tenantId, principals };
}
