// A CodePipeline → CloudFormation deploy: the pipeline role drives the change set (invokedBy
// codepipeline.amazonaws.com), then CloudFormation calls the resource APIs with the same role on
// its behalf (invokedBy cloudformation.amazonaws.com, sourceIPAddress the service name).
import { buildAwsRecord, openSession } from "../aws-record";
import { HOUR_MS, isWorkday } from "../calendar";
import { deriveRng } from "../rng";
import { awsEvent, type Behaviour, type SimContext } from "../sim-context";
import type { DemoPrincipal } from "../types";
import { daysOf } from "./daily-plan";

const STACKS = ["orders-api", "invoice-worker", "image-resizer"];

export function* runCfnPipeline(p: DemoPrincipal, ctx: SimContext): Behaviour {
  const rng = deriveRng(ctx.seed, "cfn", p.key);
  const region = p.account.homeRegion;
  let busyUntil = 0;
  for (const day of daysOf(ctx.startMs, ctx.endMs)) {
    if (!isWorkday(day + 12 * HOUR_MS, 1)) continue;
    const starts = Array.from({ length: rng.int(0, 3) }, () => day + 8 * HOUR_MS + rng.int(0, 9 * HOUR_MS)).sort((a, b) => a - b);
    for (const start of starts) {
      if (start < busyUntil || start < ctx.startMs || start >= ctx.endMs) continue;
      const stack = rng.pick(STACKS);
      const stackArn = `arn:aws:cloudformation:${region}:${p.account.id}:stack/${stack}/${rng.uuid()}`;
      const s = openSession(p, { sessionName: String(start - rng.int(1000, 9000)), accessKeyId: "ASIA" + rng.upper(16), createdAt: start, sourceIp: "", userAgent: "" });
      let t = start;
      const step = (service: string, name: string, rp: unknown, invokedBy: string, gap: [number, number]) => {
        t += rng.int(gap[0], gap[1]);
        return awsEvent(t, buildAwsRecord(rng, t, s, { source: `${service}.amazonaws.com`, name, region, rp, invokedBy }));
      };
      const pipe = "codepipeline.amazonaws.com";
      const cfn = "cloudformation.amazonaws.com";
      yield step("cloudformation", "DescribeStacks", { stackName: stack }, pipe, [0, 10]);
      yield step("cloudformation", "CreateChangeSet", { stackName: stack, changeSetName: `pipeline-${rng.hex(8)}`, changeSetType: "UPDATE", capabilities: ["CAPABILITY_IAM"] }, pipe, [500, 2000]);
      for (let i = rng.int(2, 4); i > 0; i--) yield step("cloudformation", "DescribeChangeSet", { stackName: stackArn }, pipe, [3000, 8000]);
      yield step("cloudformation", "ExecuteChangeSet", { stackName: stackArn }, pipe, [1000, 4000]);
      if (stack === "orders-api") {
        yield step("ecs", "RegisterTaskDefinition", { family: stack, networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"] }, cfn, [2000, 6000]);
        yield step("ecs", "UpdateService", { cluster: "main", service: stack, taskDefinition: `${stack}:${rng.int(40, 400)}` }, cfn, [1000, 3000]);
        for (let i = rng.int(3, 8); i > 0; i--) yield step("ecs", "DescribeServices", { cluster: "main", services: [stack] }, cfn, [10000, 20000]);
        yield step("ecs", "DeregisterTaskDefinition", { taskDefinition: `${stack}:${rng.int(1, 39)}` }, cfn, [1000, 3000]);
      } else {
        yield step("lambda", "UpdateFunctionCode20150331v2", { functionName: stack, s3Bucket: `cfn-artifacts-${p.account.id.slice(-4)}`, publish: false }, cfn, [2000, 6000]);
        yield step("lambda", "GetFunction20150331v2", { functionName: stack }, cfn, [1000, 3000]);
        yield step("lambda", "UpdateFunctionConfiguration20150331v2", { functionName: stack, environment: {} }, cfn, [1000, 3000]);
        yield step("lambda", "GetFunctionConfiguration20150331v2", { functionName: stack }, cfn, [1000, 3000]);
      }
      for (let i = rng.int(2, 5); i > 0; i--) yield step("cloudformation", "DescribeStacks", { stackName: stackArn }, pipe, [5000, 15000]);
      busyUntil = t + 120_000;
    }
  }
}
