/**
 * What a rendered export (DOCX, PDF) must say, in order, and a check that text extracted from the
 * file says it: every goal statement, target, computed gap, action and source line (issue 8, "Tests").
 */
import { expect } from "vitest";
import { exportText, gapInWords, indicatorSourceLines, sourceLine, targetLine } from "@/lib/export/document-text";
import type { GoalSetExport } from "@/lib/model/goal-set-export";

/** The figures' sources, then each goal (text, target, gap, the gap's source), then each action, driver by driver. */
export function expectedItemsInOrder(goalSet: GoalSetExport): string[] {
  const text = exportText(goalSet.language);
  return goalSet.drivers.flatMap((driver) => [
    ...[...driver.nulage.indicators, ...driver.future.indicators].flatMap((indicator) => indicatorSourceLines(indicator, goalSet, text)),
    ...driver.goals.flatMap((goal) => [
      goal.text,
      ...(goal.target ? [targetLine(goal, driver, text)!] : []),
      ...(goal.gap ? [gapInWords(goal.gap, text), sourceLine(goal.gap.source, goal.gap.releaseId, goalSet, text)] : []),
    ]),
    ...driver.actions.map((action) => action.text),
  ]);
}

/**
 * Whitespace is left out on both sides: a PDF breaks long lines (sometimes after a hyphen) and
 * Swedish numbers carry a no-break space, neither of which changes what the document says.
 */
function withoutWhitespace(value: string): string {
  return value.replace(/\s+/g, "");
}

/** Each expected item occurs in `documentText`, each after the one before it. */
export function expectInOrder(documentText: string, expected: string[]): void {
  const haystack = withoutWhitespace(documentText);
  let from = 0;
  for (const item of expected) {
    const needle = withoutWhitespace(item);
    const at = haystack.indexOf(needle, from);
    expect(at, `"${item}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + needle.length;
  }
}

export function containsText(documentText: string, item: string): boolean {
  return withoutWhitespace(documentText).includes(withoutWhitespace(item));
}
