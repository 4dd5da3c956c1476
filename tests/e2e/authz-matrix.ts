/**
 * The authorization matrix of RELIABILITY.md test A1: one row per page, route handler and server
 * action that the build (or a 'use server' file) exposes. authz-matrix.spec.ts enumerates them from
 * `.next/server/*-manifest.json` and the sources and fails on any item without a row here, so a new
 * entry point cannot ship without an authorization decision.
 *
 * Dialogue-scoped rows name the policy action of lib/authz/policy.ts AND the least role that may
 * use it; the spec checks that both agree with POLICY, so loosening the policy table breaks the test
 * instead of silently moving the expectations.
 *
 * Every action row carries the form fields the real form sends, filled with live IDs of the demo
 * dialogue (or of probe objects the spec creates in it), so that the allowed role's call succeeds
 * and the only reason a call is refused is authorization.
 */
import type { AccountAction, DialogueAction } from "../../lib/authz/policy";
import type { MemberRole } from "../../lib/model/enums";
import { dateToStockholmLocal } from "../../lib/model/round";

/** Roles in increasing privilege; a dialogue row allows `minRole` and everything after it. */
export const ROLE_ORDER: readonly MemberRole[] = ["observer", "participant", "facilitator"];

export function rolesFrom(minRole: MemberRole): MemberRole[] {
  return ROLE_ORDER.slice(ROLE_ORDER.indexOf(minRole));
}

export function rolesBelow(minRole: MemberRole): MemberRole[] {
  return ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(minRole));
}

/** Live IDs and values the spec discovers or creates before it calls anything. */
export interface Fixture {
  /** The demo dialogue. */
  dialogueId: string;
  /** A seeded driver of the demo dialogue (pages) and its WHO class. */
  driverId: string;
  /** A named version of the seeded driver (the version page). */
  versionId: string;
  /** A named version of the probe driver (restoreDriverVersionAction). */
  probeVersionId: string;
  /** An agreement of the whole goal set (its pages), made by the facilitator in set-up. */
  agreementId: string;
  /** A workshop the facilitator created in set-up; its agenda holds the seeded and the probe driver. */
  workshopId: string;
  /** A driver the positive control created in the demo dialogue; driver-scoped actions target it. */
  probeDriverId: string;
  probeWhoClass: string;
  /** The drivers of the probe driver's WHO group, in their current order (refreshed by the spec). */
  probeGroupOrder: string[];
  /** An organisation the positive control created and added to the dialogue. */
  probeOrganisationId: string;
  /** An organisation taking part in the dialogue, for invitations. */
  participatingOrganisationId: string;
  /** The membership of the person the positive control invited (an observer). */
  probeMemberId: string;
  /** An indicator of the catalogue. */
  indicatorId: string;
  /** An indicator a composite index can score (a better direction, county figures). */
  scorableIndicatorId: string;
  /** A saved composite index the positive control created in the demo dialogue. */
  probeIndexId: string;
  /** A comment thread on the probe driver (a participant's), its first comment and a reply. */
  probeThreadId: string;
  probeCommentId: string;
  probeReplyId: string;
  /** A round on the probe driver, planned far ahead so that it locks nothing (extend, close, reopen). */
  probeRoundId: string;
  /** The demo participant's organisation, invited to the probe rounds. */
  invitedOrganisationId: string;
  /** Any organisation of the register (for creating a dialogue). */
  registerOrganisationId: string;
  /** A demo user's id, as the login page's one-click form sends it. */
  demoUserId: string;
  /** The dialogue's current settings, resent unchanged by updateDialogueAction. */
  settings: {
    planningQuestion: string;
    description: string;
    regionCodes: string[];
    horizonFrom: string;
    horizonTo: string;
    status: string;
  };
}

/** Form fields in order; an array value becomes repeated fields (checkbox groups). */
export type Fields = Record<string, string | string[]>;

/**
 * How the React client calls the action: `useActionState` forms call `(previousState, formData)`,
 * plain `<form action>` forms call `(formData)`, and client code may pass one plain object.
 */
export type Params = "state+formData" | "formData" | "object";

export interface Call {
  params: Params;
  /** `text` is unique per call; it goes into every free-text field so a write would be visible. */
  fields: (f: Fixture, text: string) => Fields;
}

export type ActionRule =
  | {
      access: "dialogue";
      policy: DialogueAction;
      minRole: MemberRole;
      /** The nested object the action addresses, loaded through its dialogue. */
      nested: "dialogue" | "driver" | "member" | "compositeIndex" | "thread" | "comment" | "round" | "workshop";
      /**
       * The refusal when a member of another dialogue names their own dialogue and this one's
       * nested IDs (default "not_found").
       */
      otherDialogueCode?: "not_found" | "invalid_input";
      /** What an allowed call changes, as the spec's positive control sees it. */
      writes: string;
      call: Call;
    }
  | { access: "signedIn"; why: string; writes: string; call: Call }
  | { access: "public"; why: string; call: Call };

