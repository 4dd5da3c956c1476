/**
 * Decides a websocket upgrade before it completes: the session cookie (the same session as HTTP),
 * the Origin, the document name and dialogue membership through the one authorization policy. A
 * refused upgrade gets a plain HTTP status and the socket is destroyed, so a non-member never
 * receives a byte of any document.
 */
import type { IncomingMessage } from "node:http";
import type { Executor } from "@/db/client";
import { findDriverDialogueId, findMembership } from "@/db/queries/membership";
import { findOpenRoundOnDriver } from "@/db/queries/rounds";
import { findSessionUser, type SessionLimits } from "@/db/queries/sessions";
import { can } from "@/lib/authz/policy";
import { driverLockFor } from "@/lib/model/round";
import { COLLAB_PATH, parseDocumentName, presenceColor } from "@/lib/collab/protocol";
import { findWorkshopDialogueId } from "@/db/queries/workshops";
import type { ConnectionIdentity } from "./connection";
import type { WorkshopIdentity } from "./workshop-room";

export type UpgradeDecision =
  | { ok: true; kind: "driver"; identity: ConnectionIdentity }
  | { ok: true; kind: "workshop"; identity: WorkshopIdentity }
  | { ok: false; status: 400 | 401 | 403 | 404 | 429 | 503; reason: string };

export interface UpgradeContext {
  db: Executor;
  /** Origins allowed to open the socket (the app's public origin). */
  allowedOrigins: ReadonlySet<string>;
  sessionCookieName: string;
  sessionLimits: SessionLimits;
}

/** The document name of an upgrade under COLLAB_PATH, or null for other paths. */
export function collabDocumentName(url: string | undefined): string | null {
  if (!url) return null;
  const pathname = url.split("?")[0]!;
  if (!pathname.startsWith(`${COLLAB_PATH}/`)) return null;
  return decodeURIComponent(pathname.slice(COLLAB_PATH.length + 1));
}

export async function authorizeUpgrade(request: IncomingMessage, context: UpgradeContext): Promise<UpgradeDecision> {
  const origin = request.headers.origin;
  if (!origin || !context.allowedOrigins.has(origin)) return { ok: false, status: 403, reason: "origin not allowed" };

  let name: string | null;
  try {
    name = collabDocumentName(request.url);
  } catch {
    return { ok: false, status: 400, reason: "malformed document name" };
  }
  const ref = name === null ? null : parseDocumentName(name);
  if (!ref) return { ok: false, status: 404, reason: "unknown document" };

  const token = readCookie(request.headers.cookie, context.sessionCookieName);
  if (!token) return { ok: false, status: 401, reason: "not signed in" };
  const user = await findSessionUser(context.db, token, context.sessionLimits);
  if (!user) return { ok: false, status: 401, reason: "session expired" };

  // Unknown drivers (and workshops) and other dialogues' look the same: no existence leak.
  const dialogueId = ref.kind === "driver" ? await findDriverDialogueId(context.db, ref.driverId) : await findWorkshopDialogueId(context.db, ref.workshopId);
  const membership = dialogueId ? await findMembership(context.db, user.id, dialogueId) : null;
  if (!membership || !can(membership.role, "dialogue.read", { dialogueStatus: membership.status })) {
    return { ok: false, status: 403, reason: "not a member of the dialogue" };
  }
  if (ref.kind === "workshop") {
    return {
      ok: true,
      kind: "workshop",
      identity: {
        userId: user.id,
        sessionToken: token,
        dialogueId: membership.dialogueId,
        workshopId: ref.workshopId,
        organisationId: membership.organisationId,
        isFacilitator: can(membership.role, "workshop.manage", { dialogueStatus: membership.status }),
        presence: { name: user.name ?? user.email, organisation: membership.organisationName, color: presenceColor(user.id) },
      },
    };
  }
  // A round open on the driver may lock its texts (issue 7): the same rule as over HTTP.
  const openRound = await findOpenRoundOnDriver(context.db, ref.driverId);
  const policyContext = { dialogueStatus: membership.status, driverLock: driverLockFor(openRound?.kind ?? null) } as const;
  return {
    ok: true,
    kind: "driver",
    identity: {
      userId: user.id,
      sessionToken: token,
      dialogueId: membership.dialogueId,
      driverId: ref.driverId,
      readOnly: !can(membership.role, "driverContent.update", policyContext),
      presence: { name: user.name ?? user.email, organisation: membership.organisationName, color: presenceColor(user.id) },
    },
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return null;
}
