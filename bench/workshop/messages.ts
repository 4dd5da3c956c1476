/** What bench/workshop.ts and its server process (bench/workshop/server.ts) say to each other over IPC. */
export const BENCH_ORIGIN = "http://bench.samsyn.test";
export const COOKIE = "samsyn.session";

export type ParentMessage =
  | { type: "focus"; id: number; driverId: string; part: string }
  | { type: "reference"; id: number; bytes: number }
  | { type: "rss" }
  | { type: "stop" };

export type ChildMessage =
  | { type: "ready"; port: number; referencePort: number; workshopId: string; driverIds: string[]; cookies: string[] }
  | { type: "done"; id: number; error?: string }
  | { type: "rss"; rssMb: number };

