import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { DriverAgreementStatus } from "@/components/agreements/driver-agreement-status";
import { LiveActions } from "@/components/collab/live-actions";
import { LiveGoals } from "@/components/collab/live-goals";
import { LivePartText } from "@/components/collab/live-part-text";
import { PresenceList } from "@/components/collab/presence-list";
import { LiveDriverProvider } from "@/components/collab/session-context";
import { CommentsProvider } from "@/components/comments/comments-context";
import { ThreadPanel, type CommentTarget } from "@/components/comments/thread-panel";
import { SyncStatus } from "@/components/collab/sync-status";
import { enumOptions, regionOptions } from "@/components/forms/options";
import { IndicatorLinkForm } from "@/components/driver/indicator-link-form";
import { SuggestionsSection } from "@/components/suggestions/suggestions-section";
import { IndicatorPanel, type PanelTarget } from "@/components/indicators/indicator-panel";
import { LiveDataProvider } from "@/components/indicators/live-data";
import { RegionPicker } from "@/components/indicators/region-picker";
import { DriverRoundBanner } from "@/components/rounds/driver-round-banner";
import { DriverStancesSection } from "@/components/rounds/driver-stances";
import { buttonClass } from "@/components/ui/button-class";
import { presenceColor } from "@/lib/collab/protocol";
import { ACTION_CONTROLS, ACTION_HORIZONS, ACTION_LEVELS, REGION_CODES, TARGET_DIRECTIONS, type IndicatorPart, type RegionCode, type TextPart } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { getCommentViewer, listDriverThreads, locateComment } from "@/lib/server/services/comments";
import { getDriverPage, type DriverPageData } from "@/lib/server/services/drivers";
import { listMentionCandidates } from "@/lib/server/services/notifications";
import { getDriverGapContexts, getDriverPanels } from "@/lib/server/services/indicator-panels";
import { getDriverRoundStatus } from "@/lib/server/services/rounds";
import { getDriverStances } from "@/lib/server/services/stances";
import { getDriverLocks } from "@/lib/server/services/workshop-session";
import { LockedPart } from "@/components/collab/session-context";
import { lockCovers, type DriverPart, type WorkshopLock } from "@/lib/workshop/live-state";
import { listIndicatorCatalogue, type IndicatorOption } from "@/lib/server/services/indicators";

type Params = { params: Promise<{ dialogueId: string; driverId: string }> };
type PageProps = Params & { searchParams: Promise<{ region?: string | string[]; comment?: string | string[] }> };

/** Metadata and page share one load per request. */
const loadDriverPage = cache((dialogueId: string, driverId: string) =>
  loadPage((actor) =>
    Promise.all([
      getDriverPage(actor, dialogueId, driverId),
      listIndicatorCatalogue(actor, dialogueId),
      getDriverPanels(actor, dialogueId, driverId),
      getDriverGapContexts(actor, dialogueId, driverId),
      listDriverThreads(actor, dialogueId, driverId, "all"),
      getCommentViewer(actor, dialogueId),
      listMentionCandidates(actor, dialogueId),
      getDriverRoundStatus(actor, dialogueId, driverId),
      getDriverStances(actor, dialogueId, driverId),
      getDriverLocks(actor, dialogueId, driverId),
    ]),
  ),
);

/** The comment a permalink names, if it is one of this driver's (anything else is ignored). */
async function commentTarget(dialogueId: string, driverId: string, asked: string | string[] | undefined): Promise<CommentTarget | null> {
  const commentId = Array.isArray(asked) ? asked[0] : asked;
  if (!commentId) return null;
  const found = await loadPage((actor) => locateComment(actor, dialogueId, commentId).catch(() => null));
  return found && found.driverId === driverId ? { threadId: found.threadId, commentId: found.commentId } : null;
}

/** The region the panels show: the one asked for, else the dialogue's first, else riket. */
function selectedRegion(asked: string | string[] | undefined, dialogueRegions: RegionCode[]): RegionCode {
  const value = Array.isArray(asked) ? asked[0] : asked;
  if (value && (REGION_CODES as readonly string[]).includes(value)) return value as RegionCode;
  return dialogueRegions[0] ?? "00";
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, driverId } = await params;
  const [data] = await loadDriverPage(dialogueId, driverId);
  return { title: data.driver.title };
}

