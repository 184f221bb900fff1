import "server-only";
// Auth.js v5 with email + password (issues 8, 16). The credentials provider needs the JWT session
// strategy, so the JWT is only a signed envelope for a server-side session id (dal/sessions.ts):
// the jwt callback looks the row up on every use, including Auth.js's own refresh at
// /api/auth/session, and returning null there makes Auth.js drop the cookie. Sign-out deletes
// the row; password, role and enabled changes delete the user's rows (dal/users.ts).
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getPrisma } from "@/lib/server/db/prisma";
import { getUserCredentials } from "@/lib/server/dal/users";
import { writeAudit } from "@/lib/server/dal/audit";
import { createSession, endSession, getActiveSession, SESSION_IDLE_S } from "@/lib/server/dal/sessions";
import { clientIpFrom } from "@/lib/server/net/client-address";
import { checkLoginGate, noteLoginFailure, noteLoginSuccess } from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password";

export const SESSION_MAX_AGE_S = SESSION_IDLE_S;

/** NUL and other C0 controls: never part of an email, and PostgreSQL text cannot hold NUL. */
const hasControlCharacter = (v: string) => [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const ZCredentials = z.object({
  email: z.string().trim().min(3).max(320).refine((v) => !hasControlCharacter(v)),
  password: z.string().min(1).max(1024),
});

class InvalidLogin extends CredentialsSignin {
  code = "invalid_credentials";
}
/** Refused before the password was checked; the login form names the wait (app/login/actions.ts). */
export class ThrottledLogin extends CredentialsSignin {
  code = "throttled";
}

/** What the audit log keeps of a tried email: printable, bounded. */
const shownEmail = (raw: unknown) => (typeof raw === "string" ? [...raw.slice(0, 320)].map((c) => (hasControlCharacter(c) ? "?" : c)).join("").trim() : "");

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
        const db = getPrisma();
        const ip = clientIpFrom(request.headers);
        const userAgent = request.headers.get("user-agent")?.slice(0, 500) ?? null;
        const tried = shownEmail(raw?.email);
        const audit = (action: string, details: Record<string, string>) =>
          writeAudit(db, { id: null, email: tried, ip, userAgent }, { action, details: { email: tried, ...details } });
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) {
          await audit("auth.sign_in_failed", { reason: "malformed" });
          throw new InvalidLogin();
        }
        const { email, password } = parsed.data;
        const gate = await checkLoginGate(db, email, ip);
        if (gate.waitMs > 0) {
          await audit("auth.sign_in_throttled", { reason: gate.reason ?? "" });
          throw new ThrottledLogin();
        }
        const user = await getUserCredentials(db, email);
        // The same work and the same answer whether or not the email exists or the user is disabled.
        const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
        if (!user || !ok || user.disabled) {
          await noteLoginFailure(db, email, ip);
          await audit("auth.sign_in_failed", { reason: "invalid_credentials" });
          throw new InvalidLogin();
        }
        await noteLoginSuccess(db, email, ip);
        const sessionId = await db.$transaction(async (tx) => {
          await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
          await writeAudit(tx, { id: user.id, email: user.email, ip, userAgent }, { action: "auth.sign_in", targetType: "user", targetId: user.id });
          return createSession(tx, user.id, { ip, userAgent });
        });
        return { id: user.id, email: user.email, name: user.name ?? user.email, sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      const fresh = user as { id?: string; sessionId?: string } | undefined;
      if (fresh?.id && fresh.sessionId) return { ...token, uid: fresh.id, sid: fresh.sessionId };
      // Every later use: the server-side session must still exist. null = Auth.js clears the cookie.
      if (typeof token.sid !== "string" || typeof token.uid !== "string") return null;
      const session = await getActiveSession(getPrisma(), token.sid);
      return session && session.user.id === token.uid ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return Object.assign(session, { sessionId: typeof token.sid === "string" ? token.sid : null });
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid === "string" && typeof token.uid === "string") await endSession(getPrisma(), token.uid, token.sid);
    },
  },
});
