import { DEFAULT_LOCALE, LOCALES, type Locale } from "../model/enums";

export const LOCALE_COOKIE = "NEXT_LOCALE";

export function toLocale(value: string | undefined | null): Locale | undefined {
  return LOCALES.find((locale) => locale === value);
}

export { DEFAULT_LOCALE, LOCALES, type Locale };
