import type { ReactNode } from "react";
import { IndexAnnouncer } from "@/components/indicators/index-announcer";

/**
 * Keeps the composite index's announcements and focus across `?index=` changes
 * (components/indicators/index-announcer.tsx). Reads nothing: the page authorizes.
 */
export default function CompareLayout({ children }: { children: ReactNode }) {
  return <IndexAnnouncer>{children}</IndexAnnouncer>;
}
