import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getPrincipal, parsePrincipalId } from "@/lib/server/dal/principals";


const ZQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) });

export const GET = withApi({ permission: "read", query: ZQuery }, async ({ params, query }) => getPrincipal(getPrisma(), parsePrincipalId(params.id), query));
