"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import type { PresenceUser } from "@/lib/collab/protocol";
import { DriverSession, type SessionSnapshot } from "./driver-session";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";

interface LiveDriver {
  session: DriverSession | null;
  canEdit: boolean;
}

const LiveDriverContext = createContext<LiveDriver>({ session: null, canEdit: false });

const NO_SESSION: SessionSnapshot = { syncState: "connecting", isReady: false, finalCloseCode: null };
const noop = () => () => {};

interface LiveDriverProviderProps {
  driverId: string;
  userId: string;
  user: PresenceUser;
  /** The server's ability `driverContent.update`; the server enforces it on the socket too. */
  canEdit: boolean;
  /** The message asked before leaving with unsaved edits. */
  leaveWarning: string;
  children: ReactNode;
}

/**
 * Opens the driver's live document for everything below it (the parts' editors, the lists, the
 * presence list and the sync indicator), and closes it when the page goes away. Rendering on the
 * server, there is no session yet: the children show the stored copy.
 */
export function LiveDriverProvider({ driverId, userId, user, canEdit, leaveWarning, children }: LiveDriverProviderProps) {
  const [session, setSession] = useState<DriverSession | null>(null);
  const { name, organisation, color } = user;
  useEffect(() => {
    const opened = new DriverSession({ driverId, userId, user: { name, organisation, color }, isReadOnly: !canEdit });
    setSession(opened);
    return () => {
      setSession(null);
      void opened.destroy();
    };
  }, [driverId, userId, name, organisation, color, canEdit]);
  const router = useRouter();
  // The server re-decided what this person may do (e.g. a round opened and locked the texts): the
  // page renders again with the new abilities, and a changed `canEdit` opens a new session above.
  useEffect(() => session?.onAccessChanged(() => router.refresh()), [session, router]);
  useUnsavedChangesGuard(session, leaveWarning);
  return <LiveDriverContext value={{ session, canEdit }}>{children}</LiveDriverContext>;
}

export function useLiveDriver(): LiveDriver {
  return useContext(LiveDriverContext);
}

/** The session's sync state and readiness, re-rendering when they change. */
export function useSessionSnapshot(session: DriverSession | null): SessionSnapshot {
  return useSyncExternalStore(
    session?.subscribe ?? noop,
    () => session?.getSnapshot() ?? NO_SESSION,
    () => NO_SESSION,
  );
}

/** The session once its document may be shown live, else null (show the stored copy). */
export function useReadySession(): { session: DriverSession | null; isEditable: boolean } {
  const { session, canEdit } = useLiveDriver();
  const snapshot = useSessionSnapshot(session);
  if (!session || !snapshot.isReady) return { session: null, isEditable: false };
  return { session, isEditable: canEdit && snapshot.finalCloseCode === null };
}

/**
 * A part locked during a workshop: its editors below are read-only (the server refuses edits to it
 * anyway, CLOSE_CODES.locked), while the rest of the driver stays editable in the same session.
 */
export function LockedPart({ locked, children }: { locked: boolean; children: ReactNode }) {
  const live = useLiveDriver();
  if (!locked) return children;
  return <LiveDriverContext value={{ session: live.session, canEdit: false }}>{children}</LiveDriverContext>;
}
