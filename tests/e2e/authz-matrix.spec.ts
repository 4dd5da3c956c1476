/**
 * RELIABILITY.md A1 (with A3's Origin checks): every page, route handler and server action of the
 * BUILD is enumerated and must have a row in authz-matrix.ts; then each is called over HTTP, as the
 * browser calls it, by an anonymous visitor, a signed-in non-member, a member of another dialogue
 * and each member role, and the outcome must match the row.
 *
 * Sessions come from the UI (demo buttons; the e-mail code flow for the non-member), never from
 * the database. Server actions are POSTed with `Next-Action: <id>` and the body React's client
 * sends (see `encodeReply` below), and positive controls prove that the very same encoding reaches
 * the action and writes. "Nothing written" is read through the app's own pages.
 *
 * Self-contained on purpose: no shared fixtures (another engineer owns tests/e2e's fixtures).
 */
import fs from "node:fs";
import path from "node:path";
import {
  expect,
  test,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type Page,
  type PlaywrightWorkerArgs,
} from "@playwright/test";
import { ACCOUNT_POLICY, POLICY } from "../../lib/authz/policy";
import { goalSetFixture } from "../support/goal-set-fixture";
import type { MemberRole } from "../../lib/model/enums";
import { DEMO_USERS } from "./support/demo";
import {
  ACTIONS,
  daysFromNow,
  PAGES,
  ROLE_ORDER,
  ROUTES,
  rolesBelow,
  rolesFrom,
  segmentValue,
  type PathIds,
  type ActionRule,
  type Fields,
  type Fixture,
  type PageRule,
  type Params,
} from "./authz-matrix";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MESSAGES = JSON.parse(fs.readFileSync(path.join(ROOT, "lib/i18n/messages/sv.json"), "utf8"));
const SESSION_COOKIE = "samsyn.session";
const LOCALE_COOKIE = "NEXT_LOCALE";
const EVIL_ORIGIN = "https://evil.example";
/** Unique per run: every free text this spec sends contains it. */
const RUN = `authz${Date.now().toString(36)}`;

// =============================================================================================
// Enumeration: the build's manifests and the 'use server' sources
// =============================================================================================

interface ManifestAction {
  id: string;
  filename: string;
  exportedName: string;
  workers: string[];
}

interface Enumeration {
  pages: string[];
  routes: string[];
  /** `${filename}#${exportedName}` → manifest entry (absent for actions Next dropped). */
  actions: Map<string, ManifestAction | null>;
  /** Source files with an inline (function-level) 'use server'. */
  inlineActionFiles: string[];
  droppedActions: string[];
}

function readJson<T>(relative: string): T {
  const file = path.join(ROOT, relative);
  if (!fs.existsSync(file)) throw new Error(`${relative} is missing: build the app first (npx playwright test builds it)`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) ? [relative] : [];
  });
}

const LEADING_TRIVIA = /^(?:\s+|\/\/[^\n]*\n?|\/\*[\s\S]*?\*\/)*/;
const USE_SERVER = /^["']use server["']/;

/** The runtime exports of a module ('use server' files may export only async functions). */
function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/g)) names.add(match[1]!);
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)) names.add(match[1]!);
  if (/export\s+default\b/.test(source)) names.add("default");
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(",")) {
      const spec = part.trim();
      if (!spec || spec.startsWith("type ")) continue;
      names.add(spec.split(/\s+as\s+/).pop()!.trim());
    }
  }
  return [...names];
}

function enumerate(): Enumeration {
  const appPaths = Object.keys(readJson<Record<string, string>>(".next/server/app-paths-manifest.json"));
  const references = readJson<{ node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> }>(
    ".next/server/server-reference-manifest.json",
  );
  const actions = new Map<string, ManifestAction | null>();
  for (const [id, entry] of Object.entries(references.node)) {
    actions.set(`${entry.filename}#${entry.exportedName}`, {
      id,
      filename: entry.filename,
      exportedName: entry.exportedName,
      workers: Object.keys(entry.workers),
    });
  }
  const inlineActionFiles: string[] = [];
  const droppedActions: string[] = [];
  for (const file of ["app", "components", "lib"].flatMap(sourceFiles)) {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (!source.includes("use server")) continue;
    if (USE_SERVER.test(source.replace(LEADING_TRIVIA, ""))) {
      for (const name of exportedNames(source)) {
        const key = `${file}#${name}`;
        if (!actions.has(key)) {
          actions.set(key, null);
          droppedActions.push(key);
        }
      }
    } else if (/["']use server["']/.test(source)) {
      inlineActionFiles.push(file);
    }
  }
  return {
    pages: appPaths.filter((key) => key.endsWith("/page")),
    routes: appPaths.filter((key) => key.endsWith("/route")),
    actions,
    inlineActionFiles,
    droppedActions,
  };
}

/** "app/(workspace)/dialogues/[dialogueId]/page" or "/(workspace)/…/page" → a URL path. */
function urlFor(appPath: string, f: PathIds): string {
  const segments = appPath
    .replace(/^app\//, "/")
    .replace(/\/(page|route)$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, (_all, name: string) => segmentValue(name, f)));
  return `/${segments.join("/")}`;
}

/** Fills `[name]` placeholders in a matrix path. */
function fillPath(template: string, f: PathIds): string {
  return template.replace(/\[([^\]]+)\]/g, (_all, name: string) => segmentValue(name, f));
}

// =============================================================================================
// Calling server actions as React's client does
// =============================================================================================

/**
 * React's `encodeReply` (react-server-dom-webpack client, the version Next 16 bundles) sends the
 * argument list as a multipart body: the root row in field "0" (`[null,"$K1"]` for
 * `(previousState, formData)`, `["$K1"]` for `(formData)`), and the FormData argument as fields
 * prefixed `_1_` ("$K1" → prefix "_" + 1 + "_", see `case "K"` in the server's decodeReply). The
 * client appends the FormData entries first and "0" last; so do we.
 */
function encodeReply(params: Params, fields: Fields): FormData | string {
  // A plain, JSON-safe object argument needs no form: encodeReply returns the root row as a string
  // (sent as text/plain; our IDs and texts never start with "$", which React would escape).
  if (params === "object") return JSON.stringify([fields]);
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(`_1_${name}`, item);
  }
  body.append("0", JSON.stringify(params === "state+formData" ? [null, "$K1"] : ["$K1"]));
  return body;
}

interface ActionResponse {
  status: number;
  body: string;
  /** `x-action-redirect` target (without ";push"), when the action redirected. */
  redirect: string | null;
  /** The action's return value (an ActionResult for runAction-wrapped actions). */
  result: unknown;
  /** The action threw: the Flight row of the result is an error row. */
  threw: boolean;
  setCookies: string[];
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).filter(([, item]) => item !== "$undefined").map(([key, item]) => [key, dropUndefined(item)]),
    );
  }
  return value;
}

/** Row 0 of an action's Flight response is `{"a":"$@<row>",…}`; that row holds the result. */
function parseActionFlight(body: string): { result: unknown; threw: boolean } {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  const root = rows.get("0");
  if (!root) return { result: undefined, threw: false };
  let reference: unknown;
  try {
    reference = (JSON.parse(root) as { a?: unknown }).a;
  } catch {
    return { result: undefined, threw: false };
  }
  if (typeof reference !== "string" || !reference.startsWith("$@")) return { result: undefined, threw: false };
  const row = rows.get(reference.slice(2));
  if (row === undefined) return { result: undefined, threw: false };
  if (row.startsWith("E")) return { result: undefined, threw: true };
  try {
    return { result: dropUndefined(JSON.parse(row)), threw: false };
  } catch {
    return { result: row, threw: false };
  }
}

// =============================================================================================
// Shared state (one worker runs this file's tests in order)
// =============================================================================================

type Identity = "anonymous" | "outsider" | MemberRole;
const IDENTITIES: readonly Identity[] = ["anonymous", "outsider", ...ROLE_ORDER];

let baseURL = "";
let enumeration: Enumeration;
const contexts: BrowserContext[] = [];
const requests = {} as Record<Identity, APIRequestContext>;
let facilitatorPage: Page;
let fixture: Fixture;
/** The dialogue the outsider created: they are its facilitator, and a non-member of the demo. */
let otherDialogueId = "";
/** Texts that must never appear in a denied response. */
const markers = new Set<string>();
let planningQuestion = "";
let seededDriverTitle = "";
let probeDriverTitle = "";
let probeThreadText = "";
const probeInviteeEmail = `${RUN}-invitee@example.org`;

