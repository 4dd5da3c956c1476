/**
 * Whether start-up (migrations, reference data, demo seed) has finished. Kept on globalThis: the
 * custom server sets it and Next's bundled health route reads it, in one process.
 */
import type { DatabaseKind } from "@/db/client";

const READY_KEY = Symbol.for("samsyn.readiness");
type Readiness = { ready: boolean; db: DatabaseKind | null };
type GlobalWithReadiness = typeof globalThis & { [READY_KEY]?: Readiness };

export function getReadiness(): Readiness {
  return (globalThis as GlobalWithReadiness)[READY_KEY] ?? { ready: false, db: null };
}

export function markReady(db: DatabaseKind): void {
  (globalThis as GlobalWithReadiness)[READY_KEY] = { ready: true, db };
}
