import { defineConfig } from "drizzle-kit";

// Generates SQL migrations only; they are applied at start by db/migrate.ts, never by drizzle-kit.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
