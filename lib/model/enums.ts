/** The closed vocabularies of the model (DOMAIN.md). Labels live in the message files. */
export const ORGANISATION_TYPES = [
  "region",
  "kommun",
  "myndighet",
  "yrkesforbund",
  "larosate",
  "patientorganisation",
  "vardgivare",
  "naringsliv",
  "elevhalsa",
  "forskningsfinansiar",
  "civilsamhalle",
  "annan",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const DIALOGUE_STATUSES = ["draft", "active", "closed"] as const;
export type DialogueStatus = (typeof DIALOGUE_STATUSES)[number];

export const MEMBER_ROLES = ["facilitator", "participant", "observer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** WHO Europe systems analysis (seed 003, Figur 1). */
export const WHO_CLASSES = ["within", "predictable", "uncertain"] as const;
export type WhoClass = (typeof WHO_CLASSES)[number];

export const CARE_AREAS = ["sjukvard", "halsovard", "granslandet"] as const;
export type CareArea = (typeof CARE_AREAS)[number];

/** Kania et al., The water of systems change. */
export const CHANGE_PERSPECTIVES = ["struktur", "relationer", "tankesatt"] as const;
export type ChangePerspective = (typeof CHANGE_PERSPECTIVES)[number];

export const TEXT_PARTS = ["nulage", "future", "gap"] as const;
export type TextPart = (typeof TEXT_PARTS)[number];

/** What a comment thread is attached to: the driver as a whole, a passage of text, or a data point. */
export const COMMENT_ANCHOR_KINDS = ["driver", "text", "data_point"] as const;
export type CommentAnchorKind = (typeof COMMENT_ANCHOR_KINDS)[number];

/** The texts a passage can be quoted from: the three text parts, a goal statement or an action. */
export const COMMENT_TEXT_PARTS = [...TEXT_PARTS, "goal", "action"] as const;
export type CommentTextPart = (typeof COMMENT_TEXT_PARTS)[number];

/** The reactions a comment can get (one of each per person); the UI names each in words too. */
export const COMMENT_REACTIONS = ["thumbs_up", "heart", "eyes", "check", "question"] as const;
export type CommentReaction = (typeof COMMENT_REACTIONS)[number];

export const INDICATOR_PARTS = ["nulage", "future"] as const;
export type IndicatorPart = (typeof INDICATOR_PARTS)[number];

export const DRIVER_PARTS = ["nulage", "future", "desired", "gap"] as const;
export type DriverPart = (typeof DRIVER_PARTS)[number];

export const INDICATOR_DIRECTIONS = ["higher_is_better", "lower_is_better", "neutral"] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export const TARGET_DIRECTIONS = ["increase", "decrease", "maintain"] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

export const ACTION_HORIZONS = ["short", "long"] as const;
export type ActionHorizon = (typeof ACTION_HORIZONS)[number];

export const ACTION_LEVELS = ["local", "regional", "national"] as const;
export type ActionLevel = (typeof ACTION_LEVELS)[number];

export const ACTION_CONTROLS = ["own", "collaboration"] as const;
export type ActionControl = (typeof ACTION_CONTROLS)[number];

/** Sweden's 21 regions by county code, and `00` for the whole country (DOMAIN.md). */
export const REGION_CODES = [
  "00", "01", "03", "04", "05", "06", "07", "08", "09", "10", "12",
  "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export const LOCALES = ["sv", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "sv";
