/**
 * next-intl without locale routing: the locale comes from the user's cookie (set by the language
 * switcher), else the signed-in user's saved choice, else Swedish.
 */
import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSessionUser } from "../server/auth/session";
import { DEFAULT_LOCALE, LOCALE_COOKIE, toLocale } from "./config";
import { messagesFor } from "./messages";

export default getRequestConfig(async () => {
  const store = await cookies();
  const fromCookie = toLocale(store.get(LOCALE_COOKIE)?.value);
  const locale = fromCookie ?? toLocale((await getSessionUser())?.locale) ?? DEFAULT_LOCALE;
  return { locale, messages: messagesFor(locale), timeZone: "Europe/Stockholm" };
});