function action(key: string): { id: string; url: string; rule: ActionRule } {
  const entry = enumeration.actions.get(key);
  if (!entry) throw new Error(`${key} is not in the server-reference manifest`);
  const rule = ACTIONS[key];
  if (!rule) throw new Error(`${key} has no row in authz-matrix.ts`);
  // POST to a page that imports the action (Next would forward from any other page).
  const worker = [...entry.workers].sort(
    (a, b) => (a.match(/\[/g)?.length ?? 0) - (b.match(/\[/g)?.length ?? 0) || a.length - b.length,
  )[0]!;
  return { id: entry.id, url: urlFor(worker, fixture), rule };
}

async function callAction(
  as: Identity | APIRequestContext,
  key: string,
  fields: Fields,
  origin: "same" | "evil" | "none" = "same",
): Promise<ActionResponse> {
  const { id, url, rule } = action(key);
  const headers: Record<string, string> = { "Next-Action": id, Accept: "text/x-component" };
  if (origin === "same") headers.Origin = baseURL;
  if (origin === "evil") headers.Origin = EVIL_ORIGIN;
  const caller = typeof as === "string" ? requests[as] : as;
  const payload = encodeReply(rule.call.params, fields);
  if (typeof payload === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  const response = await caller.post(url, {
    ...(typeof payload === "string" ? { data: payload } : { multipart: payload }),
    headers,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const body = await response.text();
  const redirect = response.headers()["x-action-redirect"]?.split(";")[0] ?? null;
  const parsed = redirect ? { result: undefined, threw: false } : parseActionFlight(body);
  return {
    status: response.status(),
    body,
    redirect,
    ...parsed,
    setCookies: response
      .headersArray()
      .filter((header) => header.name.toLowerCase() === "set-cookie")
      .map((header) => header.value),
  };
}

function describe(response: ActionResponse): string {
  return JSON.stringify({ status: response.status, redirect: response.redirect, result: response.result, threw: response.threw });
}

function expectSucceeded(response: ActionResponse, what: string): void {
  const ok = response.redirect !== null || (response.result as { ok?: unknown } | undefined)?.ok === true;
  expect(ok, `${what} should succeed: ${describe(response)}`).toBe(true);
}

function expectActionResult(response: ActionResponse, code: string, what: string): void {
  expect(response.redirect, `${what}: must not redirect (${describe(response)})`).toBeNull();
  expect(response.result, `${what}: ${describe(response)}`).toMatchObject({ ok: false, code });
}

/** Refused before the action did anything: Next's own Origin check (500) or ours ("forbidden"). */
function expectOriginRefused(response: ActionResponse, what: string): void {
  expect(response.redirect, `${what}: must not redirect (${describe(response)})`).toBeNull();
  const cookies = response.setCookies.filter((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`) || cookie.startsWith(`${LOCALE_COOKIE}=`));
  expect(cookies, `${what}: must not touch session or locale cookies`).toEqual([]);
  if (response.result && typeof response.result === "object") {
    expect(response.result, what).toMatchObject({ ok: false, code: "forbidden" });
  } else {
    expect(response.threw && response.status === 500, `${what}: expected a refusal, got ${describe(response)}`).toBe(true);
  }
}

function leakedMarkers(body: string): string[] {
  return [...markers].filter((marker) => body.includes(marker));
}

function expectNoMarkers(body: string, what: string): void {
  expect(leakedMarkers(body), `${what}: the body leaks dialogue data`).toEqual([]);
}

// --- reading the app as a user ----------------------------------------------------------------

async function html(as: Identity, url: string): Promise<string> {
  const response = await requests[as].get(url, { maxRedirects: 0, failOnStatusCode: false });
  expect(response.status(), `GET ${url} as ${as}`).toBe(200);
  return response.text();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/** Visible text of an HTML fragment. */
function textOf(fragment: string): string {
  return decodeEntities(
    fragment
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/g, " ")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

/** A page's <main>, without its <nav> elements (pagers change when other tests add drivers). */
/** The agenda section of a workshop page: from its heading to the suggested order's. */
function agendaSection(page: string): string {
  return page.split('id="agenda-title"')[1]?.split('id="suggestion-title"')[0] ?? "";
}

/** The drivers on the agenda, in order (their links in the agenda section). */
function agendaOrderOf(page: string): string[] {
  return [...agendaSection(page).matchAll(/\/drivers\/([0-9a-f-]{36})"/g)].map((match) => match[1]!);
}

function mainOf(page: string): string {
  return (/<main\b[^>]*>([\s\S]*?)<\/main>/.exec(page)?.[1] ?? "").replace(/<nav\b[\s\S]*?<\/nav>/g, "");
}

/** The drivers of one WHO group on the overview, in order. */
function groupOrder(overview: string, whoClass: string): string[] {
  const section = new RegExp(`<section[^>]*aria-labelledby="group-${whoClass}"[^>]*>([\\s\\S]*?)</section>`).exec(overview)?.[1] ?? "";
  return [...section.matchAll(new RegExp(`href="/dialogues/${fixture.dialogueId}/drivers/([0-9a-f-]{36})"`, "g"))].map((m) => m[1]!);
}

/**
 * What the facilitator sees of everything this spec's calls address: the dialogue's header, the
 * probe driver (whole page), its place on the overview, the probe member's row and whether the
 * probe organisation takes part. Scoped to these objects because other spec files edit the demo
 * dialogue in parallel; free texts of every call are also searched for in `raw`, which holds the
 * whole pages, the outbox and the outsider's list.
 */
interface Snapshot {
  header: string;
  /** The probe composite index as opened on the comparison page (empty once deleted). */
  probeIndex: string;
  probeDriver: string;
  probeDriverPlace: number;
  probeMember: string;
  probeOrganisationTakesPart: boolean;
  /** The set-up workshop's agenda section as the facilitator sees it (empty before set-up made it). */
  workshopAgenda: string;
  raw: string;
}

async function snapshot(): Promise<Snapshot> {
  const workshopsPath = `/dialogues/${fixture.dialogueId}/workshops`;
  const [overview, probeDriver, members, outsiderList, outbox, compare, workshopList, workshop] = await Promise.all([
    html("facilitator", `/dialogues/${fixture.dialogueId}`),
    html("facilitator", `/dialogues/${fixture.dialogueId}/drivers/${fixture.probeDriverId}`),
    html("facilitator", `/dialogues/${fixture.dialogueId}/members`),
    html("outsider", "/dialogues"),
    html("anonymous", "/outbox"),
    html("facilitator", `/dialogues/${fixture.dialogueId}/indicators/compare${fixture.probeIndexId ? `?index=${fixture.probeIndexId}` : ""}`),
    html("facilitator", workshopsPath),
    fixture.workshopId ? html("facilitator", `${workshopsPath}/${fixture.workshopId}`) : Promise.resolve(""),
  ]);
  fixture.probeGroupOrder = groupOrder(overview, fixture.probeWhoClass);
  const row = [...members.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((tr) => tr.includes(probeInviteeEmail));
  const probeIndex = /<article\b[^>]*data-testid="opened-index"[^>]*>([\s\S]*?)<\/article>/.exec(compare)?.[1] ?? "";
  return {
    header: textOf(mainOf(overview).split(/<h2\b/)[0]!),
    // Its name and aspects, which the actions write; the ranked table after them follows the figures.
    probeIndex: textOf(probeIndex.split("<table")[0]!),
    probeDriver: textOf(mainOf(probeDriver)),
    probeDriverPlace: fixture.probeGroupOrder.indexOf(fixture.probeDriverId),
    // Name, organisation and role cells (the actions cell lists every role as an option).
    probeMember: row ? [...row.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].slice(0, 3).map((m) => textOf(m[1]!)).join(" | ") : "",
    probeOrganisationTakesPart: new RegExp(`name="organisationId" value="${fixture.probeOrganisationId}"`).test(members),
    workshopAgenda: agendaSection(workshop),
    raw: [overview, probeDriver, members, outsiderList, outbox, compare, workshopList, workshop].join("\n"),
  };
}

function comparable(snap: Snapshot): Omit<Snapshot, "raw"> {
  const { raw: _raw, ...rest } = snap;
  return rest;
}

// --- sessions through the UI -------------------------------------------------------------------

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: "sv-SE" });
  contexts.push(context);
  return context;
}

async function requestFor(playwright: PlaywrightWorkerArgs["playwright"], context: BrowserContext): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL, storageState: await context.storageState() });
}

/** One click on the login page's demo button for the first demo user with `role`. */
async function demoSignIn(browser: Browser, role: MemberRole): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto("/login");
  const roleLabel: string = MESSAGES.enums.role[role];
  await page.getByRole("button", { name: new RegExp(`\\(${roleLabel}\\)$`) }).first().click();
  await page.waitForURL("**/dialogues");
  const cookies = await context.cookies();
  expect(cookies.some((cookie) => cookie.name === SESSION_COOKIE), `${role}: the demo button sets ${SESSION_COOKIE}`).toBe(true);
  return { context, page };
}

/** A fresh address signs in by e-mail code (read from the demo outbox): a user with no dialogue. */
async function emailSignIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("textbox", { name: MESSAGES.auth.login.email }).fill(email);
  await page.getByRole("button", { name: MESSAGES.auth.login.submit }).click();
  await page.waitForURL(/\/login\/verify/);
  const outbox = await context.newPage();
  await outbox.goto("/outbox");
  const mail = await outbox.locator("article").filter({ hasText: email }).first().innerText();
  await outbox.close();
  const code = /\b(\d{6})\b/.exec(mail)?.[1];
  expect(code, `a sign-in code for ${email} in the outbox`).toBeTruthy();
  await page.getByRole("textbox", { name: MESSAGES.auth.verify.code }).fill(code!);
  await page.getByRole("button", { name: MESSAGES.auth.verify.submit, exact: true }).click();
  await page.waitForURL("**/dialogues");
  return { context, page };
}

async function dialogueIdsOf(as: Identity): Promise<string[]> {
  const page = await html(as, "/dialogues");
  return [...new Set([...page.matchAll(/href="\/dialogues\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
}

async function hiddenValue(page: Page, container: ReturnType<Page["locator"]>, name: string): Promise<string> {
  const value = await container.locator(`input[type="hidden"][name="${name}"]`).first().getAttribute("value");
  expect(value, `hidden ${name} on ${page.url()}`).toBeTruthy();
  return value!;
}

// =============================================================================================
// Set-up: sessions, discovery, probe objects (the creating calls double as positive controls)
// =============================================================================================

test.describe("authorization matrix (A1)", () => {
  test.beforeAll(async ({ browser, playwright }) => {
    test.setTimeout(240_000);
    baseURL = String(test.info().project.use.baseURL);
    enumeration = enumerate();

    requests.anonymous = await playwright.request.newContext({ baseURL });
    const anonymousPage = await (await newContext(browser)).newPage();
    await anonymousPage.goto("/login");
    const demoUserId = await hiddenValue(anonymousPage, anonymousPage.locator("form"), "userId");

    for (const role of ROLE_ORDER) {
      const { context, page } = await demoSignIn(browser, role);
      requests[role] = await requestFor(playwright, context);
      if (role === "facilitator") facilitatorPage = page;
    }
    const outsider = await emailSignIn(browser, `${RUN}-outsider@example.org`);
    requests.outsider = await requestFor(playwright, outsider.context);
    expect(await dialogueIdsOf("outsider"), "the fresh e-mail user is in no dialogue").toEqual([]);

    // The demo dialogue: the one all three demo roles belong to.
    const lists = await Promise.all(ROLE_ORDER.map(dialogueIdsOf));
    const shared = lists[0]!.filter((id) => lists.every((list) => list.includes(id)));
    expect(shared.length, "the demo dialogue is in every demo user's list").toBeGreaterThan(0);
    const dialogueId = shared[0]!;

    const page = facilitatorPage;
    await page.goto(`/dialogues/${dialogueId}`);
    planningQuestion = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
    // The regions in their stored order ("Regioner: Uppsala, Stockholm, …"), so that resending the
    // settings does not reorder them.
    const regionsPrefix = String(MESSAGES.dialogues.overview.regions).split("{regions}")[0]!;
    const statusLine = await page.locator("main p", { hasText: regionsPrefix }).first().innerText();
    const regionNames = statusLine.slice(statusLine.indexOf(regionsPrefix) + regionsPrefix.length).split(", ").map((name) => name.trim());
    const firstDriver = page.locator(`a[href^="/dialogues/${dialogueId}/drivers/"]:not([href$="/new"])`).first();
    const driverId = (await firstDriver.getAttribute("href"))!.split("/").pop()!;
    seededDriverTitle = (await firstDriver.innerText()).trim();
    const group = await page.locator("section", { has: page.locator(`a[href="/dialogues/${dialogueId}/drivers/${driverId}"]`) }).getAttribute("aria-labelledby");
    const probeWhoClass = group!.replace(/^group-/, "");

    await page.goto(`/dialogues/${dialogueId}/settings`);
    const form = page.locator("form", { has: page.locator('[name="planningQuestion"]') });
    const settings = {
      planningQuestion: await form.locator('[name="planningQuestion"]').inputValue(),
      description: await form.locator('[name="description"]').inputValue(),
      regionCodes: (
        await form
          .locator('input[name="regionCodes"]:checked')
          .evaluateAll((inputs) => inputs.map((input) => ({ code: (input as HTMLInputElement).value, label: input.closest("label")?.textContent ?? "" })))
      )
        // Checkbox labels read "Uppsala (03)"; the overview lists "Uppsala".
        .map(({ code, label }) => ({ code, place: regionNames.indexOf(label.replace(/\s*\(\d+\)\s*$/, "").trim()) }))
        .sort((a, b) => a.place - b.place)
        .map(({ code }) => code),
      horizonFrom: await form.locator('[name="horizonFrom"]').inputValue(),
      horizonTo: await form.locator('[name="horizonTo"]').inputValue(),
      status: await form.locator('[name="status"]').inputValue(),
    };

    await page.goto(`/dialogues/${dialogueId}/members`);
    const participatingOrganisationId = await hiddenValue(page, page.locator("#organisations-title + ul"), "organisationId");
    // The first demo participant's organisation (the demo buttons' order), invited to the probe rounds.
    const participantOrganisation = DEMO_USERS.find((user) => user.role === "participant")!.organisationName;
    const invitedOrganisationId = await hiddenValue(page, page.locator("#organisations-title + ul li", { hasText: participantOrganisation }), "organisationId");

    await page.goto(`/dialogues/${dialogueId}/drivers/${driverId}`);
    const indicatorId = await page.locator('select[name="indicatorIds"] option:not([value=""])').first().getAttribute("value");

    // The composite index builder offers only indicators an index can score.
    await page.goto(`/dialogues/${dialogueId}/indicators/compare`);
    const scorableIndicatorId = await page.locator('input[type="checkbox"][name="aspects.0.indicatorIds"]').first().getAttribute("value");

    await page.goto("/dialogues/new");
    const registerOrganisationId = await page.locator('select[name="organisationId"] option:not([value=""])').first().getAttribute("value");

    fixture = {
      dialogueId,
      driverId,
      probeDriverId: "",
      versionId: "",
      probeVersionId: "",
      agreementId: "",
      workshopId: "",
      probeWhoClass,
      probeGroupOrder: [],
      probeOrganisationId: "",
      participatingOrganisationId,
      invitedOrganisationId,
      probeMemberId: "",
      indicatorId: indicatorId!,
      scorableIndicatorId: scorableIndicatorId!,
      probeIndexId: "",
      probeThreadId: "",
      probeCommentId: "",
      probeReplyId: "",
      probeRoundId: "",
      registerOrganisationId: registerOrganisationId!,
      demoUserId,
      settings,
    };
    markers.add(planningQuestion);
    markers.add(seededDriverTitle);

    // --- probe objects, each created through the action under test by its least allowed role ----
    const key = (file: "dialogue" | "driver", name: string) =>
      `app/(workspace)/dialogues/[dialogueId]/${file === "driver" ? "drivers/[driverId]/" : ""}actions.ts#${name}`;

    probeDriverTitle = `${RUN}-probe-driver`;
    const created = await callAction("facilitator", key("dialogue", "createDriverAction"), ACTIONS[key("dialogue", "createDriverAction")]!.call.fields(fixture, probeDriverTitle));
    expectSucceeded(created, "facilitator createDriverAction");
    fixture.probeDriverId = /\/drivers\/([0-9a-f-]{36})$/.exec(created.redirect ?? "")?.[1] ?? "";
    expect(fixture.probeDriverId, `createDriverAction redirects to the new driver (${created.redirect})`).not.toBe("");
    markers.add(probeDriverTitle);

    // A comment thread on the probe driver and a reply (participant): the comment actions target them.
    const commentActions = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions.ts#";
    probeThreadText = `${RUN}-probe-thread`;
    const thread = await callAction("participant", `${commentActions}createThreadAction`, ACTIONS[`${commentActions}createThreadAction`]!.call.fields(fixture, probeThreadText));
    expectSucceeded(thread, "participant createThreadAction");
    const threadData = (thread.result as { data?: { threadId?: string; commentId?: string } }).data;
    fixture.probeThreadId = threadData?.threadId ?? "";
    fixture.probeCommentId = threadData?.commentId ?? "";
    expect(fixture.probeThreadId, `createThreadAction returns the thread's id (${describe(thread)})`).toMatch(/^[0-9a-f-]{36}$/);
    const reply = await callAction("participant", `${commentActions}replyToThreadAction`, ACTIONS[`${commentActions}replyToThreadAction`]!.call.fields(fixture, `${RUN}-probe-reply`));
    expectSucceeded(reply, "participant replyToThreadAction");
    fixture.probeReplyId = (reply.result as { data?: { commentId?: string } }).data?.commentId ?? "";
    expect(fixture.probeReplyId).toMatch(/^[0-9a-f-]{36}$/);
    markers.add(probeThreadText);
    markers.add(`${RUN}-probe-reply`);

    // A round on the probe driver (facilitator), planned far ahead: the round actions target it.
    const createRound = "app/(workspace)/dialogues/[dialogueId]/rounds/actions.ts#createRoundAction";
    const probeRoundTitle = `${RUN}-probe-round`;
    const round = await callAction("facilitator", createRound, ACTIONS[createRound]!.call.fields(fixture, probeRoundTitle));
    expectSucceeded(round, "facilitator createRoundAction");
    fixture.probeRoundId = /\/rounds\/([0-9a-f-]{36})$/.exec(round.redirect ?? "")?.[1] ?? "";
    expect(fixture.probeRoundId, `createRoundAction redirects to the new round (${round.redirect})`).not.toBe("");
    expect(await html("observer", `/dialogues/${dialogueId}/rounds/${fixture.probeRoundId}`)).toContain(probeRoundTitle);
    markers.add(probeRoundTitle);

    // A saved composite index (facilitator): updateCompositeIndexAction and deleteCompositeIndexAction target it.
    const probeIndexName = `${RUN}-probe-index`;
    const createIndex = "app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions.ts#createCompositeIndexAction";
    const createdIndex = await callAction("facilitator", createIndex, ACTIONS[createIndex]!.call.fields(fixture, probeIndexName));
    expectSucceeded(createdIndex, "facilitator createCompositeIndexAction");
    fixture.probeIndexId = (createdIndex.result as { data?: { id?: string } }).data?.id ?? "";
    expect(fixture.probeIndexId, `createCompositeIndexAction returns the new index's id (${describe(createdIndex)})`).toMatch(/^[0-9a-f-]{36}$/);
    expect(await html("observer", `/dialogues/${dialogueId}/indicators/compare?index=${fixture.probeIndexId}`)).toContain(probeIndexName);
    markers.add(probeIndexName);

    // Named versions: one of the seeded driver (its page is in PAGES) and one of the probe driver
    // (restoreDriverVersionAction restores it), saved by the least allowed role.
    const saveVersion = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/actions.ts#saveDriverVersionAction";
    for (const [driverIdOfVersion, field] of [[driverId, "versionId"], [fixture.probeDriverId, "probeVersionId"]] as const) {
      const versionName = `${RUN}-version-${field}`;
      expectSucceeded(
        await callAction("participant", saveVersion, { dialogueId, driverId: driverIdOfVersion, name: versionName, note: "" }),
        "participant saveDriverVersionAction",
      );
      const versions = await html("participant", `/dialogues/${dialogueId}/drivers/${driverIdOfVersion}/versions`);
      fixture[field] = new RegExp(`/versions/([0-9a-f-]{36})">${versionName}<`).exec(versions)?.[1] ?? "";
      expect(fixture[field], `the saved version is listed (${versionName})`).not.toBe("");
    }

    // An agreement of the whole goal set (facilitator): its pages name it. Made without the probe
    // driver's row key, so it covers the seeded driver the pages show.
    const createAgreement = "app/(workspace)/dialogues/[dialogueId]/agreements/actions.ts#createAgreementAction";
    const agreed = await callAction("facilitator", createAgreement, { dialogueId, note: `${RUN}-probe-agreement` });
    expectSucceeded(agreed, "facilitator createAgreementAction (whole goal set)");
    fixture.agreementId = /\/agreements\/([0-9a-f-]{36})$/.exec(agreed.redirect ?? "")?.[1] ?? "";
    expect(fixture.agreementId, `createAgreementAction redirects to the agreement (${agreed.redirect})`).not.toBe("");
    markers.add(`${RUN}-probe-agreement`);

    // A workshop (facilitator), its agenda the seeded and the probe driver: the workshop actions and
    // the agenda page target it. Its creation and agenda are createWorkshopAction's and
    // setAgendaAction's first positive controls.
    const W = "app/(workspace)/dialogues/[dialogueId]/workshops/actions.ts#";
    const workshop = await callAction("facilitator", `${W}createWorkshopAction`, ACTIONS[`${W}createWorkshopAction`]!.call.fields(fixture, `${RUN}-probe-workshop`));
    expectSucceeded(workshop, "facilitator createWorkshopAction");
    fixture.workshopId = /\/workshops\/([0-9a-f-]{36})$/.exec(workshop.redirect ?? "")?.[1] ?? "";
    expect(fixture.workshopId, `createWorkshopAction redirects to the agenda (${workshop.redirect})`).not.toBe("");
    expect(await html("observer", `/dialogues/${dialogueId}/workshops`)).toContain(`${RUN}-probe-workshop`);
    markers.add(`${RUN}-probe-workshop`);
    expectSucceeded(await callAction("facilitator", `${W}setAgendaAction`, ACTIONS[`${W}setAgendaAction`]!.call.fields(fixture, "")), "facilitator setAgendaAction");
    expect(agendaOrderOf(await html("observer", `/dialogues/${dialogueId}/workshops/${fixture.workshopId}`))).toEqual([driverId, fixture.probeDriverId]);

    const organisationName = `${RUN}-probe-organisation`;
    expectSucceeded(
      await callAction("facilitator", key("dialogue", "createOrganisationAction"), ACTIONS[key("dialogue", "createOrganisationAction")]!.call.fields(fixture, organisationName)),
      "facilitator createOrganisationAction",
    );
    await page.goto(`/dialogues/${dialogueId}/members`);
    fixture.probeOrganisationId = await hiddenValue(page, page.locator("#organisations-title + ul li", { hasText: organisationName }), "organisationId");
    // Not a marker: organisations form one register shared by all dialogues, listed to anyone
    // signed in on /dialogues/new (lib/server/services/organisations.ts).

    // An invitation (facilitator), accepted through its link (public): the probe member, an observer.
    expectSucceeded(
      await callAction("facilitator", key("dialogue", "inviteMemberAction"), {
        dialogueId,
        email: probeInviteeEmail,
        name: `${RUN}-invitee`,
        organisationId: participatingOrganisationId,
        role: "observer",
      }),
      "facilitator inviteMemberAction",
    );
    const outbox = await html("anonymous", "/outbox");
    const token = new RegExp(`/invite/([A-Za-z0-9_-]{20,100})`).exec(
      outbox.split("<article").find((mail) => mail.includes(probeInviteeEmail)) ?? "",
    )?.[1];
    expect(token, "the invitation mail is in the outbox").toBeTruthy();
    // A fresh cookie jar: the accepted invitation signs its caller in.
    const invitee = await playwright.request.newContext({ baseURL });
    const accepted = await callAction(invitee, "app/invite/[token]/actions.ts#acceptInvitationAction", { token: token! });
    await invitee.dispose();
    expect(accepted.redirect, `acceptInvitationAction signs the invitee in: ${describe(accepted)}`).toBe(`/dialogues/${dialogueId}`);
    expect(accepted.setCookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    await page.goto(`/dialogues/${dialogueId}/members`);
    fixture.probeMemberId = await hiddenValue(page, page.getByRole("row").filter({ hasText: probeInviteeEmail }), "memberId");
    markers.add(probeInviteeEmail);

    // The outsider starts a dialogue of their own: now a facilitator elsewhere, still a stranger here.
    const own = await callAction("outsider", "app/(workspace)/dialogues/actions.ts#createDialogueAction", ACTIONS["app/(workspace)/dialogues/actions.ts#createDialogueAction"]!.call.fields(fixture, `${RUN}-other-dialogue`));
    expectSucceeded(own, "outsider createDialogueAction");
    otherDialogueId = /\/dialogues\/([0-9a-f-]{36})$/.exec(own.redirect ?? "")?.[1] ?? "";
    expect(await dialogueIdsOf("outsider")).toEqual([otherDialogueId]);
  });

  test.afterAll(async () => {
    // Leave the demo dialogue as we found it (each call is a no-op if a test already did it).
    if (fixture?.probeMemberId) {
      await callAction("facilitator", "app/(workspace)/dialogues/[dialogueId]/actions.ts#removeMemberAction", { dialogueId: fixture.dialogueId, memberId: fixture.probeMemberId }).catch(() => undefined);
    }
    if (fixture?.probeOrganisationId) {
      await callAction("facilitator", "app/(workspace)/dialogues/[dialogueId]/actions.ts#removeDialogueOrganisationAction", { dialogueId: fixture.dialogueId, organisationId: fixture.probeOrganisationId }).catch(() => undefined);
    }
    if (fixture?.probeIndexId) {
      await callAction("facilitator", "app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions.ts#deleteCompositeIndexAction", { dialogueId: fixture.dialogueId, indexId: fixture.probeIndexId }).catch(() => undefined);
    }
    if (fixture?.probeDriverId) {
      await callAction("facilitator", "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions.ts#deleteDriverAction", { dialogueId: fixture.dialogueId, driverId: fixture.probeDriverId, confirm: "yes" }).catch(() => undefined);
    }
    for (const request of Object.values(requests)) await request.dispose();
    for (const context of contexts) await context.close();
  });

  // ===========================================================================================
  // 1. Enumeration
  // ===========================================================================================

  test("every page, route handler and server action of the build has a row in authz-matrix.ts", () => {
    const { pages, routes, actions, inlineActionFiles, droppedActions } = enumeration;
    console.log(
      `authz-matrix: ${pages.length} pages, ${routes.length} route handlers, ${actions.size} server actions ` +
        `(${actions.size - droppedActions.length} in the manifest, ${droppedActions.length} only in 'use server' sources)`,
    );
    if (droppedActions.length) test.info().annotations.push({ type: "not in build", description: droppedActions.join(", ") });

    expect(pages.filter((key) => !PAGES[key]), "pages without a row in PAGES").toEqual([]);
    expect(routes.filter((key) => !ROUTES[key]), "route handlers without a row in ROUTES").toEqual([]);
    expect([...actions.keys()].filter((key) => !ACTIONS[key]), "server actions without a row in ACTIONS").toEqual([]);
    expect(inlineActionFiles, "inline 'use server' functions: move them to an actions.ts and give them rows").toEqual([]);

    // Rows for things that no longer exist hide mistakes too.
    expect(Object.keys(PAGES).filter((key) => !pages.includes(key)), "stale PAGES rows").toEqual([]);
    expect(Object.keys(ROUTES).filter((key) => !routes.includes(key)), "stale ROUTES rows").toEqual([]);
    expect(Object.keys(ACTIONS).filter((key) => !actions.has(key)), "stale ACTIONS rows").toEqual([]);

    // A row's least role must be exactly what lib/authz/policy.ts allows.
    const rows: [string, PageRule | ActionRule][] = [...Object.entries(PAGES), ...Object.entries(ACTIONS)];
    for (const [key, rule] of rows) {
      if (rule.access !== "dialogue") continue;
      expect([...POLICY[rule.policy]].sort(), `${key}: POLICY["${rule.policy}"] vs minRole ${rule.minRole}`).toEqual(rolesFrom(rule.minRole).sort());
    }
  });

  // ===========================================================================================
  // 2. Pages and route handlers
  // ===========================================================================================

  test("pages: sign-in redirect for anonymous, 404 for non-members and under-privileged roles", async () => {
    test.setTimeout(180_000);
    const ids = { dialogueId: fixture.dialogueId, driverId: fixture.driverId, versionId: fixture.versionId, probeRoundId: fixture.probeRoundId, agreementId: fixture.agreementId, workshopId: fixture.workshopId };
    const problems: string[] = [];
    for (const key of enumeration.pages.filter((page) => PAGES[page])) {
      const rule = PAGES[key]!;
      const url = fillPath(rule.path, ids);
      expect(urlFor(key, ids), `${key}: the row's path is the page's path`).toBe(url.split("?")[0]);
      for (const as of IDENTITIES) {
        const response = await requests[as].get(url, { maxRedirects: 0, failOnStatusCode: false });
        const body = await response.text();
        const outcome = pageOutcome(response);
        const expected = expectedPageOutcome(rule, as);
        if (outcome !== expected) problems.push(`${as} GET ${url}: ${outcome}, expected ${expected}`);
        // Denied responses, and anything a stranger sees, carry no dialogue data.
        const strangerOrDenied = expected !== "200" || as === "anonymous" || as === "outsider";
        if (strangerOrDenied && !(rule.access === "public" && rule.markersAllowed)) {
          for (const leak of leakedMarkers(body)) problems.push(`${as} GET ${url}: the body leaks "${leak}"`);
        }
        if (expected === "200" && rule.access === "dialogue" && rule.shows) {
          const shown = rule.shows === "planningQuestion" ? planningQuestion : seededDriverTitle;
          if (!body.includes(shown)) problems.push(`${as} GET ${url}: the allowed view lacks "${shown}"`);
        }
      }
      // A member of another dialogue asking for this dialogue's driver through their own dialogue.
      if (rule.access === "dialogue" && (rule.path.includes("[driverId]") || rule.path.includes("[workshopId]"))) {
        const foreign = fillPath(rule.path, { dialogueId: otherDialogueId, driverId: fixture.driverId, versionId: fixture.versionId, agreementId: fixture.agreementId, workshopId: fixture.workshopId });
        const response = await requests.outsider.get(foreign, { maxRedirects: 0, failOnStatusCode: false });
        if (response.status() !== 404) problems.push(`outsider (facilitator elsewhere) GET ${foreign}: ${response.status()}, expected 404`);
        for (const leak of leakedMarkers(await response.text())) problems.push(`outsider GET ${foreign}: the body leaks "${leak}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("route handlers: /api/health and Auth.js answer as their rows say, without dialogue data", async () => {
    for (const key of enumeration.routes.filter((route) => ROUTES[route]?.access === "public")) {
      const rule = ROUTES[key]!;
      if (rule.access !== "public") continue;
      for (const probe of rule.probes) {
        for (const as of IDENTITIES) {
          const who = (value: string) => value.replaceAll("{who}", `${RUN}-${as}`);
          const url = who(probe.path);
          const response = await requests[as].get(url, { maxRedirects: 0, failOnStatusCode: false });
          expect(response.status(), `${as} GET ${url}`).toBe(probe.status);
          if (probe.location) {
            const location = new URL(response.headers().location ?? "", baseURL);
            expect(location.pathname + location.search, `${as} GET ${url}`).toBe(who(probe.location));
          }
          if (probe.json) expect(await response.json(), `${as} GET ${url}`).toEqual(probe.json);
          expectNoMarkers(await response.text(), `${as} GET ${url}`);
        }
      }
    }
  });

  test("dialogue route handlers: 401 signed out, 404 non-members and other dialogues, 403 below the role, foreign or missing Origin refused, 0 writes", async () => {
    test.setTimeout(120_000);
    const releaseIdOf = async () => ((await (await requests.facilitator.get(`/api/dialogues/${fixture.dialogueId}/indicators/version`)).json()) as { releaseId: number }).releaseId;
    const releaseBefore = await releaseIdOf();
    const problems: string[] = [];
    for (const [key, rule] of Object.entries(ROUTES)) {
      if (rule.access !== "dialogue") continue;
      expect([...POLICY[rule.policy]].sort(), `${key}: POLICY["${rule.policy}"] vs minRole ${rule.minRole}`).toEqual(rolesFrom(rule.minRole).sort());
      const marker = `${RUN}-route-${key.length}`;
      const call = (as: Identity, dialogueId: string, origin: "same" | "evil" | "none" = "same", mode: "commit" | "preview" = "commit") => {
        const url = fillPath(rule.path, { dialogueId, driverId: fixture.driverId, versionId: fixture.versionId, probeThreadId: fixture.probeThreadId, probeRoundId: fixture.probeRoundId });
        if (rule.method === "GET") return requests[as].get(url, { maxRedirects: 0, failOnStatusCode: false });
        const headers: Record<string, string> = {};
        if (origin === "same") headers.Origin = baseURL;
        if (origin === "evil") headers.Origin = EVIL_ORIGIN;
        const file = `indicator_id,region_code,period,value,unit,source\n${fixture.indicatorId},03,2019,1,x,${marker}`;
        return requests[as].post(url, {
          multipart: { file: { name: `${marker}.csv`, mimeType: "text/csv", buffer: Buffer.from(file) }, mode },
          headers,
          maxRedirects: 0,
          failOnStatusCode: false,
        });
      };
      const expectStatus = async (as: Identity, response: Awaited<ReturnType<typeof call>>, status: number, what: string) => {
        if (response.status() !== status) problems.push(`${as} ${rule.method} ${what}: ${response.status()}, expected ${status}`);
        const body = await response.text();
        for (const leak of status === 200 ? [] : leakedMarkers(body)) problems.push(`${as} ${what}: the body leaks "${leak}"`);
      };
      for (const as of IDENTITIES) {
        const expected = as === "anonymous" ? 401 : as === "outsider" ? 404 : rolesFrom(rule.minRole).includes(as as MemberRole) ? 200 : 403;
        // The allowed role only previews: the matrix must not leave a release behind.
        await expectStatus(as, await call(as, fixture.dialogueId, "same", expected === 200 ? "preview" : "commit"), expected, key);
      }
      // The outsider facilitates a dialogue of their own; this one's data stays out of reach through it or directly.
      await expectStatus("outsider", await call("outsider", otherDialogueId), rule.nested ? 404 : 200, `${key} (own dialogue${rule.nested ? `, this dialogue's ${rule.nested}` : ""})`);
      await expectStatus("facilitator", await call("facilitator", crypto.randomUUID()), 404, `${key} (unknown dialogue)`);
      if (rule.method === "POST") {
        await expectStatus("facilitator", await call("facilitator", fixture.dialogueId, "evil"), 403, `${key} (foreign Origin)`);
        await expectStatus("facilitator", await call("facilitator", fixture.dialogueId, "none"), 403, `${key} (no Origin)`);
      }
    }
    expect(problems).toEqual([]);
    expect(await releaseIdOf(), "denied imports created no release").toBe(releaseBefore);
    const importPage = await html("facilitator", `/dialogues/${fixture.dialogueId}/indicators/import`);
    expect(importPage.includes(`${RUN}-route-`), "no denied file reached the releases list").toBe(false);
  });

  test("routes outside a dialogue (goal-set import): 401 signed out, 403 for who facilitates nothing, foreign or missing Origin refused, 0 writes", async () => {
    test.setTimeout(120_000);
    const problems: string[] = [];
    for (const [key, rule] of Object.entries(ROUTES)) {
      if (rule.access !== "facilitatorSomewhere") continue;
      const marker = `${RUN}-route-import-${key.length}`;
      const file = (schemaVersion: number) =>
        JSON.stringify({ ...goalSetFixture(), schemaVersion, dialogue: { ...goalSetFixture().dialogue, planningQuestion: marker } });
      const call = (as: Identity, origin: "same" | "evil" | "none", schemaVersion: number) => {
        const headers: Record<string, string> = {};
        if (origin === "same") headers.Origin = baseURL;
        if (origin === "evil") headers.Origin = EVIL_ORIGIN;
        return requests[as].post(rule.path, {
          multipart: {
            file: { name: `${marker}.json`, mimeType: "application/json", buffer: Buffer.from(file(schemaVersion)) },
            organisationId: fixture.registerOrganisationId,
          },
          headers,
          maxRedirects: 0,
          failOnStatusCode: false,
        });
      };
      const allowed = (as: Identity) => as === "outsider" || (ACCOUNT_POLICY[rule.policy] as readonly string[]).includes(as);
      for (const as of IDENTITIES) {
        const expected = as === "anonymous" ? 401 : allowed(as) ? 200 : 403;
        // Denied callers send a clean file (it would create a dialogue); allowed ones a wrong version.
        const response = await call(as, "same", expected === 200 ? 2 : 1);
        if (response.status() !== expected) problems.push(`${as} POST ${key}: ${response.status()}, expected ${expected}`);
        const body = await response.text();
        if (expected === 200 && !body.includes('"unsupported_version"')) problems.push(`${as} POST ${key}: the wrong version is not reported (${body.slice(0, 200)})`);
        for (const leak of leakedMarkers(body)) problems.push(`${as} POST ${key}: the body leaks "${leak}"`);
      }
      for (const origin of ["evil", "none"] as const) {
        const response = await call("facilitator", origin, 1);
        if (response.status() !== 403) problems.push(`facilitator POST ${key} (${origin} Origin): ${response.status()}, expected 403`);
      }
      for (const as of ["facilitator", "participant", "observer", "outsider"] as const) {
        if ((await html(as, "/dialogues")).includes(marker)) problems.push(`${key}: a refused import created a dialogue for ${as}`);
      }
    }
    expect(problems).toEqual([]);
  });

  // ===========================================================================================
  // 3. Server actions: one test per row
  // ===========================================================================================

  for (const [key, rule] of Object.entries(ACTIONS)) {
    const title =
      rule.access === "dialogue"
        ? `action ${key.split("#")[1]} (${rule.policy}, ${rule.minRole}+): denies anonymous, non-members, other dialogues, ${rolesBelow(rule.minRole).join(" and ") || "no member role"}, foreign and missing Origin`
        : rule.access === "signedIn"
          ? `action ${key.split("#")[1]} (signed in): denies anonymous, foreign and missing Origin`
          : `action ${key.split("#")[1]} (public): refuses a foreign and a missing Origin`;
    test(title, async () => {
      test.setTimeout(120_000);
      // An action Next dropped from the build is dead code: remove it rather than leave it untested.
      expect(enumeration.actions.get(key), `${key} is not in the build's server-reference manifest (unused)`).toBeTruthy();
      let n = 0;
      const texts: string[] = [];
      const text = () => {
        const value = `${RUN}-denied-${key.split("#")[1]}-${++n}`;
        texts.push(value);
        return value;
      };

      if (rule.access === "public") {
        for (const origin of ["evil", "none"] as const) {
          const as: Identity = key.endsWith("#signOutAction") || key.endsWith("#setLocaleAction") ? "outsider" : "anonymous";
          const response = await callAction(as, key, rule.call.fields(fixture, text()), origin);
          expectOriginRefused(response, `${as} ${key} with ${origin} Origin`);
        }
        // The refused sign-out left the session alive; the refused code request sent no mail.
        expect((await requests.outsider.get("/dialogues", { maxRedirects: 0 })).status()).toBe(200);
        const outbox = await html("anonymous", "/outbox");
        for (const value of texts) expect(outbox.includes(value), `no mail for ${value}`).toBe(false);
        return;
      }

      const before = await snapshot();
      const deny = async (as: Identity, fields: Fields, code: string, origin: "same" | "evil" | "none" = "same") => {
        const response = await callAction(as, key, fields, origin);
        const what = `${as} ${key.split("#")[1]}${origin === "same" ? "" : ` (${origin} Origin)`}`;
        if (origin === "evil") expectOriginRefused(response, what);
        else expectActionResult(response, code, what);
        expectNoMarkers(response.body, what);
      };

      await deny("anonymous", rule.call.fields(fixture, text()), "unauthenticated");
      if (rule.access === "dialogue") {
        await deny("outsider", rule.call.fields(fixture, text()), "not_found");
        if (rule.nested !== "dialogue") {
          // A facilitator of another dialogue addressing this dialogue's object through their own.
          await deny("outsider", { ...rule.call.fields(fixture, text()), dialogueId: otherDialogueId }, rule.otherDialogueCode ?? "not_found");
        }
        for (const role of rolesBelow(rule.minRole)) await deny(role, rule.call.fields(fixture, text()), "forbidden");
      }
      const allowed: Identity = rule.access === "dialogue" ? rule.minRole : "outsider";
      await deny(allowed, rule.call.fields(fixture, text()), "forbidden", "evil");
      await deny(allowed, rule.call.fields(fixture, text()), "forbidden", "none");

      const after = await snapshot();
      expect(comparable(after), "denied calls changed what the facilitator sees").toEqual(comparable(before));
      for (const value of texts) expect(after.raw.includes(value), `a denied call wrote "${value}"`).toBe(false);
      if (rule.access === "signedIn") expect(await dialogueIdsOf("outsider")).toEqual([otherDialogueId]);
    });
  }

  // ===========================================================================================
  // 4. Positive controls: the same encoding, the least allowed role, a visible write
  // ===========================================================================================

  test("positive controls: each action's least allowed role succeeds with the matrix's fields and the write shows", async ({ browser, playwright }) => {
    test.setTimeout(240_000);
    const D = `app/(workspace)/dialogues/[dialogueId]/actions.ts#`;
    const V = `app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions.ts#`;
    const fields = (key: string, text: string, extra: Fields = {}) => ({ ...ACTIONS[key]!.call.fields(fixture, text), ...extra });
    const run = async (as: Identity, key: string, text: string, extra: Fields = {}) => {
      const response = await callAction(as, key, fields(key, text, extra));
      expectSucceeded(response, `${as} ${key.split("#")[1]}`);
      return response;
    };
    /** Runs the action as its least allowed role and returns the snapshots around it. */
    const changes = async (key: string, text: string, extra: Fields = {}) => {
      const rule = ACTIONS[key]!;
      const as: Identity = rule.access === "dialogue" ? rule.minRole : "outsider";
      const before = await snapshot();
      const response = await run(as, key, text, extra);
      const after = await snapshot();
      return { before, after, response };
    };

    // The driver created in set-up is on the overview.
    expect((await snapshot()).probeDriverPlace).toBeGreaterThanOrEqual(0);
    expect(await html("facilitator", `/dialogues/${fixture.dialogueId}`)).toContain(probeDriverTitle);

    // updateDialogueAction: the description changes, then is restored.
    {
      const { before, after } = await changes(`${D}updateDialogueAction`, `${RUN}-description`);
      expect(after.header).toContain(`${RUN}-description`);
      await run("facilitator", `${D}updateDialogueAction`, fixture.settings.description);
      expect((await snapshot()).header).toEqual(before.header);
    }

    // moveDriverAction: the probe driver moves above its neighbour, then back.
    {
      const place = async () => (await snapshot()).probeDriverPlace;
      const start = await place();
      expect(start, "the probe driver has a neighbour above it in its group").toBeGreaterThan(0);
      await run("facilitator", `${D}moveDriverAction`, "", { direction: "up" });
      expect(await place(), "moved up").toBe(start - 1);
      await run("facilitator", `${D}moveDriverAction`, "", { direction: "down" });
      expect(await place()).toBe(start);
    }

    // reorderDriversAction (drag and drop): the probe driver goes to the top of its group, then back.
    if (!enumeration.actions.get(`${D}reorderDriversAction`)) {
      test.info().annotations.push({ type: "not in build", description: `${D}reorderDriversAction: no positive control` });
    } else {
      const { before, after } = await changes(`${D}reorderDriversAction`, "");
      expect(before.probeDriverPlace).toBeGreaterThan(0);
      expect(after.probeDriverPlace).toBe(0);
      const restore = [...fixture.probeGroupOrder.slice(1, before.probeDriverPlace + 1), fixture.probeDriverId, ...fixture.probeGroupOrder.slice(before.probeDriverPlace + 1)];
      await run("facilitator", `${D}reorderDriversAction`, "", { driverIds: restore });
      expect((await snapshot()).probeDriverPlace).toBe(before.probeDriverPlace);
    }

    // updateDriverAction: the title changes, then is restored.
    {
      const { after } = await changes(`${V}updateDriverAction`, `${RUN}-renamed-driver`);
      expect(after.probeDriver).toContain(`${RUN}-renamed-driver`);
      await run("facilitator", `${V}updateDriverAction`, probeDriverTitle);
    }

    // setDriverIndicatorsAction (facilitator): link, then unlink.
    {
      const { before, after } = await changes(`${V}setDriverIndicatorsAction`, "");
      expect(after.probeDriver).not.toEqual(before.probeDriver);
      await run("facilitator", `${V}setDriverIndicatorsAction`, "", { indicatorIds: [] });
      expect((await snapshot()).probeDriver).toEqual(before.probeDriver);
    }

    // Saved composite indexes (facilitator): the probe index is renamed, then deleted (its creation
    // in set-up was createCompositeIndexAction's positive control).
    {
      const C = `app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions.ts#`;
      const { before, after } = await changes(`${C}updateCompositeIndexAction`, `${RUN}-renamed-index`);
      expect(before.probeIndex).toContain(`${RUN}-probe-index`);
      expect(after.probeIndex).toContain(`${RUN}-renamed-index`);
      expect(await html("observer", `/dialogues/${fixture.dialogueId}/indicators/compare`)).toContain(`${RUN}-renamed-index`);
      await run("facilitator", `${C}deleteCompositeIndexAction`, "");
      const compare = await html("observer", `/dialogues/${fixture.dialogueId}/indicators/compare?index=${fixture.probeIndexId}`);
      expect(compare).not.toContain(`${RUN}-renamed-index`);
      expect(compare).toContain(MESSAGES.compositeIndex.saved.notFound);
      fixture.probeIndexId = "";
    }

    // Named versions (participant): a saved version is listed; restoring one succeeds.
    {
      const W = `app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/actions.ts#`;
      await run("participant", `${W}saveDriverVersionAction`, `${RUN}-positive-version`);
      expect(await html("observer", `/dialogues/${fixture.dialogueId}/drivers/${fixture.probeDriverId}/versions`)).toContain(`${RUN}-positive-version`);
      await run("participant", `${W}restoreDriverVersionAction`, "");
    }

    // Agreements (facilitator): the probe driver's agreement is listed with its note.
    {
      const A = `app/(workspace)/dialogues/[dialogueId]/agreements/actions.ts#`;
      await run("facilitator", `${A}createAgreementAction`, `${RUN}-positive-agreement`);
      expect(await html("observer", `/dialogues/${fixture.dialogueId}/agreements`)).toContain(`${RUN}-positive-agreement`);
    }

    // Members: the probe member's role changes, then they are removed.
    {
      const { before, after } = await changes(`${D}changeMemberRoleAction`, "");
      expect(before.probeMember).toContain(MESSAGES.enums.role.observer);
      expect(after.probeMember).toContain(MESSAGES.enums.role.participant);
      await run("facilitator", `${D}removeMemberAction`, "");
      expect((await snapshot()).probeMember).toBe("");
      fixture.probeMemberId = "";
    }

    // Organisations: the probe organisation leaves, rejoins and leaves the dialogue (a participating
    // organisation has a hidden organisationId in its "remove" form; the others are only options).
    {
      const participating = async () => (await snapshot()).probeOrganisationTakesPart;
      expect(await participating()).toBe(true);
      await run("facilitator", `${D}removeDialogueOrganisationAction`, "");
      expect(await participating()).toBe(false);
      await run("facilitator", `${D}addDialogueOrganisationAction`, "");
      expect(await participating()).toBe(true);
      await run("facilitator", `${D}removeDialogueOrganisationAction`, "");
      expect(await participating()).toBe(false);
      fixture.probeOrganisationId = "";
    }

    // Comment threads (participant): createThreadAction's control is the set-up's probe thread, shown
    // on the probe driver's page; the others edit, react to, resolve, reopen and delete in it.
    {
      const C = `app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions.ts#`;
      const threadComments = async () =>
        JSON.stringify(await (await requests.observer.get(`/api/dialogues/${fixture.dialogueId}/threads/${fixture.probeThreadId}/comments`)).json());
      expect((await snapshot()).probeDriver).toContain(probeThreadText);
      expect(await threadComments()).toContain(`${RUN}-probe-reply`);

      const edited = await changes(`${C}editCommentAction`, `${RUN}-edited-comment`);
      expect(edited.after.probeDriver).toContain(`${RUN}-edited-comment`);
      expect(edited.after.probeDriver).not.toContain(probeThreadText);

      const reacted = await changes(`${C}toggleReactionAction`, "");
      expect(reacted.after.probeDriver, "the reaction's count shows").not.toEqual(reacted.before.probeDriver);
      expect(await threadComments()).toContain('"reaction":"heart"');

      const resolved = await changes(`${C}setThreadResolvedAction`, "");
      expect(resolved.after.probeDriver, "a resolved thread is not among the open ones").not.toContain(`${RUN}-edited-comment`);
      await run("participant", `${C}setThreadResolvedAction`, "", { resolved: "false" });
      expect((await snapshot()).probeDriver).toContain(`${RUN}-edited-comment`);

      await run("participant", `${C}replyToThreadAction`, `${RUN}-positive-reply`);
      expect(await threadComments()).toContain(`${RUN}-positive-reply`);

      await run("participant", `${C}deleteCommentAction`, "");
      expect(await threadComments()).not.toContain(`${RUN}-probe-reply`);
    }

    // Rounds (facilitator): the probe round's deadline moves, it closes and is reopened as a new
    // round, each in the audit log; then a stance round opens now on the probe driver and the
    // participant's objection shows on its page (last: the open round locks the driver's texts).
    {
      const R = `app/(workspace)/dialogues/[dialogueId]/rounds/actions.ts#`;
      const roundPage = () => html("observer", `/dialogues/${fixture.dialogueId}/rounds/${fixture.probeRoundId}`);
      const audit = () => html("facilitator", `/dialogues/${fixture.dialogueId}/audit`);
      await run("facilitator", `${R}extendRoundAction`, "");
      expect(await audit()).toContain(MESSAGES.audit.kind.round_extended);
      await run("facilitator", `${R}closeRoundAction`, "");
      expect(await roundPage()).toContain(MESSAGES.rounds.phase.closed);
      const reopened = await run("facilitator", `${R}reopenRoundAction`, "");
      const reopenedId = /\/rounds\/([0-9a-f-]{36})$/.exec(reopened.redirect ?? "")?.[1];
      expect(reopenedId, `reopenRoundAction redirects to the new round (${reopened.redirect})`).toBeTruthy();
      expect(await html("observer", `/dialogues/${fixture.dialogueId}/rounds/${reopenedId}`)).toContain(`/rounds/${fixture.probeRoundId}`);
      await run("facilitator", `${R}closeRoundAction`, "", { roundId: reopenedId! });

      await run("facilitator", `${R}createRoundAction`, `${RUN}-stance-round`, { kind: "stance", opensAt: daysFromNow(-1 / 24), closesAt: daysFromNow(3) });
      const { after } = await changes(`${R}giveStanceAction`, `${RUN}-positive-objection`);
      expect(after.probeDriver).toContain(`${RUN}-positive-objection`);
      expect(after.probeDriver).toContain(MESSAGES.stances.value.object);
    }

    // Workshops (facilitator): the set-up's agenda (seeded, probe) gets a new timebox, moves, takes
    // an order as the suggestion form sends it, and is dragged; each change is in the audit log.
    {
      const W = `app/(workspace)/dialogues/[dialogueId]/workshops/actions.ts#`;
      const agendaPage = () => html("observer", `/dialogues/${fixture.dialogueId}/workshops/${fixture.workshopId}`);
      const total = (minutes: number) => String(MESSAGES.workshops.agenda.total).replace("{minutes}", String(minutes));
      expect(await agendaPage()).toContain(total(45));
      const timebox = await changes(`${W}setAgendaAction`, "", { [`timebox.${fixture.probeDriverId}`]: "40" });
      expect(timebox.before.workshopAgenda).toContain(total(45));
      expect(timebox.after.workshopAgenda).toContain(total(60));
      await run("facilitator", `${W}moveAgendaItemAction`, "");
      expect(agendaOrderOf(await agendaPage())).toEqual([fixture.probeDriverId, fixture.driverId]);
      await run("facilitator", `${W}applySuggestedOrderAction`, "", { driverIds: [fixture.driverId, fixture.probeDriverId] });
      expect(agendaOrderOf(await agendaPage())).toEqual([fixture.driverId, fixture.probeDriverId]);
      await run("facilitator", `${W}reorderAgendaAction`, "");
      expect(agendaOrderOf(await agendaPage())).toEqual([fixture.probeDriverId, fixture.driverId]);
      const audit = await html("facilitator", `/dialogues/${fixture.dialogueId}/audit`);
      for (const kind of ["workshop_created", "workshop_agenda_set", "workshop_agenda_reordered"]) expect(audit).toContain(MESSAGES.audit.kind[kind]);

      // The live session: started, pointed at the probe driver, its timer running, its nuläge
      // locked (the driver page says by whom) and unlocked, then ended.
      const statusLabel = (status: string) => String(MESSAGES.workshops.statusLabel).replace("{status}", String(MESSAGES.workshops.status[status]));
      expect(await agendaPage()).toContain(statusLabel("planned"));
      await run("facilitator", `${W}sessionStatusAction`, "");
      expect(await agendaPage()).toContain(statusLabel("running"));
      await run("facilitator", `${W}setFocusAction`, "");
      expect(await html("observer", `/dialogues/${fixture.dialogueId}/workshops/${fixture.workshopId}/live`)).toContain(`${probeDriverTitle} – ${MESSAGES.parts.nulage.title}`);
      await run("facilitator", `${W}timerAction`, "");
      const probeDriverPage = () => html("observer", `/dialogues/${fixture.dialogueId}/drivers/${fixture.probeDriverId}`);
      // The notice's own element (its words are also in the page's client messages).
      const lockedText = 'data-testid="locked-nulage"';
      expect(await probeDriverPage()).not.toContain(lockedText);
      await run("facilitator", `${W}lockAction`, "");
      expect(await probeDriverPage()).toContain(lockedText);
      await run("facilitator", `${W}lockAction`, "", { locked: "false" });
      expect(await probeDriverPage()).not.toContain(lockedText);
      await run("facilitator", `${W}sessionStatusAction`, "", { command: "end" });
      expect(await agendaPage()).toContain(statusLabel("ended"));
    }

    // deleteDriverAction: the probe driver disappears.
    {
      const response = await run("facilitator", `${V}deleteDriverAction`, "");
      expect(response.redirect).toBe(`/dialogues/${fixture.dialogueId}`);
      const overview = await html("facilitator", `/dialogues/${fixture.dialogueId}`);
      expect(overview).not.toContain(probeDriverTitle);
      fixture.probeDriverId = "";
    }

    // setLocaleAction (the outsider's own preference): the cookie is set.
    {
      const response = await callAction("outsider", "app/actions.ts#setLocaleAction", { locale: "en" });
      expect(response.threw, describe(response)).toBe(false);
      expect(response.setCookies.some((cookie) => cookie.startsWith(`${LOCALE_COOKIE}=en`))).toBe(true);
    }

    // signOutAction: a throwaway session ends.
    {
      const { context } = await demoSignIn(browser, "observer");
      const throwaway = await requestFor(playwright, context);
      expect((await throwaway.get("/dialogues", { maxRedirects: 0 })).status()).toBe(200);
      const { id, url } = action("app/actions.ts#signOutAction");
      const response = await throwaway.post(url, {
        multipart: encodeReply("formData", {}) as FormData,
        headers: { "Next-Action": id, Accept: "text/x-component", Origin: baseURL },
        maxRedirects: 0,
      });
      expect(response.headers()["x-action-redirect"]).toMatch(/^\/login;/);
      const after = await throwaway.get("/dialogues", { maxRedirects: 0 });
      expect(after.status()).toBe(307);
      // The old cookie, replayed, no longer works either.
      const replay = await playwright.request.newContext({ baseURL, storageState: await context.storageState() });
      expect((await replay.get("/dialogues", { maxRedirects: 0 })).status()).toBe(307);
      await Promise.all([throwaway.dispose(), replay.dispose()]);
    }
  });
});

type PageOutcome = "200" | "404" | "→/login" | "→/dialogues" | string;

function pageOutcome(response: APIResponse): PageOutcome {
  const status = response.status();
  if ([303, 307].includes(status)) {
    const location = new URL(response.headers().location ?? "", "http://x").pathname;
    return `→${location}`;
  }
  return String(status);
}

function expectedPageOutcome(rule: PageRule, as: Identity): PageOutcome {
  const signedIn = as !== "anonymous";
  switch (rule.access) {
    case "public":
      return signedIn && rule.signedInRedirect ? `→${rule.signedInRedirect}` : "200";
    case "redirect":
      return signedIn ? "→/dialogues" : "→/login";
    case "signedIn":
      return signedIn ? "200" : "→/login";
    case "framework":
      return String(rule.status);
    case "dialogue":
      if (!signedIn) return "→/login";
      if (as === "outsider") return "404";
      return rolesFrom(rule.minRole).includes(as) ? "200" : "404";
    case "facilitatorSomewhere":
      if (!signedIn) return "→/login";
      // The outsider facilitates the dialogue they started in set-up; the demo roles below facilitate none.
      return as === "outsider" || (ACCOUNT_POLICY[rule.policy] as readonly string[]).includes(as) ? "200" : "404";
  }
}
