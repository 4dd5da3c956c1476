/**
 * The workshop's live state (lib/workshop/live-state.ts) and the room's document names: presence
 * grouping, which roots a lock closes, the timer's arithmetic and what it announces.
 */
import { describe, expect, it } from "vitest";
import { parseDocumentName, workshopRoomName } from "@/lib/collab/protocol";
import { DRIVER_DOC_ROOTS } from "@/lib/collab/driver-doc";
import { crossedMilestone, formatTimer, groupPresence, lockCovers, lockedRoots, ROOT_PARTS, timerRemainingMs } from "@/lib/workshop/live-state";

const ID = "3f0c2a56-0d7e-4c1a-9a55-1a2b3c4d5e6f";

describe("document names", () => {
  it("tells drivers and workshops apart and refuses anything else", () => {
    expect(parseDocumentName(`driver.${ID}`)).toEqual({ kind: "driver", driverId: ID });
    expect(parseDocumentName(workshopRoomName(ID))).toEqual({ kind: "workshop", workshopId: ID });
    for (const name of [`workshop.${ID.toUpperCase()}`, `workshops.${ID}`, `workshop.${ID}x`, "workshop.", `round.${ID}`]) expect(parseDocumentName(name)).toBeNull();
  });
});

describe("locks", () => {
  it("map every root of a driver document to a part", () => {
    expect(new Set(Object.keys(ROOT_PARTS))).toEqual(DRIVER_DOC_ROOTS);
  });

  it("close the roots of their parts, and every root for the whole driver", () => {
    expect(lockedRoots(["nulage"])).toEqual(new Set(["nulage"]));
    expect(lockedRoots(["desired"])).toEqual(new Set(["goals"]));
    expect(lockedRoots(["gap", "future"])).toEqual(new Set(["gap", "actions", "future"]));
    expect(lockedRoots(["nulage", "all"])).toEqual(DRIVER_DOC_ROOTS);
    expect(lockedRoots([])).toEqual(new Set());
    expect(lockCovers("all", "gap")).toBe(true);
    expect(lockCovers("nulage", "gap")).toBe(false);
  });
});

describe("presence", () => {
  it("lists a person once however many tabs, grouped by organisation in Swedish order", () => {
    const groups = groupPresence([
      { userId: "b", name: "Örjan", organisation: "Region Östergötland", facilitator: false },
      { userId: "a", name: "Anna", organisation: "Akademikerförbundet", facilitator: true },
      { userId: "b", name: "Örjan", organisation: "Region Östergötland", facilitator: false },
      { userId: "c", name: "Åsa", organisation: "Region Östergötland", facilitator: false },
      { userId: "d", name: "Bo", organisation: "Region Uppsala", facilitator: false },
    ]);
    expect(groups.map((group) => group.organisation)).toEqual(["Akademikerförbundet", "Region Uppsala", "Region Östergötland"]);
    expect(groups[2]!.people.map((person) => person.name)).toEqual(["Åsa", "Örjan"]);
    expect(groups[0]!.people[0]!.facilitator).toBe(true);
  });
});

describe("the timer", () => {
  const timer = { driverId: ID, timeboxSeconds: 600, elapsedMs: 60_000, runningSince: "2026-11-25T10:00:00.000Z" };

  it("counts down from the server's start time and what had elapsed", () => {
    expect(timerRemainingMs(timer, Date.parse("2026-11-25T10:01:00Z"))).toBe(480_000);
    expect(timerRemainingMs({ ...timer, runningSince: null }, Date.parse("2026-11-25T11:00:00Z"))).toBe(540_000);
    expect(timerRemainingMs(timer, Date.parse("2026-11-25T10:10:00Z"))).toBe(-60_000);
  });

  it("announces only 5 minutes left, 1 minute left and time up", () => {
    expect(crossedMilestone(300_500, 299_500)).toBe(300_000);
    expect(crossedMilestone(299_500, 298_500)).toBeNull();
    expect(crossedMilestone(60_200, 59_900)).toBe(60_000);
    expect(crossedMilestone(400, -600)).toBe(0);
    expect(crossedMilestone(-600, -1_600)).toBeNull();
    // A jump over several (a tab that slept) announces the latest.
    expect(crossedMilestone(400_000, 30_000)).toBe(60_000);
  });

  it("shows minutes and seconds, and how far over time", () => {
    expect(formatTimer(600_000)).toBe("10:00");
    expect(formatTimer(59_001)).toBe("01:00");
    expect(formatTimer(0)).toBe("00:00");
    expect(formatTimer(-61_000)).toBe("−01:01");
  });
});
