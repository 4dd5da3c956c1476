import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const projectRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // `server-only` throws outside a React Server environment; the tests call the server layer
      // directly, so it becomes an empty module here (and only here).
      { find: /^server-only$/, replacement: path.join(projectRoot, "tests/setup/server-only-stub.ts") },
      // The same `@/…` paths as tsconfig.json; a regular expression so `@electric-sql/…` is untouched.
      { find: /^@\//, replacement: `${projectRoot}/` },
    ],
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/per-file.ts"],
    pool: "forks",
    // PGlite compiles its WebAssembly and migrates once per file; a cold start can take seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
