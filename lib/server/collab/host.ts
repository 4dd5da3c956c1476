/**
 * How Next's code (server actions, services) reaches the collaboration server of this process.
 * Next bundles its own copy of our modules, so the server registers itself on globalThis and only
 * plain data (IDs, content, bytes) crosses — never Yjs objects from the other module graph.
 */
import type { DriverDocContent, ItemAppend, ItemTextEdit, ItemTextEditOutcome } from "@/lib/collab/driver-doc";
import type { CommentEvent } from "@/lib/model/comment";

/** Which connections an access change concerns; omitted fields match everything. */
export interface AccessScope {
  dialogueId?: string;
  userId?: string;
  driverId?: string;
}

/** What became of a server-side edit of a driver document. */
export type ServerEditOutcome = "applied" | "locked";

export interface CollabHost {
  invalidateAccess(scope: AccessScope): Promise<void>;
  readState(driverId: string, dialogueId: string): Promise<Uint8Array>;
  /**
   * `content` as a new document's state (an imported driver's first snapshot). Encoded here because
   * Next's bundle has its own copy of the editor schema's prosemirror-model, which y-tiptap (kept
   * outside the bundle) cannot convert from.
   */
  encodeContent(content: DriverDocContent): Uint8Array;
  /** The server-side edits below are refused ("locked") when they would touch a part locked in a workshop. */
  replaceContent(driverId: string, dialogueId: string, content: DriverDocContent, userId: string): Promise<ServerEditOutcome>;
  /** Replaces one item's text if it still reads `edit.expectedText` (accepting a suggestion). */
  replaceItemText(driverId: string, dialogueId: string, edit: ItemTextEdit, userId: string): Promise<ItemTextEditOutcome | "locked">;
  /** Appends a goal or action with its text as a new edit by `userId` (a workshop answer used). */
  appendItem(driverId: string, dialogueId: string, append: ItemAppend, userId: string): Promise<ServerEditOutcome>;
  /** Sends a comment event (JSON) to everyone viewing the driver, on this instance and the others. */
  broadcastComments(driverId: string, eventJson: string): void;
  /**
   * A workshop's live state changed in the database (status, focus, timer, locks, activity): every
   * instance's room reloads it (coalesced) and pushes each viewer their state (MESSAGE_WORKSHOP).
   */
  workshopChanged(workshopId: string): void;
  /** Locks on the driver changed: every instance's open document enforces the new set. */
  locksChanged(driverId: string): Promise<void>;
}

const HOST_KEY = Symbol.for("samsyn.collab-host");
type GlobalWithHost = typeof globalThis & { [HOST_KEY]?: CollabHost };

export function registerCollabHost(host: CollabHost | undefined): void {
  (globalThis as GlobalWithHost)[HOST_KEY] = host;
}

export function collabHost(): CollabHost | undefined {
  return (globalThis as GlobalWithHost)[HOST_KEY];
}

/**
 * Closes or re-authorizes open collaboration sockets after a membership or role change. Without a
 * collaboration server in this process (unit tests) there are no sockets to close.
 */
export async function notifyAccessChanged(scope: AccessScope): Promise<void> {
  await collabHost()?.invalidateAccess(scope);
}

/** Comment threads changed: everyone with the driver open hears of it (MESSAGE_COMMENTS). */
export function broadcastCommentEvent(driverId: string, event: CommentEvent): void {
  collabHost()?.broadcastComments(driverId, JSON.stringify(event));
}

/**
 * The workshop changed (call after the transaction has committed): everyone in its room, on
 * every instance, receives the new live state.
 */
export function notifyWorkshopChanged(workshopId: string): void {
  collabHost()?.workshopChanged(workshopId);
}

/** Locks on the driver changed (after the commit): the collaboration server enforces them at once. */
export async function notifyLocksChanged(driverId: string): Promise<void> {
  await collabHost()?.locksChanged(driverId);
}
