import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { driverVersions, users } from "../schema";

/** A driver's named versions, newest first, with who saved them. */
export function listDriverVersions(db: Executor, driverId: string) {
  return db
    .select({
      id: driverVersions.id,
      name: driverVersions.name,
      note: driverVersions.note,
      createdAt: driverVersions.createdAt,
      createdByName: users.name,
    })
    .from(driverVersions)
    .leftJoin(users, eq(users.id, driverVersions.createdBy))
    .where(eq(driverVersions.driverId, driverId))
    .orderBy(desc(driverVersions.createdAt));
}

/** One version of the driver (null when it belongs to another driver or does not exist). */
export async function findDriverVersion(db: Executor, driverId: string, versionId: string) {
  const [row] = await db
    .select({
      id: driverVersions.id,
      name: driverVersions.name,
      note: driverVersions.note,
      createdAt: driverVersions.createdAt,
      createdByName: users.name,
      content: driverVersions.content,
    })
    .from(driverVersions)
    .leftJoin(users, eq(users.id, driverVersions.createdBy))
    .where(and(eq(driverVersions.id, versionId), eq(driverVersions.driverId, driverId)));
  return row ?? null;
}
