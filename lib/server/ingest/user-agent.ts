import type { TUserAgentFamily } from "./types";

// Coarse user-agent family: a model feature and a triage hint. Order matters: Terraform's agent
// contains "aws-sdk-go", console agents end in ".amazonaws.com", so the specific tests come first.
// Agents repeat heavily (a handful per principal), so results are memoized in a bounded map.

// "aws-internal/3 aws-sdk-java …" and "[S3Console/…" are console back ends calling with the user's
// console session (≈25% of the real console-session datasets), so they count as console.
const CONSOLE_PREFIXES = ["mozilla", "[mozilla", "srps/mozilla", "aws internal", "signin.amazonaws.com"];
const CONSOLE_MARKERS = ["console", "aws-internal/"];
const SDK_MARKERS = ["boto3/", "botocore/", "aws-sdk-", "aws-sdk/", "aws-powertools", "azsdk-"];

const cache = new Map<string, TUserAgentFamily>();
const CACHE_LIMIT = 10_000;

function classify(agent: string): TUserAgentFamily {
  const ua = agent.trim().toLowerCase();
  if (ua.length === 0) return "other";
  for (const prefix of CONSOLE_PREFIXES) if (ua.startsWith(prefix)) return "console";
  if (ua.includes("terraform/") || ua.includes("hashicorp") || ua.includes("terraform-provider")) return "terraform";
  for (const marker of CONSOLE_MARKERS) if (ua.includes(marker)) return "console";
  if (ua.startsWith("aws-cli/") || ua.startsWith("[aws-cli/") || ua.startsWith("azurecli/") || ua.includes(" aws-cli/")) return "cli";
  for (const marker of SDK_MARKERS) if (ua.includes(marker)) return "sdk";
  if (ua.endsWith(".amazonaws.com") && !ua.includes(" ")) return "service";
  return "other";
}

/** Family of a CloudTrail/Azure user agent; null or empty agents are "other". */
export function userAgentFamily(agent: string | null): TUserAgentFamily {
  if (agent === null) return "other";
  let family = cache.get(agent);
  if (family === undefined) {
    family = classify(agent);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(agent, family);
  }
  return family;
}
