"use client";

/**
 * Private writing and dot voting in the workshop (issue 9, parts 3 and 4): the facilitator's
 * controls and everyone's panels, drawn from the `activity` the workshop room pushes (or the
 * page's first render). Reveals and the dots left are announced politely; a vote is a fieldset
 * per target with a number field and − / + buttons.
 */
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import {
  castVoteAction,
  closePromptAction,
  closeVoteAction,
  openPromptAction,
  openVoteAction,
  revealPromptAction,
  revealVoteAction,
  saveAnswerAction,
  useAnswerAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/workshops/activity-actions";
import { ActionForm, useFieldError } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button-class";
import { ChoiceGroup, SelectField, TextArea, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ACTIVITY_LIMITS, dotsField, type PromptView, type VoteView, type WorkshopActivity } from "@/lib/workshop/activity";

/** No prompt and no vote (a state from before the activity was part of the live state). */
export const NO_ACTIVITY: WorkshopActivity = { prompt: null, vote: null };

export interface ActivityDriver {
  id: string;
  title: string;
}

interface Props {
  activity: WorkshopActivity;
  dialogueId: string;
  workshopId: string;
  isFacilitator: boolean;
  /** The agenda's drivers (or the dialogue's): where a prompt or an answer's goal goes. */
  drivers: ActivityDriver[];
  /** The driver the facilitator points at now, the prompt's default. */
  focusDriverId?: string | null;
}

function Hidden({ dialogueId, workshopId }: { dialogueId: string; workshopId: string }) {
  return (
    <>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="workshopId" value={workshopId} />
    </>
  );
}

/** Announces `message` politely when `key` changes to a new value (not on the first render). */
function useAnnouncement(key: string | null, message: string | null): string {
  const previous = useRef(key);
  const [said, setSaid] = useState("");
  useEffect(() => {
    if (previous.current !== key && message) setSaid(message);
    previous.current = key;
  }, [key, message]);
  return said;
}

export function WorkshopActivityView(props: Props) {
  const t = useTranslations("workshops.activity");
  const { activity } = props;
  const promptAnnouncement = useAnnouncement(
    activity.prompt ? `${activity.prompt.id}:${activity.prompt.status}` : null,
    activity.prompt ? (activity.prompt.status === "revealed" ? t("prompt.revealedAnnouncement") : activity.prompt.status === "open" ? t("prompt.openedAnnouncement", { question: activity.prompt.question }) : t("prompt.closedAnnouncement")) : null,
  );
  const voteAnnouncement = useAnnouncement(
    activity.vote ? `${activity.vote.id}:${activity.vote.status}` : null,
    activity.vote ? (activity.vote.status === "revealed" ? t("vote.revealedAnnouncement") : activity.vote.status === "open" ? t("vote.openedAnnouncement", { title: activity.vote.title }) : t("vote.closedAnnouncement")) : null,
  );
  return (
    <div className="space-y-8">
      <p role="status" className="sr-only">
        {[promptAnnouncement, voteAnnouncement].filter(Boolean).join(" ")}
      </p>
      <section aria-labelledby="prompt-heading" className="rounded border border-gray-300 bg-white p-4">
        <h2 id="prompt-heading" className="text-2xl font-bold">
          {t("prompt.title")}
        </h2>
        {props.isFacilitator ? <FacilitatorPrompt {...props} /> : null}
        {activity.prompt ? <PromptPanel {...props} prompt={activity.prompt} /> : <p className="mt-2 text-muted">{t("prompt.none")}</p>}
      </section>
      <section aria-labelledby="vote-heading" className="rounded border border-gray-300 bg-white p-4">
        <h2 id="vote-heading" className="text-2xl font-bold">
          {t("vote.title")}
        </h2>
        {props.isFacilitator ? <FacilitatorVote {...props} /> : null}
        {activity.vote ? <VotePanel {...props} vote={activity.vote} /> : <p className="mt-2 text-muted">{t("vote.none")}</p>}
      </section>
    </div>
  );
}

// --- private writing ---------------------------------------------------------------------------

function FacilitatorPrompt({ activity, dialogueId, workshopId, drivers, focusDriverId }: Props) {
  const t = useTranslations("workshops.activity.prompt");
  const prompt = activity.prompt;
  return (
    <div className="mt-3 space-y-4">
      {prompt && prompt.status !== "revealed" ? (
        <div className="flex flex-wrap items-end gap-4">
          <p className="font-semibold" data-testid="answered-count">
            {t("answered", { count: prompt.answered })}
          </p>
          {prompt.status === "open" ? (
            <ActionForm action={closePromptAction} successMessage={t("closed")}>
              <Hidden dialogueId={dialogueId} workshopId={workshopId} />
              <input type="hidden" name="promptId" value={prompt.id} />
              <SubmitButton variant="secondary">{t("close")}</SubmitButton>
            </ActionForm>
          ) : null}
          <ActionForm action={revealPromptAction} successMessage={t("revealed")}>
            <Hidden dialogueId={dialogueId} workshopId={workshopId} />
            <input type="hidden" name="promptId" value={prompt.id} />
            <label className="mb-2 flex items-center gap-2">
              <input type="checkbox" name="anonymous" className="h-5 w-5 accent-brand-700" />
              <span>{t("anonymous")}</span>
            </label>
            <SubmitButton>{t("reveal")}</SubmitButton>
          </ActionForm>
        </div>
      ) : null}
      <details className="rounded border border-gray-300 p-3" open={!prompt}>
        <summary className="cursor-pointer font-semibold">{t("openTitle")}</summary>
        <ActionForm action={openPromptAction} successMessage={t("opened")} resetOnSuccess label={t("openTitle")}>
          <Hidden dialogueId={dialogueId} workshopId={workshopId} />
          <TextArea name="question" label={t("question")} hint={t("questionHint")} rows={2} maxLength={ACTIVITY_LIMITS.questionLength} required />
          <SelectField
            name="driverId"
            label={t("driver")}
            emptyLabel={t("noDriver")}
            defaultValue={focusDriverId ?? ""}
            options={drivers.map((driver) => ({ value: driver.id, label: driver.title }))}
          />
          <SubmitButton>{t("open")}</SubmitButton>
        </ActionForm>
      </details>
    </div>
  );
}

function PromptPanel({ prompt, dialogueId, workshopId, isFacilitator, drivers }: Props & { prompt: PromptView }) {
  const t = useTranslations("workshops.activity.prompt");
  return (
    <div className="mt-4">
      <p className="text-xl font-semibold" data-testid="prompt-question">
        {prompt.question}
      </p>
      {prompt.driverTitle ? <p className="text-muted">{t("about", { driver: prompt.driverTitle })}</p> : null}
      <p className="text-sm text-muted">{t(`status.${prompt.status}`)}</p>
      {prompt.canAnswer ? (
        <ActionForm action={saveAnswerAction} successMessage={t("saved")} label={t("answerForm")}>
          <Hidden dialogueId={dialogueId} workshopId={workshopId} />
          <input type="hidden" name="promptId" value={prompt.id} />
          <TextArea name="body" label={t("yourAnswer")} hint={t("private")} defaultValue={prompt.myAnswer} rows={3} maxLength={ACTIVITY_LIMITS.answerLength} required />
          <SubmitButton>{prompt.myAnswer ? t("update") : t("save")}</SubmitButton>
        </ActionForm>
      ) : prompt.myAnswer && prompt.status !== "revealed" ? (
        <p className="mt-2">
          {t("yourAnswerWas")} <q>{prompt.myAnswer}</q>
        </p>
      ) : null}
      {prompt.answers ? (
        <div className="mt-4">
          <h3 className="text-lg font-semibold">{prompt.anonymous ? t("answersAnonymous", { count: prompt.answers.length }) : t("answers", { count: prompt.answers.length })}</h3>
          {prompt.answers.length === 0 ? <p>{t("noAnswers")}</p> : null}
          <ul className="mt-2 space-y-3">
            {prompt.answers.map((answer) => (
              <li key={answer.id} className="rounded border border-gray-300 p-3">
                <p className="whitespace-pre-wrap text-lg">{answer.body}</p>
                <p className="text-sm text-muted">{answer.author ? `${answer.author.name}, ${answer.author.organisation}${answer.mine ? ` (${t("mine")})` : ""}` : t("anonymousAuthor")}</p>
                {answer.uses.length ? (
                  <p className="text-sm">
                    {answer.uses.map((use) => t(`became.${use.use}`, { driver: drivers.find((driver) => driver.id === use.driverId)?.title ?? "" })).join(" · ")}
                  </p>
                ) : null}
                {isFacilitator ? <UseAnswerForm answerId={answer.id} dialogueId={dialogueId} workshopId={workshopId} drivers={drivers} defaultDriverId={prompt.driverId} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function UseAnswerForm({ answerId, dialogueId, workshopId, drivers, defaultDriverId }: { answerId: string; dialogueId: string; workshopId: string; drivers: ActivityDriver[]; defaultDriverId: string | null }) {
  const t = useTranslations("workshops.activity.use");
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-brand-800 underline">{t("summary")}</summary>
      <ActionForm action={useAnswerAction} successMessage={t("done")} className="mt-2 grid gap-x-4 sm:grid-cols-2">
        <Hidden dialogueId={dialogueId} workshopId={workshopId} />
        <input type="hidden" name="answerId" value={answerId} />
        <SelectField
          name="use"
          label={t("as")}
          defaultValue="goal"
          options={(["goal", "action", "comment"] as const).map((use) => ({ value: use, label: t(`uses.${use}`) }))}
        />
        <SelectField name="driverId" label={t("driver")} defaultValue={defaultDriverId ?? drivers[0]?.id ?? ""} options={drivers.map((driver) => ({ value: driver.id, label: driver.title }))} />
        <div>
          <SubmitButton variant="secondary">{t("submit")}</SubmitButton>
        </div>
      </ActionForm>
    </details>
  );
}

// --- dot voting --------------------------------------------------------------------------------

function FacilitatorVote({ activity, dialogueId, workshopId }: Props) {
  const t = useTranslations("workshops.activity.vote");
  const vote = activity.vote;
  return (
    <div className="mt-3 space-y-4">
      {vote && vote.status !== "revealed" ? (
        <div className="flex flex-wrap items-end gap-4">
          <p className="font-semibold" data-testid="vote-turnout">
            {t("turnout", { voters: vote.turnout?.voters ?? 0, dots: vote.turnout?.dots ?? 0 })}
          </p>
          {vote.status === "open" ? (
            <ActionForm action={closeVoteAction} successMessage={t("closed")}>
              <Hidden dialogueId={dialogueId} workshopId={workshopId} />
              <input type="hidden" name="voteId" value={vote.id} />
              <SubmitButton variant="secondary">{t("close")}</SubmitButton>
            </ActionForm>
          ) : null}
          <ActionForm action={revealVoteAction} successMessage={t("revealed")}>
            <Hidden dialogueId={dialogueId} workshopId={workshopId} />
            <input type="hidden" name="voteId" value={vote.id} />
            <SubmitButton>{t("reveal")}</SubmitButton>
          </ActionForm>
        </div>
      ) : null}
      {vote && vote.status !== "revealed" && vote.results ? (
        <details className="rounded border border-gray-300 p-3">
          <summary className="cursor-pointer font-semibold">{t("preview")}</summary>
          <VoteResults vote={vote} />
        </details>
      ) : null}
      <details className="rounded border border-gray-300 p-3" open={!vote}>
        <summary className="cursor-pointer font-semibold">{t("openTitle")}</summary>
        <ActionForm action={openVoteAction} successMessage={t("opened")} resetOnSuccess label={t("openTitle")}>
          <Hidden dialogueId={dialogueId} workshopId={workshopId} />
          <TextField name="title" label={t("question")} maxLength={ACTIVITY_LIMITS.voteTitleLength} required />
          <ChoiceGroup
            name="targetKind"
            type="radio"
            legend={t("targetKind")}
            defaultValues={["goal"]}
            options={(["goal", "action", "driver"] as const).map((kind) => ({ value: kind, label: t(`targetKinds.${kind}`) }))}
          />
          <ChoiceGroup
            name="mode"
            type="radio"
            legend={t("mode")}
            defaultValues={["participant"]}
            options={(["participant", "organisation"] as const).map((mode) => ({ value: mode, label: t(`modes.${mode}`) }))}
          />
          <TextField name="dotsPerVoter" label={t("dots")} hint={t("dotsHint", { min: ACTIVITY_LIMITS.dotsMin, max: ACTIVITY_LIMITS.dotsMax })} inputMode="numeric" defaultValue={3} required />
          <SubmitButton>{t("open")}</SubmitButton>
        </ActionForm>
      </details>
    </div>
  );
}

function VotePanel({ vote, dialogueId, workshopId }: Props & { vote: VoteView }) {
  const t = useTranslations("workshops.activity.vote");
  return (
    <div className="mt-4">
      <p className="text-xl font-semibold" data-testid="vote-title">
        {vote.title}
      </p>
      <p className="text-sm text-muted">
        {t(`status.${vote.status}`)} · {t(vote.mode === "organisation" ? "perOrganisation" : "perParticipant", { dots: vote.dotsPerVoter })}
      </p>
      {vote.canVote && vote.myAllocation ? <AllocationForm vote={vote} allocation={vote.myAllocation} dialogueId={dialogueId} workshopId={workshopId} /> : null}
      {!vote.canVote && vote.myAllocation && Object.keys(vote.myAllocation).length && vote.status !== "revealed" ? (
        <p className="mt-2">{t("yourDotsSaved", { dots: Object.values(vote.myAllocation).reduce((sum, value) => sum + value, 0) })}</p>
      ) : null}
      {vote.status === "revealed" && vote.results ? (
        <div className="mt-4">
          <h3 className="text-lg font-semibold">{t("results")}</h3>
          {vote.turnout ? <p>{t("turnout", vote.turnout)}</p> : null}
          <VoteResults vote={vote} />
        </div>
      ) : vote.status !== "revealed" && !vote.results ? (
        <p className="mt-3 text-muted">{t("hidden")}</p>
      ) : null}
    </div>
  );
}

function AllocationForm({ vote, allocation, dialogueId, workshopId }: { vote: VoteView; allocation: Record<string, number>; dialogueId: string; workshopId: string }) {
  const t = useTranslations("workshops.activity.vote");
  const [dots, setDots] = useState<Record<string, number>>(allocation);
  const saved = JSON.stringify(allocation);
  // A save from another tab (or the organisation's other members) arrives as a new allocation.
  useEffect(() => setDots(JSON.parse(saved) as Record<string, number>), [saved]);
  const used = Object.values(dots).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
  const left = vote.dotsPerVoter - used;
  const set = (targetId: string, value: number) => setDots((current) => ({ ...current, [targetId]: Math.max(0, Math.min(vote.dotsPerVoter, value)) }));
  return (
    <ActionForm action={castVoteAction} successMessage={t("saved")} label={t("allocationForm")} className="mt-3">
      <Hidden dialogueId={dialogueId} workshopId={workshopId} />
      <input type="hidden" name="voteId" value={vote.id} />
      <p role="status" aria-live="polite" className={`mb-3 font-semibold ${left < 0 ? "text-danger" : ""}`} data-testid="dots-left">
        {left < 0 ? t("overBy", { count: -left }) : t("left", { count: left, total: vote.dotsPerVoter })}
      </p>
      <AllocationError />
      <div className="space-y-3">
        {vote.targets.map((target) => (
          <DotsFieldset key={target.id} label={target.label} context={target.context} name={dotsField(target.id)} value={dots[target.id] ?? 0} max={vote.dotsPerVoter} canAdd={left > 0} onChange={(value) => set(target.id, value)} />
        ))}
      </div>
      <div className="mt-3">
        <SubmitButton>{t("save")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

function AllocationError() {
  const error = useFieldError("allocation");
  const t = useTranslations();
  if (!error) return null;
  return <p className="mb-2 font-semibold text-danger">{t(`validation.${error.key}`, error.params ?? {})}</p>;
}

function DotsFieldset({ label, context, name, value, max, canAdd, onChange }: { label: string; context: string; name: string; value: number; max: number; canAdd: boolean; onChange: (value: number) => void }) {
  const t = useTranslations("workshops.activity.vote");
  const id = useId();
  const error = useFieldError(name);
  return (
    <fieldset className="rounded border border-gray-300 p-3">
      <legend className="px-1 font-semibold">
        {label}
        {context ? <span className="font-normal text-muted"> – {context}</span> : null}
      </legend>
      <div className="flex items-center gap-2">
        <button type="button" className={buttonClass("secondary")} aria-label={t("remove", { target: label })} aria-disabled={value <= 0} onClick={() => value > 0 && onChange(value - 1)}>
          −
        </button>
        <label htmlFor={id} className="sr-only">
          {t("dotsOn", { target: label })}
        </label>
        <input
          id={id}
          name={name}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          aria-invalid={Boolean(error)}
          onChange={(event) => onChange(event.target.value === "" ? 0 : Number(event.target.value))}
          className="w-20 rounded border border-gray-500 px-2 py-2 text-center text-lg"
        />
        <button type="button" className={buttonClass("secondary")} aria-label={t("add", { target: label })} aria-disabled={!canAdd} onClick={() => canAdd && onChange(value + 1)}>
          +
        </button>
        <span aria-hidden="true" className="ml-2 tracking-widest text-brand-700">
          {"●".repeat(Math.min(value, max))}
        </span>
      </div>
    </fieldset>
  );
}

/** The tally as a table with a bar per target (the bar is drawn, the numbers are read). */
export function VoteResults({ vote }: { vote: Pick<VoteView, "targets" | "results" | "title"> }) {
  const t = useTranslations("workshops.activity.vote");
  if (!vote.results) return null;
  const labelOf = new Map(vote.targets.map((target) => [target.id, target]));
  const most = Math.max(1, ...vote.results.rows.map((row) => row.dots));
  return (
    <table className="mt-2 w-full border-collapse text-left" data-testid="vote-results">
      <caption className="sr-only">{t("resultsCaption", { title: vote.title })}</caption>
      <thead>
        <tr className="border-b border-gray-400">
          <th scope="col" className="py-1 pr-2">
            {t("rank")}
          </th>
          <th scope="col" className="py-1 pr-2">
            {t("target")}
          </th>
          <th scope="col" className="py-1 pr-2">
            {t("dotsColumn")}
          </th>
          <th scope="col" className="py-1 pr-2">
            {t("votersColumn")}
          </th>
        </tr>
      </thead>
      <tbody>
        {vote.results.rows.map((row) => {
          const target = labelOf.get(row.targetId);
          return (
            <tr key={row.targetId} className="border-b border-gray-200 align-top">
              <td className="py-2 pr-2">{row.rank}</td>
              <th scope="row" className="py-2 pr-2 font-normal">
                {target?.label}
                {target?.context ? <span className="block text-sm text-muted">{target.context}</span> : null}
              </th>
              <td className="w-1/3 py-2 pr-2">
                <span className="flex items-center gap-2">
                  <span className="w-8 text-right font-semibold">{row.dots}</span>
                  <span aria-hidden="true" className="inline-block h-4 rounded bg-brand-700" style={{ width: `${(row.dots / most) * 100}%`, minWidth: row.dots ? "0.25rem" : 0 }} />
                </span>
              </td>
              <td className="py-2 pr-2">{row.voters}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * For the projector: the open question, and what has been revealed (the answers, the vote's
 * result). A facilitator's running tally (`preview`) is never projected.
 */
export function ProjectedActivity({ activity }: { activity: WorkshopActivity }) {
  const t = useTranslations("workshops.activity");
  const { prompt, vote } = activity;
  const revealedVote = vote && vote.results && !vote.results.preview ? vote : null;
  if (!prompt && !revealedVote) return null;
  return (
    <div className="mt-10 space-y-8 text-3xl" data-testid="projected-activity">
      {prompt ? (
        <section aria-labelledby="projected-prompt">
          <h2 id="projected-prompt" className="text-4xl font-bold">
            {prompt.question}
          </h2>
          {prompt.answers ? (
            <ul className="mt-4 list-disc space-y-2 pl-10">
              {prompt.answers.map((answer) => (
                <li key={answer.id}>
                  {answer.body}
                  {answer.author ? <span className="text-2xl text-gray-300"> ({answer.author.name})</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2">{t("prompt.answered", { count: prompt.answered })}</p>
          )}
        </section>
      ) : null}
      {revealedVote ? (
        <section aria-labelledby="projected-vote">
          <h2 id="projected-vote" className="text-4xl font-bold">
            {revealedVote.title}
          </h2>
          <ol className="mt-4 space-y-2">
            {revealedVote.results!.rows.map((row) => (
              <li key={row.targetId}>
                {row.rank}. {revealedVote.targets.find((target) => target.id === row.targetId)?.label}: {t("vote.dotsCount", { dots: row.dots })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
