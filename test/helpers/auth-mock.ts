// Auth.js stand-in for tests that call route handlers directly: `auth()` answers whatever session
// the test put in `mockSession.current`. Use it as
//   vi.mock("@/lib/server/auth/auth", () => import("@/test/helpers/auth-mock"));
// The session row itself is real (createSession): only Auth.js's cookie handling is skipped.
export const mockSession: { current: null | { user: { id: string }; sessionId: string; expires: string } } = { current: null };

export const auth = async () => mockSession.current;
export const signIn = async () => undefined;
export const signOut = async () => undefined;
export const handlers = { GET: async () => new Response(null, { status: 404 }), POST: async () => new Response(null, { status: 404 }) };