export type PageRule =
  | { access: "public"; why: string; path: string; signedInRedirect?: string; markersAllowed?: string }
  | { access: "redirect"; why: string; path: string }
  | { access: "signedIn"; why: string; path: string }
  | { access: "dialogue"; policy: DialogueAction; minRole: MemberRole; path: string; shows: "planningQuestion" | "driverTitle" | null }
  /**
   * Outside any dialogue, for users who facilitate at least one (ACCOUNT_POLICY in
   * lib/authz/policy.ts): 404 for the other demo roles, 200 for the demo facilitator and for the
   * outsider once they facilitate a dialogue of their own.
   */
  | { access: "facilitatorSomewhere"; policy: AccountAction; why: string; path: string }
  | { access: "framework"; why: string; path: string; status: number };

export type RouteRule =
  | {
      access: "public";
      why: string;
      probes: { path: string; status: number; location?: string; json?: unknown }[];
    }
  | {
      /**
       * A JSON route of one dialogue: 401 signed out, 404 for non-members, 403 below `minRole`,
       * 200 from it up. A POST also refuses a foreign and a missing Origin; `body` says what it sends.
       */
      access: "dialogue";
      policy: DialogueAction;
      minRole: MemberRole;
      method: "GET" | "POST";
      path: string;
      /**
       * The object below the dialogue the path names (filled from the fixture). A member of another
       * dialogue naming it through their own dialogue gets 404, not their own dialogue's data.
       */
      nested?: "driver" | "thread" | "round";
      /** For POST: an import file (denied calls commit it; the allowed call only previews it). */
      body?: "import";
      writes: string;
    }
  | {
      /**
       * A POST outside any dialogue for users who facilitate at least one: 401 signed out, 403 for
       * the demo participant and observer (they facilitate nothing); a foreign or missing Origin is
       * refused. Denied callers send a valid file; the allowed ones a file of the wrong version,
       * which is answered (200, its error listed) and writes nothing.
       */
      access: "facilitatorSomewhere";
      policy: AccountAction;
      why: string;
      method: "POST";
      path: string;
      writes: string;
    };

/** Dynamic segments of the manifests' paths, filled from the fixture. */
/** The IDs a page path can name. */
export type PathIds = Pick<Fixture, "dialogueId" | "driverId" | "versionId"> & Partial<Pick<Fixture, "probeThreadId" | "probeRoundId" | "agreementId" | "workshopId">>;

export function segmentValue(name: string, f: PathIds): string {
  switch (name) {
    case "versionId":
      return f.versionId;
    case "dialogueId":
      return f.dialogueId;
    case "driverId":
      return f.driverId;
    case "agreementId":
      if (!f.agreementId) throw new Error("authz-matrix.ts: no agreement for [agreementId]");
      return f.agreementId;
    case "workshopId":
      if (!f.workshopId) throw new Error("authz-matrix.ts: no workshop for [workshopId]");
      return f.workshopId;
    case "threadId":
      if (!f.probeThreadId) throw new Error("authz-matrix.ts: no probe thread for [threadId]");
      return f.probeThreadId;
    case "roundId":
      if (!f.probeRoundId) throw new Error("authz-matrix.ts: no probe round for [roundId]");
      return f.probeRoundId;
    case "token":
      return "authz-matrix-not-an-invitation-token";
    case "...nextauth":
      return "providers";
    default:
      throw new Error(`authz-matrix.ts: no value for the dynamic segment [${name}]`);
  }
}

// ---------------------------------------------------------------------------------------------
// Pages (keys exactly as in .next/server/app-paths-manifest.json)
// ---------------------------------------------------------------------------------------------

