import { getEnv } from "../env";

/** Secure cookies whenever the public URL is https; `__Host-` pins them to our origin and path. */
export function sessionCookie(): { name: string; secure: boolean } {
  const secure = getEnv().appUrl.startsWith("https://");
  return { name: secure ? "__Host-samsyn.session" : "samsyn.session", secure };
}
