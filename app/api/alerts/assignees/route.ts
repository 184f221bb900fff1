import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { listAssignees } from "@/lib/server/dal/alerts";

/** Only those who can assign see who can be assigned: a viewer has no use for every analyst's email. */
export const GET = withApi({ permission: "triage" }, async () => ({ items: await listAssignees(getPrisma()) }));
