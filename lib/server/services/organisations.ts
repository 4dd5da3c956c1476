import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { organisations } from "@/db/schema";
import type { Actor } from "../access";

/**
 * The register of organisations (aktörer), for choosing one's own when starting a dialogue. Names
 * and types of public bodies are public; members are never listed here.
 */
export async function listOrganisationRegister(_actor: Actor) {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .orderBy(asc(organisations.name));
}
