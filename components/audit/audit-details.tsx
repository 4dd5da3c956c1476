import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { MEMBER_ROLES, type MemberRole } from "@/lib/model/enums";
import { STANCE_VALUES } from "@/lib/model/round";
import type { AuditEntry } from "@/lib/server/services/audit-log";

function text(value: unknown): string | null {
  return typeof value === "string" && value.length ? value : null;
}

/** One record's details in words: what it concerned, with links where the thing still exists. */
export async function AuditDetails({ dialogueId, entry }: { dialogueId: string; entry: AuditEntry }) {
  const t = await getTranslations("audit.detail");
  const tStances = await getTranslations("stances");
  const tRoles = await getTranslations("enums.role");
  const format = await getFormatter();
  const { subject } = entry;
  const role = (value: unknown) => (MEMBER_ROLES as readonly unknown[]).includes(value) ? tRoles(value as MemberRole) : String(value ?? "");
  const date = (value: unknown) => (text(value) ? format.dateTime(new Date(String(value)), { dateStyle: "medium", timeStyle: "short" }) : "");
  const parts: React.ReactNode[] = [];
  const roundId = text(subject.roundId);
  const title = text(subject.title);
  if (roundId && title) parts.push(<Link key="round" href={`/dialogues/${dialogueId}/rounds/${roundId}`}>{title}</Link>);
  const workshopId = text(subject.workshopId);
  if (workshopId && title) parts.push(<Link key="workshop" href={`/dialogues/${dialogueId}/workshops/${workshopId}`}>{title}</Link>);
  if (entry.driverTitle) parts.push(<Link key="driver" href={`/dialogues/${dialogueId}/drivers/${String(subject.driverId)}`}>{entry.driverTitle}</Link>);
  if (entry.organisationName) parts.push(<span key="organisation">{entry.organisationName}</span>);
  switch (entry.kind) {
    case "round.extended":
      parts.push(<span key="dates">{t("deadline", { from: date(subject.from), to: date(subject.to) })}</span>);
      break;
    case "round.closed":
      if (subject.early === true) parts.push(<span key="early">{t("early")}</span>);
      break;
    case "stance.given":
      if ((STANCE_VALUES as readonly unknown[]).includes(subject.value)) parts.push(<strong key="value">{tStances(`value.${subject.value as (typeof STANCE_VALUES)[number]}`)}</strong>);
      break;
    case "member.role_changed":
      parts.push(<span key="role">{t("role", { name: String(subject.name ?? ""), from: role(subject.from), to: role(subject.to) })}</span>);
      break;
    case "goalSet.imported":
      parts.push(<span key="imported">{t("imported", { file: String(subject.fileName || "–"), drivers: Number(subject.driverCount ?? 0) })}</span>);
      break;
    case "member.removed":
      parts.push(<span key="member">{t("member", { name: String(subject.name ?? ""), role: role(subject.role) })}</span>);
      break;
    default:
      break;
  }
  const explanation = text(subject.reason) ?? text(subject.note);
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? " · " : null}
          {part}
        </span>
      ))}
      {explanation ? <span className="mt-1 block whitespace-pre-line">{explanation}</span> : null}
    </>
  );
}
