import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";

export default function LoginLayout({ children }: { children: ReactNode }) {
  return <AppShell user={null}>{children}</AppShell>;
}
