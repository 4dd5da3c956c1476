import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { completeLockfile } from "../../scripts/complete-lockfile";

describe("package-lock.json", () => {
  it("lists every optional platform package, so that `npm ci` accepts it (run `npm run lockfile:complete`)", () => {
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    expect(completeLockfile(lock)).toEqual([]);
  });

  it("adds a missing platform package as an entry naming its platform", () => {
    const lock = {
      packages: {
        "node_modules/native": { version: "1.0.0", optionalDependencies: { "native-darwin-arm64": "1.0.0" } },
      } as Record<string, { version?: string; optionalDependencies?: Record<string, string> }>,
    };
    expect(completeLockfile(lock)).toEqual(["native-darwin-arm64@1.0.0"]);
    expect(lock.packages["node_modules/native-darwin-arm64"]).toEqual({ version: "1.0.0", optional: true, os: ["darwin"], cpu: ["arm64"] });
  });
});
