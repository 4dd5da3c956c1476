/**
 * Expected UI text comes from the message files, read when the test runs (not hard-coded), so a
 * spec follows the translators' wording and the same journey runs in Swedish and in English.
 * The translator is next-intl's own, so ICU plurals and arguments format exactly as in the app.
 */
import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import type { Messages } from "../../../lib/i18n/messages";

export type AppLocale = "sv" | "en";

export const LOCALE_COOKIE = "NEXT_LOCALE";

export function loadMessages(locale: AppLocale): Messages {
  const file = path.join(process.cwd(), "lib", "i18n", "messages", `${locale}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Messages;
}

export function translatorFor(locale: AppLocale) {
  return createTranslator({ locale, messages: loadMessages(locale) });
}

export type Translator = ReturnType<typeof translatorFor>;

/** A number as the app prints it for the locale (next-intl's `format.number`). */
export function formatNumber(locale: AppLocale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** For building a RegExp from UI text (titles contain quotes, parentheses …). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
