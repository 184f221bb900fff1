import "server-only";
// Auth.js v5 with email + password (issue 8). JWT sessions (the credentials provider needs them);
// every server-side check re-reads the user, so a disabled user or a changed role or password
// takes effect on the next request, not when the token expires.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { getUserCredentials } from "@/lib/server/dal/users";
import { checkLoginGate, ipFromHeaders, noteLoginFailure, noteLoginSuccess } from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password";

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

const ZCredentials = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });

class InvalidLogin extends CredentialsSignin {
  code = "invalid_credentials";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  // A failed sign-in is an expected event, not a crash: one line, no stack, no credentials.
  logger: {
    error(error) {
      const name = (error as Error & { type?: string }).type ?? error.name;
      if (name === "CredentialsSignin") console.warn(JSON.stringify({ level: "warn", msg: "sign-in failed", time: new Date().toISOString() }));
      else console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) throw new InvalidLogin();
        const db = getPrisma();
        const { email, password } = parsed.data;
        const ip = ipFromHeaders(request.headers);
        const gate = await checkLoginGate(db, email, ip);
        // A locked IP is refused before any work; the login form names the wait (app/login/actions.ts).
        if (gate.ipLocked) throw new InvalidLogin();
        const user = await getUserCredentials(db, email);
        // The same work and the same answer whether or not the email exists, or the account is locked.
        const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
        if (!user || !ok || user.disabled || gate.accountLocked) {
          // Counting while locked is harmless: a running lock is never extended (rate-limit.ts).
          await noteLoginFailure(db, email, ip);
          throw new InvalidLogin();
        }
        await noteLoginSuccess(db, email);
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        return { id: user.id, email: user.email, name: user.name ?? user.email };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      // When the token was issued, so a later password change can end this session (session.ts).
      return Object.assign(session, { issuedAt: typeof token.iat === "number" ? token.iat : 0 });
    },
  },
});