export const PAGES: Record<string, PageRule> = {
  "/page": { access: "redirect", why: "Sends signed-in users to /dialogues, others to /login", path: "/" },
  "/login/page": {
    access: "public",
    why: "Sign-in",
    path: "/login",
    signedInRedirect: "/dialogues",
  },
  "/login/verify/page": { access: "public", why: "Sign-in code entry", path: "/login/verify?email=authz%40example.org" },
  "/invite/[token]/page": {
    access: "public",
    why: "The invitation token is the credential; an unknown token shows only 'invalid'",
    path: "/invite/[token]",
  },
  "/outbox/page": {
    access: "public",
    why: "Demo mode's mail viewer (404 outside demo mode)",
    path: "/outbox",
    markersAllowed: "shows every mail, including invitations that name the dialogue (demo mode only)",
  },
  "/_not-found/page": { access: "framework", why: "Next's 404 page", path: "/_not-found", status: 404 },
  "/_global-error/page": { access: "framework", why: "Next's error boundary page", path: "/_global-error", status: 500 },
  "/(workspace)/dialogues/page": {
    access: "signedIn",
    why: "The user's own dialogues only (listMyDialogues joins on membership)",
    path: "/dialogues",
  },
  "/(workspace)/dialogues/import/page": {
    access: "facilitatorSomewhere",
    policy: "goalSet.import",
    why: "Only facilitators import a goal set as a new dialogue; shows only the public organisation register",
    path: "/dialogues/import",
  },
  "/(workspace)/dialogues/new/page": {
    access: "signedIn",
    why: "Anyone signed in may start a dialogue; shows only the public organisation register",
    path: "/dialogues/new",
  },
  "/(workspace)/dialogues/[dialogueId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/members/page": {
    access: "dialogue",
    policy: "member.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/members",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/settings/page": {
    access: "dialogue",
    policy: "dialogue.update",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/settings",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/new/page": {
    access: "dialogue",
    policy: "driver.create",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/drivers/new",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/drivers/[driverId]",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/drivers/[driverId]/versions",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/[versionId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/drivers/[driverId]/versions/[versionId]",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/agreements/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/agreements",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/agreements/[agreementId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/agreements/[agreementId]",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/agreements/[agreementId]/drivers/[driverId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/agreements/[agreementId]/drivers/[driverId]",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/[workshopId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops/[workshopId]",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/[workshopId]/activity/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops/[workshopId]/activity",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/[workshopId]/record/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops/[workshopId]/record",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/[workshopId]/live/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops/[workshopId]/live",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/workshops/[workshopId]/projector/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/workshops/[workshopId]/projector",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/indicators/import/page": {
    access: "dialogue",
    policy: "indicator.import",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/indicators/import",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/indicators/compare/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/indicators/compare?indicator=hired_staff_nurses",
    shows: "planningQuestion",
  },
  "/(workspace)/dialogues/[dialogueId]/rounds/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/rounds",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/rounds/new/page": {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/rounds/new",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/rounds/[roundId]/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/rounds/[roundId]",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/export/page": {
    access: "dialogue",
    policy: "goalSet.export",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/export",
    shows: "driverTitle",
  },
  "/(workspace)/dialogues/[dialogueId]/audit/page": {
    access: "dialogue",
    policy: "audit.read",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/audit",
    shows: null,
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/stances/page": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    path: "/dialogues/[dialogueId]/drivers/[driverId]/stances",
    shows: "driverTitle",
  },
  "/(workspace)/todo/page": {
    access: "signedIn",
    why: "What waits for the user's own organisation, in dialogues they may read (listTodo joins on membership)",
    path: "/todo",
  },
  "/(workspace)/inbox/page": {
    access: "signedIn",
    why: "The user's own notifications only (listInbox filters on the recipient and re-checks dialogue.read)",
    path: "/inbox",
  },
  "/(workspace)/settings/notifications/page": {
    access: "signedIn",
    why: "The user's own notification settings",
    path: "/settings/notifications",
  },
  "/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/edit/page": {
    access: "dialogue",
    policy: "driver.update",
    minRole: "facilitator",
    path: "/dialogues/[dialogueId]/drivers/[driverId]/edit",
    shows: "driverTitle",
  },
};

// ---------------------------------------------------------------------------------------------
// Route handlers
// ---------------------------------------------------------------------------------------------

export const ROUTES: Record<string, RouteRule> = {
  "/api/dialogues/import/route": {
    access: "facilitatorSomewhere",
    policy: "goalSet.import",
    why: "Imports a goal-set JSON export as a new dialogue of the caller's",
    method: "POST",
    path: "/api/dialogues/import",
    writes: "a new dialogue (only for a clean file)",
  },
  "/api/health/route": {
    access: "public",
    why: "Load-balancer readiness; says nothing about data",
    // The e2e server runs on PostgreSQL when DATABASE_URL is set (CI), else on embedded PGlite.
    probes: [{ path: "/api/health", status: 200, json: { status: "ok", db: process.env.DATABASE_URL ? "postgres" : "pglite" } }],
  },
  "/api/auth/[...nextauth]/route": {
    access: "public",
    why: "Auth.js endpoints; the e-mail callback checks the code before Auth.js sees it",
    probes: [
      { path: "/api/auth/providers", status: 200 },
      { path: "/api/auth/session", status: 200 },
      // A guessed code is refused before Auth.js sees it ({who} is a fresh address per caller).
      {
        path: "/api/auth/callback/email?email={who}%40example.org&token=000000",
        status: 303,
        location: "/login/verify?email={who}%40example.org&error=invalid",
      },
    ],
  },
  "/api/dialogues/[dialogueId]/indicators/version/route": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/indicators/version",
    writes: "nothing (the newest release id, polled by open pages)",
  },
  "/api/dialogues/[dialogueId]/indicators/gap/route": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/indicators/gap?key=hired_staff_nurses%7C03",
    writes: "nothing (what gap chips compute from)",
  },
  "/api/dialogues/[dialogueId]/drivers/[driverId]/threads/route": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/drivers/[driverId]/threads?filter=all",
    nested: "driver",
    writes: "nothing (a driver's threads, re-read by open pages after a reconnect)",
  },
  "/api/dialogues/[dialogueId]/threads/[threadId]/comments/route": {
    access: "dialogue",
    policy: "dialogue.read",
    minRole: "observer",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/threads/[threadId]/comments",
    nested: "thread",
    writes: "nothing (a page of a thread's comments)",
  },
  "/api/dialogues/[dialogueId]/export/route": {
    access: "dialogue",
    policy: "goalSet.export",
    minRole: "observer",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/export?format=json&language=sv&source=draft&include=comments",
    writes: "nothing (the goal set as a file)",
  },
  "/api/dialogues/[dialogueId]/rounds/[roundId]/matrix.csv/route": {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    method: "GET",
    path: "/api/dialogues/[dialogueId]/rounds/[roundId]/matrix.csv",
    nested: "round",
    writes: "nothing (the response matrix as CSV)",
  },
  "/api/dialogues/[dialogueId]/indicators/import/route": {
    access: "dialogue",
    policy: "indicator.import",
    minRole: "facilitator",
    method: "POST",
    path: "/api/dialogues/[dialogueId]/indicators/import",
    body: "import",
    writes: "a data release with its values (mode=commit)",
  },
};

