// Next.js configuration. Security headers here apply to every response (issue 8 tightens the CSP).

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tests included); `npm start` must not fail on a test
  // file's types, and skipping the second check saves ~15 s of every build.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // forbidden() renders the 403 page for signed-in users without a page's permission (session.ts).
  experimental: { authInterrupts: true },
  // Native and WebAssembly packages stay outside the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg-boss", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-node", "aws-sdk-client-mock"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
