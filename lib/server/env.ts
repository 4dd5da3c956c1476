/**
 * The process environment, parsed once with zod. Every setting the app reads is here, and the
 * README's configuration table lists the same names.
 */
import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  APP_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  PGLITE_DATA_DIR: z.string().default(path.join(process.cwd(), "data", "pglite")),
  DEMO_MODE: booleanFlag.optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default("Samsyn <no-reply@samsyn.local>"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  AUTH_KEYCLOAK_ID: z.string().optional(),
  AUTH_KEYCLOAK_SECRET: z.string().optional(),
  AUTH_KEYCLOAK_ISSUER: z.url().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.url().optional(),
  /** The browser that prints PDF exports (Debian's package installs it here). */
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
});

export type Env = z.infer<typeof envSchema> & { appUrl: string; isDemoMode: boolean };

let cached: Env | undefined;

/** Parses `process.env`; a bad value stops the process with the variable's name. */
export function getEnv(): Env {
  if (cached) return cached;
  // An empty variable means "not set" (shells and CI files often export FOO= to clear one).
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    // Demo sign-in is on in the embedded default and never on by accident against a real database.
    isDemoMode: env.DEMO_MODE ?? !env.DATABASE_URL,
  };
  return cached;
}

/** Tests change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