export default async function DriverPage({ params, searchParams }: PageProps) {
  const { dialogueId, driverId } = await params;
  const [data, catalogue, panels, gapContexts, threads, commentViewer, mentionCandidates, roundStatus, stances, locks] = await loadDriverPage(dialogueId, driverId);
  const asked = await searchParams;
  const region = selectedRegion(asked.region, panels.regionCodes);
  const target = await commentTarget(dialogueId, driverId, asked.comment);
  const tPanels = await getTranslations("panels");
  const targetsOf = (indicatorId: string): PanelTarget[] =>
    data.goalStatements.flatMap((goal) =>
      goal.targetIndicatorId === indicatorId && goal.targetValue !== null && goal.targetYear !== null
        ? [{ value: goal.targetValue, year: goal.targetYear, regionCode: goal.targetRegionCode }]
        : [],
    );
  const t = await getTranslations("drivers.page");
  const tParts = await getTranslations("parts");
  const tEnums = await getTranslations("enums");
  const tEditor = await getTranslations("editor");
  const tIndicators = await getTranslations("indicators");
  const tEdit = await getTranslations("drivers.edit");
  const tCollab = await getTranslations("collab");
  const tVersions = await getTranslations("versions");
  const tComments = await getTranslations("comments");
  const tStances = await getTranslations("stances");
  const locale = await getLocale();
  const { driver, abilities } = data;
  const canEdit = abilities["driverContent.update"];
  const indicatorOptions = catalogue.map((indicator: IndicatorOption) => ({
    value: indicator.id,
    label: `${locale === "en" ? indicator.nameEn : indicator.nameSv} (${indicator.unit})`,
  }));
  const organisationOptions = data.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }));
  const list = (values: string[], namespace: "careArea" | "changePerspective") =>
    values.length ? values.map((value) => tEnums(`${namespace}.${value}` as Parameters<typeof tEnums>[0])).join(", ") : t("none");

  const { viewer } = data;
  const textSection = (part: TextPart) => (
    <LivePartText part={part} label={tParts(`${part}.title`)} initialDoc={data.texts[part]} emptyText={tEditor("empty")} />
  );

  const indicatorSection = (part: IndicatorPart) => (
    <div className="mt-4">
      <h3 className="mb-2 text-lg font-semibold">{tIndicators("linked")}</h3>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <RegionPicker action={`/dialogues/${dialogueId}/drivers/${driverId}`} selected={region} anchor={part} />
        <p className="flex flex-wrap gap-2">
          <Link href={`/dialogues/${dialogueId}/indicators/compare`} className={buttonClass("quiet")}>
            {tPanels("compareLink")}
          </Link>
          {abilities["indicator.import"] ? (
            <Link href={`/dialogues/${dialogueId}/indicators/import`} className={buttonClass("quiet")}>
              {tPanels("importLink")}
            </Link>
          ) : null}
        </p>
      </div>
      {panels.parts[part].length === 0 ? <p className="italic text-muted">{tPanels("none")}</p> : null}
      <div className="space-y-6">
        {panels.parts[part].map((panel) => (
          <IndicatorPanel key={panel.id} panel={panel} selectedRegion={region} dialogueRegions={panels.regionCodes} targets={targetsOf(panel.id)} />
        ))}
      </div>
      {abilities["indicator.link"] ? (
        <IndicatorLinkForm
          dialogueId={dialogueId}
          driverId={driverId}
          part={part}
          linked={data.indicators[part].map((indicator) => ({ id: indicator.id, name: locale === "en" ? indicator.nameEn : indicator.nameSv }))}
          catalogue={indicatorOptions}
        />
      ) : null}
    </div>
  );

  return (
    <LiveDriverProvider
      driverId={driverId}
      userId={viewer.userId}
      user={{ name: viewer.name, organisation: viewer.organisationName, color: presenceColor(viewer.userId) }}
      canEdit={canEdit}
      leaveWarning={tCollab("leaveWarning")}
    >
      <LiveDataProvider dialogueId={dialogueId} releaseId={panels.releaseId} initialContexts={gapContexts}>
      <CommentsProvider
        dialogueId={dialogueId}
        driverId={driverId}
        viewer={commentViewer}
        initialThreads={threads}
        indicatorNames={Object.fromEntries(catalogue.map((indicator) => [indicator.id, locale === "en" ? indicator.nameEn : indicator.nameSv]))}
        mentionCandidates={commentViewer.mayComment ? mentionCandidates : []}
      >
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{data.dialogue.planningQuestion}</Link>
      </p>
      <h1 className="text-3xl font-bold">{driver.title}</h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("classification")}</dt>
        <dd>{tEnums(`whoClass.${driver.whoClass}`)}</dd>
        <dt className="font-semibold">{t("careAreas")}</dt>
        <dd>{list(driver.careAreas, "careArea")}</dd>
        <dt className="font-semibold">{t("changePerspectives")}</dt>
        <dd>{list(driver.changePerspectives, "changePerspective")}</dd>
      </dl>
      {driver.description ? <p className="mt-3 max-w-3xl whitespace-pre-line">{driver.description}</p> : null}
      {driver.sourceRef ? (
        <p className="mt-1 text-sm text-muted" lang="sv">
          {t("source", { source: driver.sourceRef })}
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        <Link href={`/dialogues/${dialogueId}/drivers/${driverId}/versions`} className={buttonClass("secondary")}>
          {tVersions("link")}
        </Link>
        {abilities["driver.update"] ? (
          <Link href={`/dialogues/${dialogueId}/drivers/${driverId}/edit`} className={buttonClass("secondary")}>
            {tEdit("link")}
          </Link>
        ) : null}
      </div>
      <DriverRoundBanner dialogueId={dialogueId} status={roundStatus} />
      <DriverAgreementStatus dialogueId={dialogueId} driverId={driverId} />
      {!canEdit && roundStatus.lock === "none" ? <p className="mt-4 rounded bg-brand-50 p-3">{t("readOnly")}</p> : null}
      <nav aria-label={t("partsNav")} className="mt-6">
        <ul className="flex flex-wrap gap-2">
          {(["nulage", "future", "desired", "gap"] as const).map((part) => (
            <li key={part}>
              <a href={`#${part}`} className={buttonClass("quiet")}>
                {tParts(`${part}.title`)}
              </a>
            </li>
          ))}
          <li>
            <a href="#stances" className={buttonClass("quiet")}>
              {tStances("title")}
            </a>
          </li>
          <li>
            <a href="#comments" className={buttonClass("quiet")}>
              {tComments("navLink")}
            </a>
          </li>
        </ul>
      </nav>
      <div className="sync-bar sticky top-0 z-20 mt-4 rounded border border-gray-300 bg-white px-4 py-2 shadow-sm">
        <SyncStatus />
      </div>
      <div className="mt-3 rounded bg-white px-4 py-3 shadow-sm">
        <PresenceList />
      </div>

      <PartSection id="nulage" title={tParts("nulage.title")} intro={tParts("nulage.intro")} lock={lockOf(locks, "nulage")} lockedText={tCollab("locked", { name: lockOf(locks, "nulage")?.lockedBy ?? "" })}>
        {textSection("nulage")}
        {indicatorSection("nulage")}
      </PartSection>
      <PartSection id="future" title={tParts("future.title")} intro={tParts("future.intro")} lock={lockOf(locks, "future")} lockedText={tCollab("locked", { name: lockOf(locks, "future")?.lockedBy ?? "" })}>
        {textSection("future")}
        {indicatorSection("future")}
      </PartSection>
      <PartSection id="desired" title={tParts("desired.title")} intro={tParts("desired.intro")} lock={lockOf(locks, "desired")} lockedText={tCollab("locked", { name: lockOf(locks, "desired")?.lockedBy ?? "" })}>
        <LiveGoals
          storedGoals={data.goalStatements}
          options={{
            indicators: indicatorOptions,
            regions: await regionOptions({ includeNational: true }),
            directions: await enumOptions("targetDirection", TARGET_DIRECTIONS),
          }}
        />
      </PartSection>
      <PartSection id="gap" title={tParts("gap.title")} intro={tParts("gap.intro")} lock={lockOf(locks, "gap")} lockedText={tCollab("locked", { name: lockOf(locks, "gap")?.lockedBy ?? "" })}>
        {textSection("gap")}
        <div className="mt-6">
          <LiveActions
            storedActions={data.gapActions}
            options={{
              horizons: await enumOptions("horizon", ACTION_HORIZONS),
              levels: await enumOptions("level", ACTION_LEVELS),
              controls: await enumOptions("control", ACTION_CONTROLS),
              organisations: organisationOptions,
            }}
          />
        </div>
      </PartSection>

      <SuggestionsSection dialogueId={dialogueId} driverId={driverId} />

      <DriverStancesSection dialogueId={dialogueId} driverId={driverId} stances={stances} organisationName={viewer.organisationName} />

      <ThreadPanel target={target} />

      <DriverPager data={data} previousLabel={t("previous")} nextLabel={t("next")} />
      </CommentsProvider>
      </LiveDataProvider>
    </LiveDriverProvider>
  );
}

