"use client";

import { useTranslations } from "next-intl";
import { useCallback, useRef, useSyncExternalStore } from "react";
import { ACTIONS, GOALS } from "@/lib/collab/driver-doc";
import { presenceEditingSchema, type PresenceUser } from "@/lib/collab/protocol";
import type { DriverSession } from "./driver-session";
import { useLiveDriver } from "./session-context";
import { useItems } from "./use-items";

interface Present {
  key: string;
  user: PresenceUser;
  isSelf: boolean;
  /** What they work in, e.g. "nulage" or "goal:<id>" (null: reading). */
  editing: string | null;
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== "object" || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.name === "string" && typeof user.organisation === "string" && typeof user.color === "string";
}

/**
 * Everyone connected to the driver, one entry per person and organisation (two tabs of one
 * person are one entry). Awareness states come from other browsers: only well-formed values are
 * shown.
 */
function readPresence(session: DriverSession): Present[] {
  const selfId = session.provider.awareness.clientID;
  const people = new Map<string, Present>();
  for (const [clientId, state] of session.provider.awareness.getStates()) {
    if (!isPresenceUser(state.user)) continue;
    const { name, organisation, color } = state.user;
    const editing = presenceEditingSchema.safeParse(state.editing).success ? (state.editing as string) : null;
    const key = `${name}\u0000${organisation}`;
    const known = people.get(key);
    people.set(key, {
      key,
      user: { name, organisation, color },
      isSelf: (known?.isSelf ?? false) || clientId === selfId,
      editing: known?.editing ?? editing,
    });
  }
  return [...people.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name));
}

function usePresence(session: DriverSession | null): Present[] {
  const cache = useRef<{ key: string; people: Present[] }>({ key: "", people: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!session) return () => {};
      session.provider.awareness.on("change", onChange);
      return () => session.provider.awareness.off("change", onChange);
    },
    [session],
  );
  const getSnapshot = useCallback(() => {
    if (!session) return cache.current.people;
    const people = readPresence(session);
    // Carets move at every keystroke; the list changes only when who or where changes.
    const key = JSON.stringify(people);
    if (key !== cache.current.key) cache.current = { key, people };
    return cache.current.people;
  }, [session]);
  return useSyncExternalStore(subscribe, getSnapshot, () => cache.current.people);
}

const noAttributes = () => null;

/** "Nuläge", "Målsättning 2", "Åtgärd 1"… for an awareness `editing` value. */
function usePartName(session: DriverSession | null): (editing: string) => string {
  const tParts = useTranslations("parts");
  const tGoals = useTranslations("statements");
  const tActions = useTranslations("gapActions");
  // The lists' order, so the numbers match what everyone sees (and follow moves).
  const goals = useItems(session?.doc ?? null, GOALS, noAttributes);
  const actions = useItems(session?.doc ?? null, ACTIONS, noAttributes);
  return (editing) => {
    const [kind, id] = editing.split(":");
    if (kind === "nulage") return tParts("nulage.title");
    if (kind === "future") return tParts("future.title");
    if (kind === "gap") return tParts("gap.title");
    if (kind === "goal") {
      const number = goals.findIndex((item) => item.id === id) + 1;
      return number > 0 ? tGoals("item", { number }) : tParts("desired.title");
    }
    const number = actions.findIndex((item) => item.id === id) + 1;
    return number > 0 ? tActions("item", { number }) : tParts("gap.title");
  };
}

/** Who is here, from which organisation, and who works in which part: in words, colour only as an extra. */
export function PresenceList() {
  const t = useTranslations("collab.presence");
  const { session } = useLiveDriver();
  const people = usePresence(session);
  const partName = usePartName(session);
  return (
    <section aria-labelledby="presence-title" className="text-sm">
      <h2 id="presence-title" className="font-semibold">
        {t("title", { count: people.length })}
      </h2>
      {people.length === 0 ? <p className="text-muted">{t("nobody")}</p> : null}
      <ul className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
        {people.map((person) => (
          <li key={person.key} className="inline-flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: person.user.color }} />
            <span>
              {t("person", { name: person.user.name, organisation: person.user.organisation })}
              {person.isSelf ? ` ${t("you")}` : ""}
              {" – "}
              {person.editing ? t("editing", { part: partName(person.editing) }) : t("reading")}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
