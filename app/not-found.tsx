import { AppShell } from "@/components/layout/app-shell";
import { NotFoundContent } from "@/components/layout/not-found-content";
import { getSessionUser } from "@/lib/server/auth/session";

/** Unknown URLs outside the workspace: the page draws its own shell. */
export default async function NotFound() {
  return (
    <AppShell user={await getSessionUser()}>
      <NotFoundContent />
    </AppShell>
  );
}
