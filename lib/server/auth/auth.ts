/**
 * Auth.js: e-mail sign-in with a one-time code (also carried by the mailed link, whose page asks
 * for a click so mail scanners cannot consume it), and OIDC (Keycloak or Entra ID) when
 * configured. Sessions are database rows; lib/server/auth/session.ts reads and revokes them.
 */
import "server-only";
import { randomInt } from "node:crypto";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { EmailConfig } from "next-auth/providers/email";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Keycloak from "next-auth/providers/keycloak";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getEnv } from "../env";
import { sessionCookie } from "./cookies";
import { sendSignInCodeMail } from "./sign-in-mail";

export const EMAIL_PROVIDER_ID = "email";
export const SIGN_IN_CODE_MAX_AGE_SECONDS = 10 * 60;

/** Six digits: typed from the mail or carried by its link (ASVS 6.5: ≥ 20 bits, ≤ 10 minutes). */
export function generateSignInCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

const emailProvider: EmailConfig = {
  id: EMAIL_PROVIDER_ID,
  type: "email",
  name: "E-post",
  maxAge: SIGN_IN_CODE_MAX_AGE_SECONDS,
  generateVerificationToken: generateSignInCode,
  normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
  sendVerificationRequest: ({ identifier, token }) => sendSignInCodeMail(identifier, token),
  options: {},
};

export interface OidcProviderInfo {
  id: string;
  name: string;
}

/** The OIDC providers switched on by environment variables (README: Configuration). */
export function configuredOidcProviders(): OidcProviderInfo[] {
  const env = getEnv();
  const providers: OidcProviderInfo[] = [];
  if (env.AUTH_KEYCLOAK_ID && env.AUTH_KEYCLOAK_SECRET && env.AUTH_KEYCLOAK_ISSUER) {
    providers.push({ id: "keycloak", name: "Keycloak" });
  }
  if (env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET && env.AUTH_MICROSOFT_ENTRA_ID_ISSUER) {
    providers.push({ id: "microsoft-entra-id", name: "Microsoft Entra ID" });
  }
  return providers;
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const { name, secure } = sessionCookie();
  const oidc = configuredOidcProviders().map((provider) =>
    provider.id === "keycloak"
      ? Keycloak({
          clientId: env.AUTH_KEYCLOAK_ID,
          clientSecret: env.AUTH_KEYCLOAK_SECRET,
          issuer: env.AUTH_KEYCLOAK_ISSUER,
          // The organisation's own identity provider vouches for the address, so an invited
          // e-mail user may later sign in through it.
          allowDangerousEmailAccountLinking: true,
        })
      : MicrosoftEntraID({
          clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID,
          clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
          issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
          allowDangerousEmailAccountLinking: true,
        }),
  );
  return {
    adapter: DrizzleAdapter(getDb() as unknown as PostgresJsDatabase, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    secret: env.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: secure,
    providers: [emailProvider, ...oidc],
    session: {
      strategy: "database",
      maxAge: env.SESSION_MAX_HOURS * 3600,
      // Never slide the row's expiry: it is the absolute limit. Idleness is checked in session.ts.
      updateAge: env.SESSION_MAX_HOURS * 3600,
    },
    cookies: {
      sessionToken: { name, options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
    },
    pages: { signIn: "/login", verifyRequest: "/login/verify", error: "/login" },
    callbacks: {
      signIn({ user }) {
        return !(user as { deactivatedAt?: Date | null }).deactivatedAt;
      },
      redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        return new URL(url).origin === baseUrl ? url : `${baseUrl}/dialogues`;
      },
    },
  };
}

export const { handlers, signIn } = NextAuth(() => buildConfig());
