/**
 * The relational copy of a driver's live document (texts, goal statements, gap actions) that the
 * overview, search and exports read. The collaboration server writes it; the first load of a
 * driver stored before live editing reads it to seed the document.
 */
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { DriverDocContent, DriverDocParts } from "../../lib/collab/driver-doc";
import { TEXT_PARTS, type TextPart } from "../../lib/model/enums";
import { docFromPlainText, EMPTY_DOC, plainTextOf, type RichTextNode } from "../../lib/model/rich-text";
import type { Executor } from "../client";
import { preparedPerExecutor } from "../prepared";
import { dialogueOrganisations, driverTexts, gapActionOrganisations, gapActions, goalStatements, indicators } from "../schema";

export async function readStoredDriverContent(db: Executor, driverId: string): Promise<DriverDocContent> {
  const [texts, goals, actions] = await Promise.all([
    db.select({ part: driverTexts.part, doc: driverTexts.doc }).from(driverTexts).where(eq(driverTexts.driverId, driverId)),
    db.select().from(goalStatements).where(eq(goalStatements.driverId, driverId)).orderBy(asc(goalStatements.position)),
    db.select().from(gapActions).where(eq(gapActions.driverId, driverId)).orderBy(asc(gapActions.position)),
  ]);
  const links = actions.length
    ? await db
        .select()
        .from(gapActionOrganisations)
        .where(inArray(gapActionOrganisations.actionId, actions.map((action) => action.id)))
    : [];
  const textByPart = new Map(texts.map((row) => [row.part, row.doc as RichTextNode]));
  const linked = (actionId: string, role: "responsible" | "collaborating") =>
    links.filter((link) => link.actionId === actionId && link.role === role).map((link) => link.organisationId);
  return {
    texts: Object.fromEntries(TEXT_PARTS.map((part) => [part, textByPart.get(part) ?? EMPTY_DOC])) as DriverDocContent["texts"],
    goals: goals.map((goal) => ({
      id: goal.id,
      doc: docFromPlainText(goal.text),
      text: goal.text,
      target:
        goal.targetIndicatorId && goal.targetValue !== null && goal.targetYear !== null && goal.targetDirection
          ? {
              indicatorId: goal.targetIndicatorId,
              regionCode: (goal.targetRegionCode as NonNullable<DriverDocContent["goals"][number]["target"]>["regionCode"]) ?? null,
              value: goal.targetValue,
              year: goal.targetYear,
              direction: goal.targetDirection,
            }
          : null,
    })),
    actions: actions.map((action) => ({
      id: action.id,
      doc: docFromPlainText(action.text),
      text: action.text,
      horizon: action.horizon,
      level: action.level,
      control: action.control,
      responsibleOrganisationIds: linked(action.id, "responsible"),
      collaboratingOrganisationIds: linked(action.id, "collaborating"),
    })),
  };
}

export interface RelationalCopyInput {
  driverId: string;
  dialogueId: string;
  /** Live editing changes one part at a time: only the parts given are rewritten. */
  content: DriverDocParts;
  userId: string | null;
}

/**
 * Replaces the relational copies of several drivers with their documents' content in one
 * transaction, the changed texts of all of them in one statement (the collaboration server
 * writes every changed document once a second, so many copies share one commit). Values the
 * database would refuse (an unknown target indicator, an organisation outside the dialogue) are
 * left out rather than failing the copy; an item whose id belongs to another driver is skipped.
 */
export async function writeRelationalCopies(db: Executor, inputs: RelationalCopyInput[]): Promise<void> {
  // One order for every writer, so two instances copying the same drivers never deadlock.
  const ordered = [...inputs].sort((a, b) => (a.driverId < b.driverId ? -1 : a.driverId > b.driverId ? 1 : 0));
  const now = new Date();
  const texts = ordered.flatMap(({ driverId, content, userId }) =>
    TEXT_PARTS.flatMap((part) => {
      const doc = content.texts[part];
      return doc ? [{ driverId, part, doc, plainText: plainTextOf(doc).trim(), updatedBy: userId }] : [];
    }),
  );
  // Texts alone are one statement, atomic by itself: no transaction's round trips around it.
  if (ordered.every(({ content }) => !content.goals && !content.actions)) {
    if (texts.length) await upsertTexts(db, texts);
    return;
  }
  await db.transaction(async (tx) => {
    if (texts.length) await upsertTexts(tx, texts);
    for (const { driverId, dialogueId, content } of ordered) {
      if (content.goals) await writeGoals(tx, driverId, content.goals, now);
      if (content.actions) await writeActions(tx, driverId, dialogueId, content.actions, now);
    }
  });
}

