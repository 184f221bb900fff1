import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getOverview } from "@/lib/server/dal/overview";
import { bucketFor, resolveRange, ZRangePreset } from "@/lib/shared/time-range";

const ZQuery = z.object({ range: ZRangePreset });

export const GET = withApi({ permission: "read", query: ZQuery }, async ({ query }) => {
  const { from, to } = resolveRange(query.range);
  return getOverview(getPrisma(), { from, to, bucket: bucketFor(query.range) });
});
