import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { listModelVersions } from "@/lib/server/dal/models";

export const GET = withApi({ permission: "manage:models" }, async () => ({ items: await listModelVersions(getPrisma()) }));
