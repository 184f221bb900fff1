"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/server/auth/auth";

export interface LoginState {
  error: string | null;
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: "/" });
    return { error: null };
  } catch (e) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are failures.
    if (e instanceof AuthError) return { error: "Invalid email or password." };
    throw e;
  }
}
