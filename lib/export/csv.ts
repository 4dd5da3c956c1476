/**
 * CSV as Swedish Excel opens it: a UTF-8 byte-order mark, `;` between fields, CRLF line ends.
 * Cells that begin like a formula (= + - @, tab or CR) are defused with a leading apostrophe, so a
 * spreadsheet never runs a name or text as a formula (CSV injection). Used by every CSV download.
 */
import type { ExportDriver, GoalSetExport } from "../model/goal-set-export";
import { exportText, regionName, targetIndicatorName, textBlocks, type ExportText } from "./document-text";

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDocument(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(";")).join("\r\n")}\r\n`;
}

// --- the goal set: one row per goal statement and per action --------------------------------------

/** Numbers a spreadsheet reads as numbers: the locale's decimal mark, no grouping (one formatter per language). */
const PLAIN_NUMBERS = {
  sv: new Intl.NumberFormat("sv-SE", { useGrouping: false, maximumFractionDigits: 6 }),
  en: new Intl.NumberFormat("en-GB", { useGrouping: false, maximumFractionDigits: 6 }),
};

function plainNumber(value: number | null, text: ExportText): string {
  return value === null ? "" : PLAIN_NUMBERS[text.locale].format(value);
}

/** A rich text's blocks as lines (list items keep their marker), for one spreadsheet cell. */
function cellText(doc: ExportDriver["goals"][number]["doc"]): string {
  return textBlocks(doc)
    .map((block) => {
      const line = block.runs.map((run) => run.text).join("");
      return block.kind === "listItem" ? `${block.ordered ? `${block.number}.` : "-"} ${line}` : line;
    })
    .join("\n");
}

function header(text: ExportText): string[] {
  const { t } = text;
  return [
    t("exportDocument.csv.driver"),
    t("exportDocument.csv.kind"),
    t("exportDocument.csv.text"),
    t("exportDocument.csv.targetIndicator"),
    t("exportDocument.csv.targetRegion"),
    t("exportDocument.csv.targetValue"),
    t("exportDocument.csv.targetYear"),
    t("exportDocument.csv.targetDirection"),
    t("exportDocument.csv.gapStatus"),
    t("exportDocument.csv.gap"),
    t("exportDocument.csv.unit"),
    t("exportDocument.csv.latestValue"),
    t("exportDocument.csv.period"),
    t("exportDocument.csv.source"),
    t("exportDocument.csv.horizon"),
    t("exportDocument.csv.level"),
    t("exportDocument.csv.control"),
    t("exportDocument.csv.responsible"),
    t("exportDocument.csv.collaborating"),
  ];
}

function goalRows(driver: ExportDriver, text: ExportText): string[][] {
  const { t } = text;
  return driver.goals.map((goal) => [
    driver.title,
    t("exportDocument.csv.goal"),
    cellText(goal.doc),
    goal.target ? targetIndicatorName(driver, goal.target.indicatorId, text) : "",
    goal.target ? regionName(goal.target.regionCode, text) : "",
    plainNumber(goal.target?.value ?? null, text),
    goal.target ? String(goal.target.year) : "",
    goal.target ? t(`enums.targetDirection.${goal.target.direction}`) : "",
    goal.gap ? t(`gap.status.${goal.gap.status}`) : "",
    plainNumber(goal.gap?.gap ?? null, text),
    goal.gap?.unit ?? "",
    plainNumber(goal.gap?.latestValue ?? null, text),
    goal.gap?.period ?? "",
    goal.gap?.source ?? "",
    "",
    "",
    "",
    "",
    "",
  ]);
}

function actionRows(driver: ExportDriver, text: ExportText): string[][] {
  const { t } = text;
  return driver.actions.map((action) => [
    driver.title,
    t("exportDocument.csv.action"),
    cellText(action.doc),
    ...Array<string>(11).fill(""),
    t(`enums.horizon.${action.horizon}`),
    t(`enums.level.${action.level}`),
    t(`enums.control.${action.control}`),
    action.responsible.map((organisation) => organisation.name).join(", "),
    action.collaborating.map((organisation) => organisation.name).join(", "),
  ]);
}

/** The goal statements and actions of every driver, one row each, in the document's order. */
export function renderGoalSetCsv(goalSet: GoalSetExport): string {
  const text = exportText(goalSet.language);
  const rows = goalSet.drivers.flatMap((driver) => [...goalRows(driver, text), ...actionRows(driver, text)]);
  return csvDocument([header(text), ...rows]);
}
