"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { signIn } from "@/lib/server/auth/auth";
import { throttleMessage } from "@/lib/server/auth/login-throttle";
import { getPrisma } from "@/lib/server/db/prisma";
import { tooManyAttemptsMessage } from "@/lib/server/rate-limit";
import { clientIpFrom } from "@/lib/server/net/client-address";

export interface LoginState {
  error: string | null;
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: "/" });
    return { error: null };
  } catch (e) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are failures. A throttled
    // attempt names the wait (unknown emails are throttled alike, so this tells nothing about the
    // account); anything else reads "Invalid email or password".
    if (e instanceof CredentialsSignin && e.code === "throttled") {
      const email = form.get("email");
      const message = typeof email === "string" ? await throttleMessage(getPrisma(), email.trim(), clientIpFrom(await headers())) : null;
      // The gate refused this attempt a moment ago; a short wait (1 s at the fourth failure) can
      // have run out since, and then the answer still names one, in the same words.
      return { error: message ?? tooManyAttemptsMessage(1) };
    }
    if (e instanceof AuthError) return { error: "Invalid email or password." };
    throw e;
  }
}
