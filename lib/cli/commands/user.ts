import { z } from "zod";
import { openDatabase } from "@/lib/server/db/connection";
import { createPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { createUser } from "@/lib/server/dal/users";
import { generatePassword } from "@/lib/server/auth/password";
import { UsageError, parseOptions } from "../command";
import { info } from "../output";

export const usage = `Usage: trailwatch user add --email <email> --role <admin|analyst|viewer> [--name <name>] [--password-stdin]
  Creates a user (the first admin on a headless server). Without --password-stdin a password is
  generated and printed once. Passwords are never accepted as arguments (they would land in shell history).`;

const ZAddUser = z.object({
  email: z.email({ message: "--email must be an email address" }),
  role: z.enum(["admin", "analyst", "viewer"], { message: "--role must be admin, analyst or viewer" }),
  name: z.string().max(200).optional(),
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseOptions(
    args,
    { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    true,
  );
  if (positionals[0] !== "add" || positionals.length !== 1) throw new UsageError("expected `user add`");
  const parsed = ZAddUser.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const password = values["password-stdin"] ? await readStdin() : generatePassword();
  if (password.length < 12) throw new UsageError("the password must be at least 12 characters");

  const db = await openDatabase({ log: info });
  const prisma = createPrisma(db.url, { max: 1 });
  try {
    await migrate(db.url);
    const existing = await prisma.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
    if (existing) {
      info(`a user with email ${parsed.data.email} already exists`);
      return 1;
    }
    const user = await createUser(prisma, { ...parsed.data, password });
    await prisma.auditLog.create({
      data: { action: "user.create", actorEmail: "cli", targetType: "user", targetId: user.id, details: { email: user.email, role: user.role } },
    });
    info(`created ${user.role} ${user.email}`);
    if (!values["password-stdin"]) info(`password (shown once): ${password}`);
    return 0;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}
