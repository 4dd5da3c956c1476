/**
 * `npm run lockfile:complete` after any `npm install`.
 *
 * The registry this project installs from serves only the platform builds of native packages it
 * needs (linux-x64), so `npm install` leaves the other platforms' optional packages out of
 * package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds each missing
 * optional package as an entry that names its platform, which npm ci skips on other machines.
 */
import fs from "node:fs";

const PLATFORM = /-(darwin|linux|win32|android|freebsd|openbsd|sunos|aix|wasm32)-([a-z0-9]+)/;

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

export function completeLockfile(lock: { packages: Record<string, LockEntry> }): string[] {
  const added: string[] = [];
  for (const entry of Object.values({ ...lock.packages })) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (lock.packages[key]) continue;
      const platform = PLATFORM.exec(name);
      if (!platform) throw new Error(`${name} is missing from the lock and names no platform: run npm install again`);
      const [, os, cpu] = platform as unknown as [string, string, string];
      lock.packages[key] = os === "wasm32" ? { version, optional: true, cpu: ["wasm32"] } : { version, optional: true, os: [os], cpu: [cpu] };
      added.push(`${name}@${version}`);
    }
  }
  return added;
}

if (process.argv[1]?.endsWith("complete-lockfile.ts")) {
  const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
  const added = completeLockfile(lock);
  if (added.length) fs.writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `Added ${added.length} platform entries:\n  ${added.join("\n  ")}` : "package-lock.json is complete.");
}
