/** How far a driver's four parts are filled in, for the dialogue overview. */
import type { DriverPart } from "./enums";

export interface DriverContentCounts {
  nulageTextLength: number;
  nulageIndicatorCount: number;
  futureTextLength: number;
  futureIndicatorCount: number;
  goalStatementCount: number;
  gapTextLength: number;
  gapActionCount: number;
}

export type DriverProgress = Record<DriverPart, boolean> & { filled: number; total: 4 };

/**
 * A part counts as filled when it has its own content: text or linked evidence for nuläge and
 * förväntad framtid, at least one goal statement for önskat läge, and both a narrative and an
 * action for the gap (the gap is only analysed when it says what closes it).
 */
export function driverProgress(counts: DriverContentCounts): DriverProgress {
  const parts = {
    nulage: counts.nulageTextLength > 0 || counts.nulageIndicatorCount > 0,
    future: counts.futureTextLength > 0 || counts.futureIndicatorCount > 0,
    desired: counts.goalStatementCount > 0,
    gap: counts.gapTextLength > 0 && counts.gapActionCount > 0,
  };
  return { ...parts, filled: Object.values(parts).filter(Boolean).length, total: 4 };
}
