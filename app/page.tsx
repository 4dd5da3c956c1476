import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/server/auth/session";

export default async function Home() {
  redirect((await getSessionUser()) ? "/dialogues" : "/login");
}
