import "server-only";
import { notFound, redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { requireActor, type Actor } from "./access";

/**
 * Loads a page's data through a service. Not signed in → the sign-in page; not a member, unknown
 * ID or not allowed → 404, so a page never tells an outsider that a dialogue exists.
 */
export async function loadPage<T>(load: (actor: Actor) => Promise<T>): Promise<T> {
  let actor: Actor;
  try {
    actor = await requireActor();
  } catch {
    redirect("/login");
  }
  try {
    return await load(actor);
  } catch (error) {
    if (isAppError(error) && ["not_found", "forbidden", "invalid_input"].includes(error.code)) notFound();
    throw error;
  }
}
