import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { listAssignees } from "@/lib/server/dal/alerts";

export const GET = withApi({ permission: "read" }, async () => ({ items: await listAssignees(getPrisma()) }));
