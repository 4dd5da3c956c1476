"use client";

import { useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { deleteCompositeIndexAction } from "@/app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions";
import { buttonClass } from "@/components/ui/button-class";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Option } from "@/components/ui/field";
import type { ErrorCode } from "@/lib/errors";
import { CompositeIndexForm, type SavedIndexDefinition } from "./composite-index-form";
import { useAnnounce } from "./index-announcer";
import { indexTitleId, SAVED_INDEXES_TITLE_ID } from "./index-ids";

/** This page's address with `?index=` set to `indexId`, or removed; the other parameters stay. */
function useIndexHref(): (indexId: string | null) => string {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (indexId) => {
    const params = new URLSearchParams(searchParams.toString());
    if (indexId) params.set("index", indexId);
    else params.delete("index");
    return `${pathname}${params.size ? `?${params.toString()}` : ""}`;
  };
}

/** Build and save a new index; once saved, it opens, its heading gets focus and the form starts afresh. */
export function NewCompositeIndex({ dialogueId, options }: { dialogueId: string; options: Option[] }) {
  const t = useTranslations("compositeIndex.manage");
  const announce = useAnnounce();
  const hrefFor = useIndexHref();
  const [session, setSession] = useState(0);
  return (
    <CompositeIndexForm
      key={session}
      dialogueId={dialogueId}
      options={options}
      aspectsHeadingLevel={4}
      onSaved={({ id, name }) => {
        setSession((current) => current + 1);
        announce({ message: t("created", { name }), focusId: indexTitleId(id), href: hrefFor(id), navigate: true });
      }}
    />
  );
}

/**
 * A facilitator's controls on an opened index: change it in place (focus goes to its name, and back
 * to the index's heading once saved, or to "Edit" on cancel) or delete it after a confirmation.
 */
export function SavedIndexControls({ dialogueId, index, options }: { dialogueId: string; index: SavedIndexDefinition; options: Option[] }) {
  const t = useTranslations("compositeIndex.manage");
  const tErrors = useTranslations("errors");
  const announce = useAnnounce();
  const hrefFor = useIndexHref();
  const [isEditing, setIsEditing] = useState(false);
  const [editSession, setEditSession] = useState(0);
  const [isConfirming, setIsConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<ErrorCode | null>(null);
  const [isDeleting, startDelete] = useTransition();
  const editButton = useRef<HTMLButtonElement>(null);
  const editor = useRef<HTMLElement>(null);
  const editorId = useId();
  const editorTitleId = useId();

  function openEditor() {
    setEditSession((session) => session + 1);
    setIsEditing(true);
    // The form is in the DOM already (hidden); focus its first field once it shows.
    requestAnimationFrame(() => editor.current?.querySelector<HTMLInputElement>('input[name="name"]')?.focus());
  }

  function closeEditor() {
    setIsEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  function remove() {
    setDeleteError(null);
    startDelete(async () => {
      const formData = new FormData();
      formData.set("dialogueId", dialogueId);
      formData.set("indexId", index.id);
      const result = await deleteCompositeIndexAction(null, formData);
      if (result.ok) announce({ message: t("deleted", { name: index.name }), focusId: SAVED_INDEXES_TITLE_ID, href: hrefFor(null), navigate: true });
      else setDeleteError(result.code);
    });
  }

  return (
    <div className="mt-4">
      <div className="flex flex-wrap gap-2">
        <button
          ref={editButton}
          type="button"
          aria-expanded={isEditing}
          aria-controls={editorId}
          onClick={() => (isEditing ? closeEditor() : openEditor())}
          className={buttonClass("secondary")}
        >
          {t("edit")}
        </button>
        <button type="button" aria-disabled={isDeleting} onClick={() => !isDeleting && setIsConfirming(true)} className={buttonClass("danger")}>
          {t("delete")}
        </button>
      </div>
      <p role="alert" className={deleteError ? "mt-2 text-sm font-semibold text-danger" : "sr-only"}>
        {deleteError ? tErrors(deleteError) : ""}
      </p>
      <section ref={editor} id={editorId} aria-labelledby={editorTitleId} hidden={!isEditing} className="mt-4 rounded border border-gray-300 bg-gray-50 p-4">
        <h4 id={editorTitleId} className="mb-3 text-lg font-semibold">
          {t("editTitle", { name: index.name })}
        </h4>
        <CompositeIndexForm
          // Each opening starts from the index as saved now (not from what was typed last time). Not
          // keyed by the index itself: the saved change arrives with the action's result, and a new
          // key would unmount the form before it could report the success.
          key={editSession}
          dialogueId={dialogueId}
          options={options}
          index={index}
          aspectsHeadingLevel={5}
          onCancel={closeEditor}
          onSaved={({ name }) => {
            setIsEditing(false);
            announce({ message: t("updated", { name }), focusId: indexTitleId(index.id) });
          }}
        />
      </section>
      <ConfirmDialog
        isOpen={isConfirming}
        title={t("deleteTitle", { name: index.name })}
        body={t("deleteBody")}
        confirmLabel={t("deleteConfirm")}
        cancelLabel={t("cancel")}
        onCancel={() => setIsConfirming(false)}
        onConfirm={() => {
          setIsConfirming(false);
          remove();
        }}
      />
    </div>
  );
}
