import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { indicators } from "@/db/schema";
import type { Actor } from "../access";

export interface IndicatorOption {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
}

/** The indicator catalogue (public NPS figures) for linking to drivers and targets. */
export async function listIndicatorCatalogue(_actor: Actor): Promise<IndicatorOption[]> {
  return getDb()
    .select({ id: indicators.id, nameSv: indicators.nameSv, nameEn: indicators.nameEn, unit: indicators.unit })
    .from(indicators)
    .orderBy(asc(indicators.nameSv));
}