interface TextRow {
  driverId: string;
  part: TextPart;
  doc: RichTextNode;
  plainText: string;
  updatedBy: string | null;
}

/**
 * One statement whatever the number of texts (arrays, not a VALUES row each), so PostgreSQL
 * parses it once per connection instead of describing a new shape every second.
 */
async function upsertTexts(tx: Executor, texts: TextRow[]): Promise<void> {
  await upsertTextsStatement(tx).execute({
    driverIds: texts.map((row) => row.driverId),
    parts: texts.map((row) => row.part),
    docs: texts.map((row) => JSON.stringify(row.doc)),
    plainTexts: texts.map((row) => row.plainText),
    updatedBy: texts.map((row) => row.updatedBy),
  });
}

const upsertTextsStatement = preparedPerExecutor((tx) =>
  tx
    .insert(driverTexts)
    .select(
      sql`select t.driver_id, t.part::text_part, t.doc::jsonb, t.plain_text, t.updated_by, now()
        from unnest(${sql.placeholder("driverIds")}::uuid[], ${sql.placeholder("parts")}::text[], ${sql.placeholder("docs")}::text[],
          ${sql.placeholder("plainTexts")}::text[], ${sql.placeholder("updatedBy")}::uuid[]) as t(driver_id, part, doc, plain_text, updated_by)`,
    )
    .onConflictDoUpdate({
      target: [driverTexts.driverId, driverTexts.part],
      set: {
        doc: sql`excluded.doc`,
        plainText: sql`excluded.plain_text`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare("write_driver_texts"),
);

async function knownIndicatorIds(tx: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, ids));
  return new Set(rows.map((row) => row.id));
}

async function writeGoals(tx: Executor, driverId: string, goals: DriverDocContent["goals"], now: Date): Promise<void> {
  const ids = goals.map((goal) => goal.id);
  await tx
    .delete(goalStatements)
    .where(ids.length ? and(eq(goalStatements.driverId, driverId), notInArray(goalStatements.id, ids)) : eq(goalStatements.driverId, driverId));
  const known = await knownIndicatorIds(tx, goals.flatMap((goal) => (goal.target ? [goal.target.indicatorId] : [])));
  for (const [position, goal] of goals.entries()) {
    const target = goal.target && known.has(goal.target.indicatorId) ? goal.target : null;
    const values = {
      position,
      text: goal.text,
      targetIndicatorId: target?.indicatorId ?? null,
      targetRegionCode: target?.regionCode ?? null,
      targetValue: target?.value ?? null,
      targetYear: target?.year ?? null,
      targetDirection: target?.direction ?? null,
      updatedAt: now,
    };
    await tx
      .insert(goalStatements)
      .values({ id: goal.id, driverId, ...values })
      .onConflictDoUpdate({ target: goalStatements.id, set: values, setWhere: sql`${goalStatements.driverId} = ${driverId}` });
  }
}

async function writeActions(
  tx: Executor,
  driverId: string,
  dialogueId: string,
  actions: DriverDocContent["actions"],
  now: Date,
): Promise<void> {
  const ids = actions.map((action) => action.id);
  await tx
    .delete(gapActions)
    .where(ids.length ? and(eq(gapActions.driverId, driverId), notInArray(gapActions.id, ids)) : eq(gapActions.driverId, driverId));
  if (!actions.length) return;
  const participating = new Set(
    (
      await tx
        .select({ id: dialogueOrganisations.organisationId })
        .from(dialogueOrganisations)
        .where(eq(dialogueOrganisations.dialogueId, dialogueId))
    ).map((row) => row.id),
  );
  const stored: string[] = [];
  for (const [position, action] of actions.entries()) {
    const values = { position, text: action.text, horizon: action.horizon, level: action.level, control: action.control, updatedAt: now };
    const written = await tx
      .insert(gapActions)
      .values({ id: action.id, driverId, ...values })
      .onConflictDoUpdate({ target: gapActions.id, set: values, setWhere: sql`${gapActions.driverId} = ${driverId}` })
      .returning({ id: gapActions.id });
    if (written.length) stored.push(action.id);
  }
  if (!stored.length) return;
  await tx.delete(gapActionOrganisations).where(inArray(gapActionOrganisations.actionId, stored));
  const links = actions
    .filter((action) => stored.includes(action.id))
    .flatMap((action) => [
      ...action.responsibleOrganisationIds.map((organisationId) => ({ actionId: action.id, organisationId, role: "responsible" as const })),
      ...action.collaboratingOrganisationIds.map((organisationId) => ({ actionId: action.id, organisationId, role: "collaborating" as const })),
    ])
    .filter((link) => participating.has(link.organisationId));
  if (links.length) await tx.insert(gapActionOrganisations).values(links);
}
