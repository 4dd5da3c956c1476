/**
 * The demo dialogue: real organisations, fictitious people, and the drivers of seed 003 with
 * their indicators. The users write nuläge, önskat läge and the gap themselves, so no texts,
 * goals or actions are seeded: the demo must not put invented figures in Socialstyrelsen's mouth.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { CareArea, IndicatorPart, MemberRole, OrganisationType, RegionCode } from "../../lib/model/enums";
import type { Database, Executor } from "../client";
import {
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  driverIndicators,
  drivers,
  indicators,
  organisations,
  users,
} from "../schema";
import { driverRowSchema, readCsv, type DriverRow } from "./csv";

/** Serialises concurrent start-ups so that only one of them creates the demo dialogue. */
const DEMO_LOCK_KEY = 727_274_003;

/** The demo's drivers, in the order the dialogue shows them. */
export const DRIVERS_FILE = "drivers.csv";

export interface DemoOrganisation {
  name: string;
  type: OrganisationType;
  regionCode: RegionCode | null;
}

/**
 * At least one organisation of every type, so the demo shows the breadth of actors seed 003 asks
 * for (myndigheter, regioner, kommuner, lärosäten, yrkes- och professionsförbund,
 * patientföreningar, forskningsfinansiärer …). All are real; the people below are not.
 */
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { name: "Socialstyrelsen", type: "myndighet", regionCode: null },
  { name: "Region Uppsala", type: "region", regionCode: "03" },
  { name: "Region Stockholm", type: "region", regionCode: "01" },
  { name: "Region Norrbotten", type: "region", regionCode: "25" },
  { name: "Uppsala kommun", type: "kommun", regionCode: "03" },
  { name: "Sveriges läkarförbund", type: "yrkesforbund", regionCode: null },
  { name: "Vårdförbundet", type: "yrkesforbund", regionCode: null },
  { name: "Uppsala universitet", type: "larosate", regionCode: "03" },
  { name: "Riksförbundet Attention", type: "patientorganisation", regionCode: null },
  { name: "Capio", type: "vardgivare", regionCode: null },
  { name: "Swedish Medtech", type: "naringsliv", regionCode: null },
  { name: "Elevhälsan, Uppsala kommun", type: "elevhalsa", regionCode: "03" },
  { name: "Forte", type: "forskningsfinansiar", regionCode: null },
  { name: "Svenska Röda Korset", type: "civilsamhalle", regionCode: null },
  { name: "Sveriges Kommuner och Regioner (SKR)", type: "annan", regionCode: null },
];

export type DemoUserKey = "facilitator" | "region" | "kommun" | "profession" | "university" | "patient" | "observer";

export interface DemoUser {
  key: DemoUserKey;
  name: string;
  email: string;
  organisationName: string;
  role: MemberRole;
}

/**
 * The one-click demo sign-ins, listed by the login page and the start-up banner. Participants come
 * from five organisation types so that a comment round shows several perspectives at once.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: "facilitator",
    name: "Karin Lindqvist",
    email: "karin.lindqvist@demo.samsyn.se",
    organisationName: "Socialstyrelsen",
    role: "facilitator",
  },
  {
    key: "region",
    name: "Anders Holmberg",
    email: "anders.holmberg@demo.samsyn.se",
    organisationName: "Region Uppsala",
    role: "participant",
  },
  {
    key: "kommun",
    name: "Maria Nyström",
    email: "maria.nystrom@demo.samsyn.se",
    organisationName: "Uppsala kommun",
    role: "participant",
  },
  {
    key: "profession",
    name: "Sara Ekström",
    email: "sara.ekstrom@demo.samsyn.se",
    organisationName: "Vårdförbundet",
    role: "participant",
  },
  {
    key: "university",
    name: "Johan Bergqvist",
    email: "johan.bergqvist@demo.samsyn.se",
    organisationName: "Uppsala universitet",
    role: "participant",
  },
  {
    key: "patient",
    name: "Eva Sandberg",
    email: "eva.sandberg@demo.samsyn.se",
    organisationName: "Riksförbundet Attention",
    role: "participant",
  },
  {
    key: "observer",
    name: "Per Håkansson",
    email: "per.hakansson@demo.samsyn.se",
    organisationName: "Forte",
    role: "observer",
  },
];

/** Title and period from seed 003 (its framskrivning runs 2023–2033, Figur 6–7). */
export const DEMO_DIALOGUE = {
  planningQuestion: "Patient- och personalcentrerad personalplanering 2023–2033",
  description: [
    "Demodialog byggd på Socialstyrelsens arbetsmodell i Nationella planeringsstödet 2025, delrapport 3:",
    "”Patient- och personalcentrerad personalplanering – Ett stöd för framtidens efterfrågeanalyser”",
    "(artikelnummer 2025-3-9475).",
    "Rapporten konstaterar att ”en högre försörjningskvot, där färre yrkesverksamma ska försörja en växande",
    "andel äldre och icke-arbetande grupper, skapar betydande utmaningar för hälso- och sjukvården” och att",
    "”ett ökat inflöde av patienter kommer inte kunna mötas upp med motsvarande ökning av personalen” (rad 155).",
    "Ett centralt tema är att omvandla nationella strategier och målsättningar till gemensamma målsättningar",
    "om ett önskat läge, i samarbete med hälso- och sjukvårdens olika aktörer (rad 84).",
    "För varje drivkraft beskriver aktörerna nuläget, den förväntade framtiden om vården fortsätter att arbeta",
    "som i dag (framskrivning 2023–2033), ett önskat läge och gapet mellan dem med åtgärder.",
    "Drivkrafterna och deras indikatorer kommer från rapporterna; texterna skrivs av deltagarna.",
  ].join(" "),
  regionCodes: ["03", "01", "25"] as RegionCode[],
  horizonFrom: 2023,
  horizonTo: 2033,
} as const;

