import type { NextRequest } from "next/server";
import { handlers } from "@/lib/server/auth/auth";
import { checkSignInCode } from "@/lib/server/auth/sign-in-code";

/**
 * Auth.js handles its routes; the e-mail callback is guarded first, so that codes guessed straight
 * at this URL count against the same five-attempt budget as codes typed into the form.
 */
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/email")) {
    // verifyCodeAction redirects here, and Next then fetches the redirect target server-side (with
    // `RSC: 1`) to stream it back with the action's response. That fetch would consume the one-time
    // code and drop the new session's cookie, so the browser's own visit failed. Answer it without
    // content: Next then lets the browser navigate here itself.
    if (request.headers.get("rsc") === "1") return new Response(null, { status: 204 });
    const email = request.nextUrl.searchParams.get("email") ?? "";
    const token = request.nextUrl.searchParams.get("token") ?? "";
    const check = /^\d{6}$/.test(token) && email ? await checkSignInCode(email, token) : "invalid";
    if (check !== "valid") {
      const target = new URL("/login/verify", request.nextUrl.origin);
      target.searchParams.set("email", email);
      target.searchParams.set("error", check);
      return Response.redirect(target, 303);
    }
  }
  return handlers.GET(request);
}

export const POST = handlers.POST;