// ---------------------------------------------------------------------------------------------
// Server actions (keys are `${filename}#${exportedName}`, as in server-reference-manifest.json)
// ---------------------------------------------------------------------------------------------

const DIALOGUE_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/actions.ts";
const DRIVER_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions.ts";
const VERSION_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/actions.ts";
const COMPARE_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions.ts";
const AGREEMENT_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/agreements/actions.ts";
const COMMENT_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions.ts";
const SUGGESTION_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/suggestion-actions.ts";

/**
 * Suggestions need an open suggestion round on the driver (and, to decide, a suggestion): the
 * authorization is decided before either is looked up, so the denials need neither, and the
 * suggestion ID names none. The allowed path is tests/e2e/suggestions.spec.ts and
 * tests/integration/suggestions.test.ts.
 */
const NO_SUGGESTION_ID = "00000000-0000-4000-8000-000000000000";

const ROUND_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/rounds/actions.ts";
const WORKSHOP_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/workshops/actions.ts";

const workshopRef = (f: Fixture) => ({ dialogueId: f.dialogueId, workshopId: f.workshopId });

/**
 * Private writing and dot voting (issue 9, parts 3 and 4) address a prompt, an answer or a vote of
 * the workshop: the authorization is decided before any of them is looked up, so the denials need
 * none, and these IDs name none. The allowed paths are tests/e2e/workshop-activity.spec.ts and
 * tests/integration/workshop-activity.test.ts.
 */
const WORKSHOP_ACTIVITY_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/workshops/activity-actions.ts";
const NO_ACTIVITY_ID = "00000000-0000-4000-8000-000000000001";

const DAY_MS = 86_400_000;

/** A `datetime-local` value `days` from now, in Swedish time as the round forms send it. */
export function daysFromNow(days: number): string {
  return dateToStockholmLocal(new Date(Date.now() + days * DAY_MS));
}

const roundRef = (f: Fixture) => ({ dialogueId: f.dialogueId, roundId: f.probeRoundId });

const driverRef = (f: Fixture) => ({ dialogueId: f.dialogueId, driverId: f.probeDriverId });

const driverFields = (f: Fixture, text: string): Fields => ({
  title: text,
  description: `${text} description`,
  whoClass: f.probeWhoClass,
  careAreas: ["sjukvard"],
  changePerspectives: [],
});

const indexRef = (f: Fixture) => ({ dialogueId: f.dialogueId, indexId: f.probeIndexId });

/** A composite index as its form sends it: one aspect of one indicator, named after `text`. */
const indexFields = (f: Fixture, text: string): Fields => ({
  name: text.slice(0, 120),
  "aspects.0.name": `${text} aspect`.slice(0, 120),
  "aspects.0.indicatorIds": [f.scorableIndicatorId],
});

