import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { listPrincipals } from "@/lib/server/dal/principals";

const ZQuery = z.object({ search: z.string().trim().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });

export const GET = withApi({ permission: "read", query: ZQuery }, async ({ query }) => ({ items: await listPrincipals(getPrisma(), query) }));