/** drivers.csv uses the Swedish words; `samtliga` means all three areas. */
const CARE_AREA_MAP: Record<DriverRow["care_area"], CareArea[]> = {
  samtliga: ["sjukvard", "halsovard", "granslandet"],
  sjukvård: ["sjukvard"],
  hälsovård: ["halsovard"],
  gränslandet: ["granslandet"],
};

/**
 * Creates the demo dialogue unless one exists (then returns it with created:false and writes
 * nothing). Expects the reference data to be loaded: drivers link only indicators found there.
 */
export async function seedDemo(
  db: Database,
  options: { dataDir: string },
): Promise<{ created: boolean; dialogueId: string }> {
  const driverRows = readCsv(options.dataDir, DRIVERS_FILE, driverRowSchema).map((r) => r.row);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    const existing = await findDemoDialogue(tx);
    if (existing) return { created: false, dialogueId: existing };

    const organisationIds = await upsertOrganisations(tx);
    const userIds = await upsertDemoUsers(tx);
    const dialogueId = await insertDialogue(tx, userIds.get(DEMO_USERS[0]!.email)!);
    await tx
      .insert(dialogueOrganisations)
      .values([...organisationIds.values()].map((organisationId) => ({ dialogueId, organisationId })));
    await tx.insert(dialogueMembers).values(
      DEMO_USERS.map((user) => ({
        dialogueId,
        userId: userIds.get(user.email)!,
        organisationId: organisationIds.get(user.organisationName)!,
        role: user.role,
      })),
    );
    await insertDrivers(tx, dialogueId, driverRows);
    return { created: true, dialogueId };
  });
}

async function findDemoDialogue(tx: Executor): Promise<string | undefined> {
  const [row] = await tx.select({ id: dialogues.id }).from(dialogues).where(eq(dialogues.isDemo, true)).limit(1);
  return row?.id;
}

/** Organisations are shared across dialogues, so an existing one (same name) is reused. */
async function upsertOrganisations(tx: Executor): Promise<Map<string, string>> {
  await tx.insert(organisations).values([...DEMO_ORGANISATIONS]).onConflictDoNothing({ target: organisations.name });
  const names = DEMO_ORGANISATIONS.map((organisation) => organisation.name);
  const rows = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.name, names));
  return new Map(rows.map((row) => [row.name, row.id]));
}

/** Demo users may outlive a deleted demo dialogue; they are then reused by email. */
async function upsertDemoUsers(tx: Executor): Promise<Map<string, string>> {
  const verifiedAt = new Date();
  await tx
    .insert(users)
    .values(
      DEMO_USERS.map((user) => ({
        name: user.name,
        email: user.email,
        emailVerified: verifiedAt,
        locale: "sv",
        isDemo: true,
      })),
    )
    .onConflictDoNothing({ target: users.email });
  const rows = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_USERS.map((user) => user.email),
      ),
    );
  return new Map(rows.map((row) => [row.email, row.id]));
}

async function insertDialogue(tx: Executor, facilitatorId: string): Promise<string> {
  const [row] = await tx
    .insert(dialogues)
    .values({
      planningQuestion: DEMO_DIALOGUE.planningQuestion,
      description: DEMO_DIALOGUE.description,
      regionCodes: [...DEMO_DIALOGUE.regionCodes],
      horizonFrom: DEMO_DIALOGUE.horizonFrom,
      horizonTo: DEMO_DIALOGUE.horizonTo,
      status: "active",
      isDemo: true,
      createdBy: facilitatorId,
    })
    .returning({ id: dialogues.id });
  return row!.id;
}

/** Drivers in file order, then their indicators: only ids the catalogue holds, to keep the join whole. */
async function insertDrivers(tx: Executor, dialogueId: string, rows: DriverRow[]): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await tx
    .insert(drivers)
    .values(
      rows.map((row, position) => ({
        dialogueId,
        title: row.name_sv,
        description: row.description_sv,
        whoClass: row.who_class,
        careAreas: CARE_AREA_MAP[row.care_area],
        changePerspectives: [],
        position,
        sourceRef: row.source_ref,
      })),
    )
    .returning({ id: drivers.id, position: drivers.position });
  // RETURNING order is not guaranteed by PostgreSQL; the position says which row is which.
  const driverIdAt = new Map(inserted.map((row) => [row.position, row.id]));
  const known = await knownIndicatorIds(tx, rows);
  const links = rows.flatMap((row, position) => indicatorLinks(driverIdAt.get(position)!, row, known));
  if (links.length > 0) await tx.insert(driverIndicators).values(links);
}

async function knownIndicatorIds(tx: Executor, rows: DriverRow[]): Promise<Set<string>> {
  const wanted = [...new Set(rows.flatMap((row) => row.related_indicators))];
  if (wanted.length === 0) return new Set();
  const found = await tx.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, wanted));
  return new Set(found.map((row) => row.id));
}

/** Projections (`proj_*`) describe the expected future; every other indicator the current state. */
export function indicatorPartOf(indicatorId: string): IndicatorPart {
  return indicatorId.startsWith("proj_") ? "future" : "nulage";
}

function indicatorLinks(driverId: string, row: DriverRow, known: Set<string>) {
  const nextPosition: Record<IndicatorPart, number> = { nulage: 0, future: 0 };
  // A repeated id would break the (driver, part, indicator) key; the first mention wins.
  return [...new Set(row.related_indicators)]
    .filter((indicatorId) => known.has(indicatorId))
    .map((indicatorId) => {
      const part = indicatorPartOf(indicatorId);
      return { driverId, part, indicatorId, position: nextPosition[part]++ };
    });
}
