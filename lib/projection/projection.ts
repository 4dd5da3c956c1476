/**
 * The expected future (förväntad framtid) as seed 003 Bilaga 2 defines it: future consumption =
 * Σᵢ nᵢ × xᵢ over the age bands i, with nᵢ the projected population of band i (SCB's forecast) and
 * xᵢ the consumption per inhabitant of band i in the base year. Consumption per inhabitant is held
 * constant: no trend assumptions, so the projection shows only what the population change does.
 */

/** Seed 003's age bands: ten-year bands up to 89, then 90 and over. Files write them like this. */
export const AGE_BANDS = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export type ByAgeBand = Partial<Record<AgeBand, number>>;

/**
 * Σ over the ten bands of population × consumption per inhabitant. Null when any band lacks a
 * figure: a missing band would silently understate the total, so no partial sum is returned.
 */
export function projectConsumption(population: ByAgeBand, consumptionPerInhabitant: ByAgeBand): number | null {
  let total = 0;
  for (const band of AGE_BANDS) {
    const people = population[band];
    const perInhabitant = consumptionPerInhabitant[band];
    if (people === undefined || perInhabitant === undefined) return null;
    total += people * perInhabitant;
  }
  return total;
}

export interface ProjectionPoint {
  year: number;
  /** Projected consumption in the indicator's unit. */
  value: number;
  /** Change against the base year's projected total, in per cent; null when that total is 0. */
  changePct: number | null;
}

export interface ProjectionInputs {
  /** The base year of the consumption figures (Bilaga 2: 2023). */
  baseYear: number;
  consumptionPerInhabitant: ByAgeBand;
  /** Projected population per year and band. */
  populationByYear: ReadonlyMap<number, ByAgeBand>;
}

/**
 * The projected series from the base year on: one point per year whose population is complete.
 * The change is measured against the projection for the base year itself (same formula, same
 * inputs), so the percentages are pure population effects, as in seed 003's +7 % / +13 %.
 */
export function projectSeries(inputs: ProjectionInputs): ProjectionPoint[] {
  const years = [...inputs.populationByYear.keys()].filter((year) => year >= inputs.baseYear).sort((a, b) => a - b);
  const basePopulation = inputs.populationByYear.get(inputs.baseYear);
  const baseTotal = basePopulation ? projectConsumption(basePopulation, inputs.consumptionPerInhabitant) : null;
  const points: ProjectionPoint[] = [];
  for (const year of years) {
    const value = projectConsumption(inputs.populationByYear.get(year)!, inputs.consumptionPerInhabitant);
    if (value === null) continue;
    const changePct = baseTotal ? ((value - baseTotal) / baseTotal) * 100 : null;
    points.push({ year, value, changePct });
  }
  return points;
}

/** The projected value at `year`, or null when the inputs do not reach it. */
export function projectionAt(points: readonly ProjectionPoint[], year: number): number | null {
  return points.find((point) => point.year === year)?.value ?? null;
}