/** The workshop lock covering a part, if any (a whole-driver lock covers every part). */
function lockOf(locks: WorkshopLock[], part: DriverPart): WorkshopLock | undefined {
  return locks.find((lock) => lockCovers(lock.scope, part));
}

function PartSection({ id, title, intro, lock, lockedText, children }: { id: string; title: string; intro: string; lock?: WorkshopLock; lockedText: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="mt-8 scroll-mt-4 rounded bg-white p-5 shadow-sm">
      <h2 id={`${id}-title`} className="text-2xl font-bold">
        {title}
      </h2>
      <p className="mb-4 text-muted">{intro}</p>
      {lock ? (
        <p className="mb-4 rounded border border-warning bg-brand-50 p-3 font-semibold" data-testid={`locked-${id}`}>
          🔒 {lockedText}
        </p>
      ) : null}
      <LockedPart locked={Boolean(lock)}>{children}</LockedPart>
    </section>
  );
}

function DriverPager({ data, previousLabel, nextLabel }: { data: DriverPageData; previousLabel: string; nextLabel: string }) {
  const base = `/dialogues/${data.dialogue.id}/drivers`;
  return (
    <nav aria-label={`${previousLabel} / ${nextLabel}`} className="mt-8 flex justify-between">
      {data.previousDriverId ? <Link href={`${base}/${data.previousDriverId}`}>← {previousLabel}</Link> : <span />}
      {data.nextDriverId ? <Link href={`${base}/${data.nextDriverId}`}>{nextLabel} →</Link> : <span />}
    </nav>
  );
}
