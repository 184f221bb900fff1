import "server-only";
// The server-action counterpart of api/handler.ts: every server action checks the session and
// the permission on the server and parses its input with zod before doing anything.
import type { z } from "zod";
import { AppError } from "@/lib/server/errors";
import { can, type TPermission } from "@/lib/server/permissions";
import { getSessionUser, type SessionUser } from "@/lib/server/auth/session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export function withAction<S extends z.ZodType, T>(permission: TPermission, schema: S, fn: (input: z.infer<S>, user: SessionUser) => Promise<T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthenticated", "Sign in first");
      if (!can(user.role, permission)) throw new AppError("forbidden", "Your role does not allow this");
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
      return { ok: true, data: await fn(parsed.data, user) };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message } };
      throw e;
    }
  };
}
