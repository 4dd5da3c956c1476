/** The seeded demo (db/seed/demo.ts): its users and dialogue, read from the seed itself. */
import { DEMO_DIALOGUE, DEMO_USERS, type DemoUser, type DemoUserKey } from "../../../db/seed/demo";

export { DEMO_DIALOGUE, DEMO_USERS, type DemoUser, type DemoUserKey };

export function demoUser(key: DemoUserKey): DemoUser {
  const user = DEMO_USERS.find((candidate) => candidate.key === key);
  if (!user) throw new Error(`No demo user "${key}" in db/seed/demo.ts`);
  return user;
}

/** Unique per call, so parallel tests and repeated runs never collide. */
export function uniqueSuffix(): string {
  return crypto.randomUUID();
}

/** A fresh address for e-mail sign-in and invitations. */
export function uniqueEmail(label: string): string {
  return `e2e-${label}-${crypto.randomUUID()}@example.se`;
}
