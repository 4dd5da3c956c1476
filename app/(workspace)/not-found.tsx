import { NotFoundContent } from "@/components/layout/not-found-content";

/**
 * notFound() from a workspace page (unknown dialogue, not a member …). The workspace layout has
 * already drawn the shell; the root not-found would draw a second header, skip link and main.
 */
export default function WorkspaceNotFound() {
  return <NotFoundContent />;
}
