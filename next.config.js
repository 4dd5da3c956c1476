import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const isProduction = process.env.NODE_ENV === "production";

/** Security headers on every response (ASVS 3.4). Scripts need 'unsafe-inline' for Next's inline bootstrap. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'" + (isProduction ? "" : " 'unsafe-eval'"),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self' ws: wss:",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
    ].join("; "),
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The app's build checks only the app; `npm run typecheck` covers tests and benchmarks too.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "drizzle-orm", "nodemailer", "yjs", "y-protocols", "lib0", "@tiptap/y-tiptap"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(nextConfig);
