/**
 * lib/ outside lib/server is pure (STYLE.md, "Folder tree"): no database, no Next.js, no React,
 * no server-only code, so it can run in the browser, the collab server and these unit tests alike.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.join(process.cwd(), "lib");

/** Files that must reach the framework, each with the reason. */
const ALLOWED_IMPURE_FILES: Record<string, string> = {
  // next-intl's plugin loads the request config from this path; it reads the locale cookie.
  "lib/i18n/request.ts": "next-intl request config",
};

/** The database, the server layer and the frameworks: what STYLE.md keeps out of pure lib/ code. */
const FORBIDDEN_IMPORT = /^(?:@\/db\b|@\/lib\/server\b|server-only$|next(?:\/|$)|next-intl\/server$|react(?:\/|-dom|$)|postgres$|@electric-sql\/|drizzle-orm)/;

function sourceFilesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return full === path.join(LIB, "server") ? [] : sourceFilesUnder(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** Static, side-effect and dynamic import specifiers. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]!);
}

describe("lib/ outside lib/server", () => {
  const files = sourceFilesUnder(LIB).map((file) => path.relative(process.cwd(), file).replaceAll("\\", "/"));

  it("has files to check (the scan found the folder)", () => {
    expect(files).toContain("lib/authz/policy.ts");
  });

  it("imports nothing impure, relative imports included", () => {
    const offences = files
      .filter((file) => !(file in ALLOWED_IMPURE_FILES))
      .flatMap((file) => {
        const source = fs.readFileSync(path.join(process.cwd(), file), "utf8");
        return importsOf(source)
          .filter((specifier) => {
            if (FORBIDDEN_IMPORT.test(specifier)) return true;
            if (!specifier.startsWith(".")) return false;
            const target = path.relative(process.cwd(), path.resolve(path.dirname(file), specifier)).replaceAll("\\", "/");
            return target === "db" || target.startsWith("db/") || target.startsWith("lib/server");
          })
          .map((specifier) => `${file} imports ${specifier}`);
      });
    expect(offences).toEqual([]);
  });
});
