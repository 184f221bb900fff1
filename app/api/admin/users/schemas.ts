import { z } from "zod";

export const ZRole = z.enum(["admin", "analyst", "viewer"]);
export const ZNewPassword = z.string().min(12, "at least 12 characters").max(1024);

export const ZCreateUserBody = z.object({
  email: z.email().max(320),
  role: ZRole,
  name: z.string().trim().max(200).optional(),
  /** Omitted: the server generates one and returns it once. */
  password: ZNewPassword.optional(),
});

export const ZUpdateUserBody = z
  .object({ role: ZRole.optional(), disabled: z.boolean().optional(), name: z.string().trim().max(200).nullable().optional() })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");

export const ZResetPasswordBody = z.object({ password: ZNewPassword.optional() });
