/** The smallest world the indicator benchmark needs: a facilitator, their dialogue and a driver. */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { dialogueMembers, dialogueOrganisations, dialogues, drivers, organisations, users } from "../db/schema";

export async function buildBenchWorld(db: Database): Promise<{ facilitatorId: string; dialogueId: string; driverId: string }> {
  const token = randomUUID();
  const [user] = await db.insert(users).values({ name: "Bänk", email: `bench-${token}@bench.invalid` }).returning({ id: users.id });
  const [organisation] = await db.insert(organisations).values({ name: `Bänk ${token}`, type: "myndighet" }).returning({ id: organisations.id });
  const [dialogue] = await db
    .insert(dialogues)
    .values({ planningQuestion: "Bänk", horizonFrom: 2025, horizonTo: 2035, status: "active", regionCodes: ["03", "25"], createdBy: user!.id })
    .returning({ id: dialogues.id });
  await db.insert(dialogueOrganisations).values({ dialogueId: dialogue!.id, organisationId: organisation!.id });
  await db.insert(dialogueMembers).values({ dialogueId: dialogue!.id, userId: user!.id, organisationId: organisation!.id, role: "facilitator" });
  const [driver] = await db.insert(drivers).values({ dialogueId: dialogue!.id, title: "Bänk", whoClass: "within", position: 0 }).returning({ id: drivers.id });
  return { facilitatorId: user!.id, dialogueId: dialogue!.id, driverId: driver!.id };
}
