"use client";

import { useCallback, useRef, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { itemArray, orderedItems, type ItemList } from "@/lib/collab/driver-doc";

export interface LiveItem<T> {
  id: string;
  map: Y.Map<unknown>;
  value: T;
}

const NO_ITEMS: LiveItem<never>[] = [];

/**
 * The goals or actions of the document in display order, each with its attributes read by `read`
 * (which must be a stable function). Re-renders only when the order or an attribute changes, not
 * on every keystroke in an item's text.
 */
export function useItems<T>(doc: Y.Doc | null, list: ItemList, read: (map: Y.Map<unknown>) => T): LiveItem<T>[] {
  const cache = useRef<{ key: string; items: LiveItem<T>[] } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!doc) return () => {};
      const array = itemArray(doc, list);
      array.observeDeep(onChange);
      return () => array.unobserveDeep(onChange);
    },
    [doc, list],
  );
  const getSnapshot = useCallback((): LiveItem<T>[] => {
    if (!doc) return NO_ITEMS;
    const items = orderedItems(doc, list).map((map) => ({ id: map.get("id") as string, map, value: read(map) }));
    const key = JSON.stringify(items.map((item) => [item.id, item.value]));
    if (cache.current?.key !== key || cache.current.items.some((item, index) => item.map !== items[index]?.map)) {
      cache.current = { key, items };
    }
    return cache.current.items;
  }, [doc, list, read]);
  return useSyncExternalStore(subscribe, getSnapshot, () => NO_ITEMS);
}
