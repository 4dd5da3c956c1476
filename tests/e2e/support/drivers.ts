/** A driver of its own for a spec that edits content, so parallel specs never shift its lists. */
import type { Page } from "@playwright/test";
import { DriverFormPage } from "../pages/driver-form-page";
import type { Translator } from "./i18n";

/** Creates a driver in the dialogue as the signed-in facilitator of `page`; returns its path. */
export async function createDriver(page: Page, t: Translator, dialogueUrl: string, title: string): Promise<string> {
  await page.goto(`${dialogueUrl}/drivers/new`);
  await new DriverFormPage(page, t).create({ title, whoClass: "within", careArea: "sjukvard" });
  await page.waitForURL(/\/drivers\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}
