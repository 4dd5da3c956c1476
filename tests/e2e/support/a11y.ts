/**
 * The axe gate: WCAG 2.0/2.1 level A and AA rules, failing on every serious or critical
 * violation. Best-practice rules and minor/moderate findings are attached to the report, not
 * failed. The allowlist is empty; an entry needs the rule, the exact target and a justification.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

interface AllowedViolation {
  ruleId: string;
  /** The CSS target axe reports, joined with " " for nested frames. */
  target: string;
  justification: string;
}

/** Intentionally empty. Add an entry only with a reason a reviewer can check. */
const A11Y_ALLOWLIST: readonly AllowedViolation[] = [];

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type AxeViolation = AxeResults["violations"][number];

function isAllowed(ruleId: string, target: string): boolean {
  return A11Y_ALLOWLIST.some((entry) => entry.ruleId === ruleId && entry.target === target);
}

function describe(violations: AxeViolation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    - ${node.target.join(" ")}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `  ${violation.id} [${violation.impact}] ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

/**
 * Runs axe on the page as it is now and fails on serious/critical WCAG 2.1 A/AA violations,
 * listing each rule id, the targets and axe's help. `soft` records the failure and lets the test
 * go on to the next page, so one run reports every bad page.
 */
export async function expectNoA11yViolations(page: Page, { label, soft = false }: { label?: string; soft?: boolean } = {}): Promise<void> {
  // Next streams a page's metadata: after a client-side navigation the <title> can land a moment
  // after the content. Give it that moment; a page that never gets a title still fails below.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 3_000 }).catch(() => undefined);
  // Only violations are read; skipping the details of passes and inapplicable rules halves the
  // time axe takes on the big driver page.
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS]).options({ resultTypes: ["violations"] }).analyze();
  const blocking: AxeViolation[] = [];
  const other: AxeViolation[] = [];
  for (const violation of results.violations) {
    const nodes = violation.nodes.filter((node) => !isAllowed(violation.id, node.target.join(" ")));
    if (nodes.length === 0) continue;
    const kept = { ...violation, nodes };
    (violation.impact === "serious" || violation.impact === "critical" ? blocking : other).push(kept);
  }
  const where = label ? `${label} (${page.url()})` : page.url();
  if (other.length) {
    await test.info().attach(`axe minor/moderate: ${where}`, { body: describe(other), contentType: "text/plain" });
  }
  const check = soft ? expect.soft : expect;
  check(
    blocking.map((violation) => violation.id),
    `axe: serious/critical WCAG 2.1 A/AA violations on ${where}:\n${describe(blocking)}`,
  ).toEqual([]);
}
