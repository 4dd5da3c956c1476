/** Keyboard-only navigation: Tab until a control has focus, and check that focus can be seen. */
import { expect, type Locator, type Page } from "@playwright/test";

async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus. Fails if it is not reached within
 * `maxPresses`, which catches controls that are not in the tab order at all.
 */
export async function tabTo(page: Page, target: Locator, { maxPresses = 150, backwards = false } = {}): Promise<void> {
  await expect(target).toHaveCount(1);
  for (let presses = 0; presses <= maxPresses; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${target} was not reached with ${maxPresses} presses of ${backwards ? "Shift+Tab" : "Tab"}`);
}

/** WCAG 2.4.7: the focused control draws a focus outline (not `outline: none`). */
export async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const outline = await target.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style, `outline-style of the focused ${target}`).not.toBe("none");
  expect(outline.width, `outline-width of the focused ${target}`).toBeGreaterThan(0);
}
