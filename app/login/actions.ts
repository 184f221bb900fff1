"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn } from "@/lib/server/auth/auth";
import { ipFromHeaders, ipLockMessage } from "@/lib/server/auth/login-throttle";
import { getPrisma } from "@/lib/server/db/prisma";

export interface LoginState {
  error: string | null;
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const ip = ipFromHeaders(await headers());
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: "/" });
    return { error: null };
  } catch (e) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are failures. Only an IP
    // lockout is named; a locked account reads like a wrong password (no account enumeration).
    if (e instanceof AuthError) return { error: (await ipLockMessage(getPrisma(), ip)) ?? "Invalid email or password." };
    throw e;
  }
}
