import en from "./messages/en.json";
import sv from "./messages/sv.json";
import type { Locale } from "./config";

export type Messages = typeof sv;

const MESSAGES: Record<Locale, Messages> = { sv, en };

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
