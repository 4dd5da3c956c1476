"use client";

import { useId } from "react";
import { RichTextView } from "@/components/driver/rich-text-view";
import { LiveEditor } from "@/components/editor/live-editor";
import { textFragment } from "@/lib/collab/driver-doc";
import type { TextPart } from "@/lib/model/enums";
import type { RichTextNode } from "@/lib/model/rich-text";
import { PresenceScope } from "./presence-scope";
import { useLiveDriver, useReadySession } from "./session-context";

interface LivePartTextProps {
  part: TextPart;
  label: string;
  /** The stored copy, rendered on the server and shown until the live document has synced. */
  initialDoc: RichTextNode;
  emptyText: string;
}

/** The text of nuläge, förväntad framtid or gap: the stored copy first, then the live editor. */
export function LivePartText({ part, label, initialDoc, emptyText }: LivePartTextProps) {
  const labelId = useId();
  const { canEdit } = useLiveDriver();
  const { session, isEditable } = useReadySession();
  const stored = <RichTextView doc={initialDoc} emptyText={emptyText} />;
  return (
    <PresenceScope session={session} editing={part}>
      {canEdit ? (
        <p id={labelId} className="mb-1 font-semibold">
          {label}
        </p>
      ) : null}
      {session ? (
        <LiveEditor
          session={session}
          fragment={textFragment(session.doc, part)}
          labelId={labelId}
          isEditable={isEditable}
          fallback={stored}
          emptyText={emptyText}
          commentPart={{ part, itemId: null }}
        />
      ) : (
        stored
      )}
    </PresenceScope>
  );
}
