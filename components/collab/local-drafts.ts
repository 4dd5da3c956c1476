/**
 * The browser's own copy of each driver document (y-indexeddb), so edits made offline survive a
 * closed tab and merge when the connection returns. One IndexedDB database per user and driver;
 * signing out deletes the user's databases, because a shared computer must not keep them.
 */

const DATABASE_PREFIX = "samsyn-driver";

/** Open driver documents, so that sign-out can close them before deleting their databases. */
export interface OpenDriverDocument {
  hasUnsavedChanges(): boolean;
  close(): Promise<void>;
}

const openDocuments = new Set<OpenDriverDocument>();

export function localDraftName(userId: string, driverId: string): string {
  return `${DATABASE_PREFIX}:${userId}:${driverId}`;
}

export function registerOpenDocument(document: OpenDriverDocument): () => void {
  openDocuments.add(document);
  return () => openDocuments.delete(document);
}

/** True when some open driver holds edits the server has not confirmed. */
export function hasUnsavedDrafts(): boolean {
  return [...openDocuments].some((document) => document.hasUnsavedChanges());
}

/** Resolves when the deletion succeeded, failed or is blocked: sign-out must never hang on it. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

/** Closes the open driver documents and deletes every local copy the user has in this browser. */
export async function clearLocalDrafts(userId: string): Promise<void> {
  await Promise.all([...openDocuments].map((document) => document.close()));
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return;
  const prefix = `${DATABASE_PREFIX}:${userId}:`;
  const databases = await indexedDB.databases().catch(() => []);
  await Promise.all(
    databases.map((database) => database.name).filter((name): name is string => Boolean(name?.startsWith(prefix))).map(deleteDatabase),
  );
}
