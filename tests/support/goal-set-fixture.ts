/**
 * A small goal set covering every section of the export document, for the renderers' unit tests.
 * The figures are real rows of ../shared/data/indicators.csv (hyrpersonal, Tabell 1; the
 * specialist-visit projection, Figur 6); goal texts, targets and organisations are test input.
 */
import { docFromPlainText } from "@/lib/model/rich-text";
import { GOAL_SET_FORMAT, GOAL_SET_SCHEMA_VERSION, goalSetExportSchema, type GoalSetExport } from "@/lib/model/goal-set-export";

const TABELL_1 =
  "Socialstyrelsen, NPS 2024 delrapport 2 (Resurs- och kapacitetskarta för hälso- och sjukvårdens personalförsörjning, 2024-3-8944), Tabell 1 (källa SKR; november 2021)";
const FIGUR_6 =
  'Socialstyrelsen, NPS 2025 delrapport 3 (Patient- och personalcentrerad personalplanering, 2025-3-9475), Figur 6 (texten: "cirka 7 procent"; basår 2023)';

const ORG_REGION = { id: "00000000-0000-4000-8000-000000000a01", name: "Region Stockholm", type: "region" as const };
const ORG_UNION = { id: "00000000-0000-4000-8000-000000000a02", name: "Vårdförbundet", type: "yrkesforbund" as const };

export function goalSetFixture(overrides: Partial<GoalSetExport> = {}): GoalSetExport {
  const goalSet: GoalSetExport = {
    format: GOAL_SET_FORMAT,
    schemaVersion: GOAL_SET_SCHEMA_VERSION,
    exportedAt: "2026-11-24T10:00:00.000Z",
    language: "sv",
    source: {
      kind: "agreed",
      agreementId: "00000000-0000-4000-8000-0000000000f1",
      versionNumber: 2,
      agreedAt: "2026-11-20T14:30:00.000Z",
      agreedByName: "Facilitator Fia",
      note: "Överenskommet vid dialogmöte 3.",
    },
    options: { includeStances: true, includeComments: true, includeWorkshopSummaries: false },
    dialogue: {
      planningQuestion: "Hur säkrar vi sjuksköterskebemanningen i Stockholms län till 2035?",
      description: "Dialog mellan region, kommuner och professionsförbund.",
      regionCodes: ["01"],
      horizonFrom: 2025,
      horizonTo: 2035,
      organisations: [ORG_REGION, ORG_UNION],
    },
    drivers: [
      {
        id: "00000000-0000-4000-8000-0000000000d1",
        title: "Beroende av hyrpersonal",
        description: "Regionerna köper bemanning när egen personal saknas.",
        whoClass: "within",
        careAreas: ["sjukvard"],
        changePerspectives: ["struktur"],
        nulage: {
          doc: docFromPlainText("Stockholm hyrde flest sjuksköterskor i november 2021."),
          indicators: [
            {
              id: "hired_staff_nurses",
              nameSv: "Antal hyrpersonal: sjuksköterskor",
              nameEn: "Agency (hired) staff: nurses",
              unit: "antal personer (november)",
              direction: "neutral",
              source: TABELL_1,
              values: [
                { regionCode: "01", regionLabel: "Stockholm", period: "2021", value: 1371, unit: "antal personer (november)", source: TABELL_1, releaseId: null },
                { regionCode: "12", regionLabel: "Skåne", period: "2021", value: 470, unit: "antal personer (november)", source: TABELL_1, releaseId: null },
                { regionCode: "14", regionLabel: "Västra Götaland", period: "2021", value: 444, unit: "antal personer (november)", source: TABELL_1, releaseId: null },
              ],
              facts: [],
              projections: [],
            },
          ],
        },
        future: {
          doc: docFromPlainText("Utan åtgärder väntas besöken i specialiserad vård öka."),
          indicators: [
            {
              id: "proj_specialist_visits_pct_change",
              nameSv: "Framskrivning: förändring av antal läkarbesök i specialiserad vård",
              nameEn: "Projection: change in specialist-care doctor visits",
              unit: "% förändring",
              direction: "neutral",
              source: FIGUR_6,
              values: [{ regionCode: "00", regionLabel: "Riket", period: "2023-2033", value: 7, unit: "% förändring", source: FIGUR_6, releaseId: null }],
              facts: [],
              projections: [],
            },
          ],
        },
        goals: [
          {
            id: "00000000-0000-4000-8000-0000000000b1",
            text: "Hyrsjuksköterskorna i Stockholm halveras.",
            doc: docFromPlainText("Hyrsjuksköterskorna i Stockholm halveras."),
            target: { indicatorId: "hired_staff_nurses", regionCode: "01", value: 685, year: 2030, direction: "decrease" },
            gap: { status: "remaining", gap: 686, unit: "antal personer (november)", latestValue: 1371, period: "2021", expected: null, releaseId: null, source: TABELL_1 },
          },
          {
            id: "00000000-0000-4000-8000-0000000000b2",
            text: "Introduktionen för nya sjuksköterskor är gemensam i länet.",
            doc: docFromPlainText("Introduktionen för nya sjuksköterskor är gemensam i länet."),
            target: null,
            gap: null,
          },
        ],
        gap: { doc: docFromPlainText("Gapet består främst i bristen på specialistsjuksköterskor.") },
        actions: [
          {
            id: "00000000-0000-4000-8000-0000000000c1",
            text: "Inför gemensam introduktion för nyexaminerade.",
            doc: docFromPlainText("Inför gemensam introduktion för nyexaminerade."),
            horizon: "short",
            level: "regional",
            control: "collaboration",
            responsible: [{ id: ORG_REGION.id, name: ORG_REGION.name }],
            collaborating: [{ id: ORG_UNION.id, name: ORG_UNION.name }],
          },
        ],
        stances: [
          {
            organisationId: ORG_REGION.id,
            organisationName: ORG_REGION.name,
            value: "support",
            reason: "",
            givenByName: "Deltagare Dan",
            givenAt: "2026-11-18T09:00:00.000Z",
            isCurrent: true,
          },
          {
            organisationId: ORG_UNION.id,
            organisationName: ORG_UNION.name,
            value: "object",
            reason: "Halveringen kräver fler utbildningsplatser först.",
            givenByName: "Ombud Olle",
            givenAt: "2026-11-18T10:00:00.000Z",
            isCurrent: true,
          },
        ],
        threads: [
          {
            anchorKind: "text",
            anchorPart: "goal",
            quote: "halveras",
            isResolved: false,
            comments: [
              { authorName: "Ombud Olle", organisationName: ORG_UNION.name, createdAt: "2026-11-17T08:00:00.000Z", body: "Till vilket år?" },
              { authorName: "Facilitator Fia", organisationName: ORG_REGION.name, createdAt: "2026-11-17T09:00:00.000Z", body: "Till 2030." },
            ],
          },
        ],
      },
      {
        id: "00000000-0000-4000-8000-0000000000d2",
        title: "Åldrande befolkning",
        description: "En äldre befolkning ger fler patienter med kroniska sjukdomar.",
        whoClass: "predictable",
        careAreas: ["sjukvard", "halsovard"],
        changePerspectives: [],
        nulage: { doc: docFromPlainText("Andelen äldre ökar."), indicators: [] },
        future: { doc: docFromPlainText(""), indicators: [] },
        goals: [],
        gap: { doc: docFromPlainText("") },
        actions: [],
        stances: [],
        threads: [],
      },
    ],
    dataReleases: [{ id: null, fileName: null, createdAt: null }],
    workshopSummaries: [],
    ...overrides,
  };
  return goalSetExportSchema.parse(goalSet);
}