export const ACTIONS: Record<string, ActionRule> = {
  // --- the dialogue and its drivers --------------------------------------------------------------
  [`${DIALOGUE_ACTIONS_FILE}#updateDialogueAction`]: {
    access: "dialogue",
    policy: "dialogue.update",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "the description on the overview",
    call: {
      params: "state+formData",
      fields: (f, text) => ({
        dialogueId: f.dialogueId,
        planningQuestion: f.settings.planningQuestion,
        description: text,
        regionCodes: f.settings.regionCodes,
        horizonFrom: f.settings.horizonFrom,
        horizonTo: f.settings.horizonTo,
        status: f.settings.status,
      }),
    },
  },
  [`${DIALOGUE_ACTIONS_FILE}#createDriverAction`]: {
    access: "dialogue",
    policy: "driver.create",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a new driver on the overview",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, ...driverFields(f, text) }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#moveDriverAction`]: {
    access: "dialogue",
    policy: "driver.reorder",
    minRole: "facilitator",
    nested: "driver",
    writes: "the order of drivers on the overview",
    call: { params: "state+formData", fields: (f) => ({ ...driverRef(f), direction: "up" }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#reorderDriversAction`]: {
    access: "dialogue",
    policy: "driver.reorder",
    minRole: "facilitator",
    nested: "driver",
    // The list must be exactly a group of this dialogue: a foreign ID is "invalid", the same answer
    // as for an unknown one, so nothing leaks.
    otherDialogueCode: "invalid_input",
    writes: "the order of one WHO group (drag and drop)",
    // The probe driver first, so that a call that got through would visibly move it.
    call: {
      params: "object",
      fields: (f) => ({
        dialogueId: f.dialogueId,
        driverIds: [f.probeDriverId, ...f.probeGroupOrder.filter((id) => id !== f.probeDriverId)],
      }),
    },
  },
  [`${DRIVER_ACTIONS_FILE}#updateDriverAction`]: {
    access: "dialogue",
    policy: "driver.update",
    minRole: "facilitator",
    nested: "driver",
    writes: "the driver's title",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), ...driverFields(f, text) }) },
  },
  [`${DRIVER_ACTIONS_FILE}#deleteDriverAction`]: {
    access: "dialogue",
    policy: "driver.delete",
    minRole: "facilitator",
    nested: "driver",
    writes: "the driver disappears",
    call: { params: "state+formData", fields: (f) => ({ ...driverRef(f), confirm: "yes" }) },
  },

  // --- a driver's evidence (facilitators) ------------------------------------------------------------
  // Which indicators back nuläge and förväntad framtid frames the dialogue, so only facilitators link
  // them (issue 5); a participant, who may write the driver's texts, is refused like an observer.
  [`${DRIVER_ACTIONS_FILE}#setDriverIndicatorsAction`]: {
    access: "dialogue",
    policy: "indicator.link",
    minRole: "facilitator",
    nested: "driver",
    writes: "the indicators linked to nuläge",
    call: { params: "state+formData", fields: (f) => ({ ...driverRef(f), part: "nulage", indicatorIds: [f.indicatorId] }) },
  },

  // --- saved composite indexes (facilitators) --------------------------------------------------------
  // An index the whole dialogue reads is evidence that frames it (issue 5: "a facilitator can build
  // one"), so participants and observers open saved indexes but are refused building them.
  [`${COMPARE_ACTIONS_FILE}#createCompositeIndexAction`]: {
    access: "dialogue",
    policy: "compositeIndex.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a new saved index in the comparison page's list",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, ...indexFields(f, text) }) },
  },
  [`${COMPARE_ACTIONS_FILE}#updateCompositeIndexAction`]: {
    access: "dialogue",
    policy: "compositeIndex.manage",
    minRole: "facilitator",
    nested: "compositeIndex",
    writes: "the probe index's name and aspects",
    call: { params: "state+formData", fields: (f, text) => ({ ...indexRef(f), ...indexFields(f, text) }) },
  },
  [`${COMPARE_ACTIONS_FILE}#deleteCompositeIndexAction`]: {
    access: "dialogue",
    policy: "compositeIndex.manage",
    minRole: "facilitator",
    nested: "compositeIndex",
    writes: "the probe index disappears",
    call: { params: "state+formData", fields: (f) => indexRef(f) },
  },

  // --- a driver's content (facilitators and participants) -----------------------------------------
  // Texts, goal statements and gap actions are edited through the live document (the collaboration
  // websocket authorizes each connection); named versions remain server actions.

  // --- named versions of a driver (facilitators and participants) --------------------------------------
  [`${VERSION_ACTIONS_FILE}#saveDriverVersionAction`]: {
    access: "dialogue",
    policy: "driverContent.update",
    minRole: "participant",
    nested: "driver",
    writes: "a named version of the probe driver",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), name: text.slice(0, 120), note: text }) },
  },
  [`${VERSION_ACTIONS_FILE}#restoreDriverVersionAction`]: {
    access: "dialogue",
    policy: "driverContent.update",
    minRole: "participant",
    nested: "driver",
    writes: "the probe driver's live content (replaced by the version's)",
    call: { params: "state+formData", fields: (f) => ({ ...driverRef(f), versionId: f.probeVersionId }) },
  },

  // --- rounds and stances (issue 7) ------------------------------------------------------------
  // The rows' rounds are planned far ahead so that they lock nothing while the matrix runs; the
  // positive control opens a stance round on the probe driver last (it locks its texts).
  [`${ROUND_ACTIONS_FILE}#createRoundAction`]: {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a round on the probe driver (its banner and the rounds list)",
    call: {
      params: "state+formData",
      fields: (f, text) => ({
        dialogueId: f.dialogueId,
        kind: "comment",
        title: text.slice(0, 200),
        instructions: text,
        driverIds: [f.probeDriverId],
        organisationIds: [f.invitedOrganisationId],
        opensAt: daysFromNow(300),
        closesAt: daysFromNow(301),
      }),
    },
  },
  [`${ROUND_ACTIONS_FILE}#extendRoundAction`]: {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    nested: "round",
    writes: "the probe round's deadline",
    call: { params: "state+formData", fields: (f) => ({ ...roundRef(f), closesAt: daysFromNow(302) }) },
  },
  [`${ROUND_ACTIONS_FILE}#closeRoundAction`]: {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    nested: "round",
    writes: "the probe round is closed",
    call: { params: "state+formData", fields: (f) => ({ ...roundRef(f), confirm: "yes" }) },
  },
  [`${ROUND_ACTIONS_FILE}#reopenRoundAction`]: {
    access: "dialogue",
    policy: "round.manage",
    minRole: "facilitator",
    nested: "round",
    writes: "a new round after the closed probe round",
    call: { params: "state+formData", fields: (f) => ({ ...roundRef(f), opensAt: daysFromNow(310), closesAt: daysFromNow(311) }) },
  },
  [`${ROUND_ACTIONS_FILE}#giveStanceAction`]: {
    access: "dialogue",
    policy: "stance.give",
    minRole: "participant",
    nested: "driver",
    writes: "the participant organisation's stance on the probe driver",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), value: "object", reason: text }) },
  },

  // --- agreed versions (facilitators): only ever added; no action changes or removes one -------------
  [`${AGREEMENT_ACTIONS_FILE}#createAgreementAction`]: {
    access: "dialogue",
    policy: "agreement.create",
    minRole: "facilitator",
    nested: "driver",
    writes: "an agreement of the probe driver (the action then redirects to it)",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), note: text }) },
  },

  // --- workshops and their agendas (issue 9; facilitators) ------------------------------------------
  // The set-up's workshop has the seeded and the probe driver on its agenda, in that order.
  [`${WORKSHOP_ACTIONS_FILE}#createWorkshopAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a workshop in the list (the action then redirects to its agenda)",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, title: text.slice(0, 200), plannedFor: daysFromNow(30) }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#setAgendaAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the agenda's drivers and timeboxes (its total time)",
    call: {
      params: "state+formData",
      fields: (f) => ({ ...workshopRef(f), driverIds: [f.driverId, f.probeDriverId], [`timebox.${f.driverId}`]: "20", [`timebox.${f.probeDriverId}`]: "25" }),
    },
  },
  [`${WORKSHOP_ACTIONS_FILE}#moveAgendaItemAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the agenda's order (the probe driver a place up)",
    call: { params: "state+formData", fields: (f) => ({ ...workshopRef(f), driverId: f.probeDriverId, direction: "up" }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#applySuggestedOrderAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the agenda's order (as the suggestion the form carries)",
    call: { params: "state+formData", fields: (f) => ({ ...workshopRef(f), driverIds: [f.probeDriverId, f.driverId] }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#reorderAgendaAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the agenda's order (drag and drop)",
    call: { params: "object", fields: (f) => ({ ...workshopRef(f), driverIds: [f.probeDriverId, f.driverId] }) },
  },
  // The live session (issue 9, part 2): called from the console's client code. The positive
  // controls start the set-up's workshop, point it at the probe driver, run its timer, lock and
  // unlock the probe driver's nuläge, and end the session.
  [`${WORKSHOP_ACTIONS_FILE}#sessionStatusAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the workshop's status (its page says it)",
    call: { params: "object", fields: (f) => ({ ...workshopRef(f), command: "start" }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#setFocusAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "what everyone follows (the participant view shows the probe driver's nuläge)",
    call: { params: "object", fields: (f) => ({ ...workshopRef(f), driverId: f.probeDriverId, part: "nulage" }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#timerAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the shared timer (started)",
    call: { params: "object", fields: (f) => ({ ...workshopRef(f), timer: "start" }) },
  },
  [`${WORKSHOP_ACTIONS_FILE}#lockAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "a lock on the probe driver's nuläge (its page says who locked it)",
    call: { params: "object", fields: (f) => ({ ...workshopRef(f), driverId: f.probeDriverId, scope: "nulage", locked: "true" }) },
  },

  // --- private writing and dot voting (issue 9; facilitators run them, participants take part) -----
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#openPromptAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "a prompt in the workshop's activity",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), question: text.slice(0, 500) }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#saveAnswerAction`]: {
    access: "dialogue",
    policy: "workshop.participate",
    minRole: "participant",
    nested: "workshop",
    writes: "the participant's private answer to the open prompt",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), promptId: NO_ACTIVITY_ID, body: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#closePromptAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the prompt's status (closed for answers)",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), promptId: NO_ACTIVITY_ID, note: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#revealPromptAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the prompt's answers shown to everyone",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), promptId: NO_ACTIVITY_ID, anonymous: "on", note: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#useAnswerAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "a goal, action or thread on a driver made from an answer",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), answerId: NO_ACTIVITY_ID, use: "comment", driverId: f.probeDriverId, note: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#openVoteAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "a dot vote in the workshop's activity",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), title: text.slice(0, 300), targetKind: "driver", mode: "participant", dotsPerVoter: "3" }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#castVoteAction`]: {
    access: "dialogue",
    policy: "workshop.participate",
    minRole: "participant",
    nested: "workshop",
    writes: "the participant's dots in the open vote",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), voteId: NO_ACTIVITY_ID, [`dots.${f.probeDriverId}`]: "1", note: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#closeVoteAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the vote's status (closed)",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), voteId: NO_ACTIVITY_ID, note: text }) },
  },
  [`${WORKSHOP_ACTIVITY_ACTIONS_FILE}#revealVoteAction`]: {
    access: "dialogue",
    policy: "workshop.manage",
    minRole: "facilitator",
    nested: "workshop",
    writes: "the vote's results shown to everyone",
    call: { params: "state+formData", fields: (f, text) => ({ ...workshopRef(f), voteId: NO_ACTIVITY_ID, note: text }) },
  },

  // --- comment threads (participants and facilitators; observers where the dialogue allows) ---------
  // Editing, deleting and resolving are further limited to the author (and, for resolving, to
  // facilitators): the service checks that, and tests/integration/comments.test.ts tests it.
  [`${COMMENT_ACTIONS_FILE}#createThreadAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "driver",
    writes: "a thread on the probe driver's page",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, driverId: f.probeDriverId, "anchor.kind": "driver", body: text }) },
  },
  [`${COMMENT_ACTIONS_FILE}#replyToThreadAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "thread",
    writes: "a reply in the probe thread",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, threadId: f.probeThreadId, body: text }) },
  },
  [`${COMMENT_ACTIONS_FILE}#editCommentAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "comment",
    writes: "the probe thread's first comment",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, commentId: f.probeCommentId, body: text }) },
  },
  [`${COMMENT_ACTIONS_FILE}#deleteCommentAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "comment",
    writes: "the probe reply disappears",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, commentId: f.probeReplyId }) },
  },
  [`${COMMENT_ACTIONS_FILE}#toggleReactionAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "comment",
    writes: "a reaction on the probe thread's first comment",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, commentId: f.probeCommentId, reaction: "heart" }) },
  },
  [`${COMMENT_ACTIONS_FILE}#setThreadResolvedAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "thread",
    writes: "the probe thread leaves the open threads",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, threadId: f.probeThreadId, resolved: "true" }) },
  },

  // --- suggestions in a suggestion round (issue 7) -------------------------------------------------
  // Only in a suggestion round open on the driver and for an invited organisation: the service
  // checks those after the policy, and tests/integration/suggestions.test.ts tests them.
  [`${SUGGESTION_ACTIONS_FILE}#createSuggestionAction`]: {
    access: "dialogue",
    policy: "suggestion.create",
    minRole: "participant",
    nested: "driver",
    writes: "a suggestion on the probe driver's page (during a suggestion round)",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), itemKind: "goal", itemId: NO_SUGGESTION_ID, proposedText: text }) },
  },
  [`${SUGGESTION_ACTIONS_FILE}#decideSuggestionAction`]: {
    access: "dialogue",
    policy: "suggestion.decide",
    minRole: "facilitator",
    nested: "driver",
    writes: "a suggestion's status, and for an accepted one the probe driver's live text",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), suggestionId: NO_SUGGESTION_ID, decision: "reject", reason: text }) },
  },
  [`${SUGGESTION_ACTIONS_FILE}#commentOnSuggestionAction`]: {
    access: "dialogue",
    policy: "comment.create",
    minRole: "participant",
    nested: "driver",
    writes: "a comment under a suggestion on the probe driver's page",
    call: { params: "state+formData", fields: (f, text) => ({ ...driverRef(f), suggestionId: NO_SUGGESTION_ID, body: text }) },
  },

  // --- members and organisations (facilitators) ----------------------------------------------------
  [`${DIALOGUE_ACTIONS_FILE}#inviteMemberAction`]: {
    access: "dialogue",
    policy: "member.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a pending invitation and a mail in the outbox",
    call: {
      params: "state+formData",
      fields: (f, text) => ({
        dialogueId: f.dialogueId,
        email: `${text}@example.org`,
        name: text,
        organisationId: f.participatingOrganisationId,
        role: "observer",
      }),
    },
  },
  [`${DIALOGUE_ACTIONS_FILE}#changeMemberRoleAction`]: {
    access: "dialogue",
    policy: "member.manage",
    minRole: "facilitator",
    nested: "member",
    writes: "the member's role",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, memberId: f.probeMemberId, role: "participant" }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#removeMemberAction`]: {
    access: "dialogue",
    policy: "member.manage",
    minRole: "facilitator",
    nested: "member",
    writes: "the member disappears",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, memberId: f.probeMemberId }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#createOrganisationAction`]: {
    access: "dialogue",
    policy: "organisation.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "a new organisation in the dialogue",
    call: { params: "state+formData", fields: (f, text) => ({ dialogueId: f.dialogueId, name: text, type: "annan", regionCode: "" }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#addDialogueOrganisationAction`]: {
    access: "dialogue",
    policy: "organisation.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "the organisation joins the dialogue",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, organisationId: f.probeOrganisationId }) },
  },
  [`${DIALOGUE_ACTIONS_FILE}#removeDialogueOrganisationAction`]: {
    access: "dialogue",
    policy: "organisation.manage",
    minRole: "facilitator",
    nested: "dialogue",
    writes: "the organisation leaves the dialogue",
    call: { params: "state+formData", fields: (f) => ({ dialogueId: f.dialogueId, organisationId: f.probeOrganisationId }) },
  },

  // --- not dialogue-scoped ---------------------------------------------------------------------
  "app/(workspace)/inbox/actions.ts#markNotificationReadAction": {
    access: "signedIn",
    why: "Marks one of the caller's own notifications read (markRead: anyone else's ID is not_found)",
    writes: "the caller's own notification's read time",
    call: { params: "state+formData", fields: () => ({ notificationId: crypto.randomUUID() }) },
  },
  "app/(workspace)/inbox/actions.ts#markAllNotificationsReadAction": {
    access: "signedIn",
    why: "Marks the caller's own notifications read",
    writes: "the caller's own notifications' read times",
    call: { params: "state+formData", fields: () => ({}) },
  },
  "app/(workspace)/settings/notifications/actions.ts#updateNotificationSettingsAction": {
    access: "signedIn",
    why: "The caller's own notification settings",
    writes: "the caller's own settings and mail language",
    call: { params: "state+formData", fields: () => ({ level: "mentions_and_replies", emailMode: "immediate" }) },
  },
  "app/(workspace)/dialogues/actions.ts#createDialogueAction": {
    access: "signedIn",
    why: "Anyone signed in may start a dialogue and becomes its facilitator",
    writes: "a new dialogue in the creator's list",
    call: {
      params: "state+formData",
      fields: (f, text) => ({
        planningQuestion: text,
        description: "",
        regionCodes: [],
        horizonFrom: "2025",
        horizonTo: "2035",
        status: "draft",
        organisationId: f.registerOrganisationId,
      }),
    },
  },
  "app/actions.ts#setLocaleAction": {
    access: "public",
    why: "Language switcher in every page header, signed in or not (same-origin only)",
    call: { params: "formData", fields: () => ({ locale: "en" }) },
  },
  "app/actions.ts#signOutAction": {
    access: "public",
    why: "Ends the caller's own session, if any (same-origin only)",
    call: { params: "formData", fields: () => ({}) },
  },
  "app/invite/[token]/actions.ts#acceptInvitationAction": {
    access: "public",
    why: "The invitation token is the credential (same-origin only)",
    call: { params: "formData", fields: () => ({ token: "authz-matrix-not-an-invitation-token" }) },
  },
  "app/login/actions.ts#requestCodeAction": {
    access: "public",
    why: "Sign-in step 1 (rate-limited, same-origin only)",
    call: { params: "state+formData", fields: (_f, text) => ({ email: `${text}@example.org` }) },
  },
  "app/login/actions.ts#verifyCodeAction": {
    access: "public",
    why: "Sign-in step 2 (five attempts per code, same-origin only)",
    call: { params: "state+formData", fields: (_f, text) => ({ email: `${text}@example.org`, code: "123456" }) },
  },
  "app/login/actions.ts#demoSignInAction": {
    access: "public",
    why: "Demo mode only: one-click sign-in as a seeded demo user (same-origin only)",
    call: { params: "formData", fields: (f) => ({ userId: f.demoUserId }) },
  },
  "app/login/actions.ts#oidcSignInAction": {
    access: "public",
    why: "Starts an OIDC sign-in with a configured provider (same-origin only)",
    call: { params: "formData", fields: () => ({ provider: "keycloak" }) },
  },
};
