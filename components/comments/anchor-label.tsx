"use client";

import { useTranslations } from "next-intl";
import type { CommentAnchor } from "@/lib/model/comment";
import type { CommentTextPart, TextPart } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import { useComments } from "./comments-context";
import { useAnchorState } from "./use-anchor-state";

/** The part of the page a passage's part is shown in (goal statements under önskat läge, actions under gap). */
export const PART_SECTION: Record<CommentTextPart, TextPart | "desired"> = {
  nulage: "nulage",
  future: "future",
  gap: "gap",
  goal: "desired",
  action: "gap",
};

/** What a thread is about, in words: the driver, a passage in a part (and whether it still holds), a data point. */
export function AnchorLabel({ anchor }: { anchor: CommentAnchor }) {
  const t = useTranslations("comments.anchor");
  const tParts = useTranslations("parts");
  const tRegions = useTranslations("regions");
  const { indicatorNames } = useComments();
  const textState = useAnchorState(anchor);
  switch (anchor.kind) {
    case "driver":
      return <>{t("driver")}</>;
    case "data_point": {
      const indicator = indicatorNames[anchor.indicatorId] ?? anchor.indicatorId;
      const region = anchor.regionCode === "00" ? tRegions("national") : (REGION_NAMES[anchor.regionCode as keyof typeof REGION_NAMES] ?? anchor.regionCode);
      return <>{anchor.period ? t("dataPoint", { indicator, region, period: anchor.period }) : t("dataPointNoPeriod", { indicator, region })}</>;
    }
    case "text": {
      const section = PART_SECTION[anchor.part];
      return (
        <>
          {t("text", { part: tParts(`${section}.title`) })}{" "}
          {textState === "detached" ? (
            <span className="block text-sm font-normal italic text-muted">{t("detached")}</span>
          ) : (
            <a href={`#${section}`} className="text-sm font-normal underline">
              {t("showInText")}
            </a>
          )}
        </>
      );
    }
  }
}
