/**
 * The background queues and how Next's code reaches the job runner of this process.
 *
 * The runner (pg-boss, lib/server/jobs/runner.ts) is started by the custom server
 * (scripts/server.ts), outside Next's bundle; Next bundles its own copy of our modules, so the
 * runner registers itself on globalThis and services enqueue through `enqueue` below, passing only
 * plain data. Without a runner in the process (unit and integration tests, scripts) nothing is
 * enqueued: the notification rows stay, and what was not mailed is picked up by the sweep when a
 * runner runs (see runner.ts).
 */

export const QUEUES = {
  /** One immediate mail per notification: `{ notificationId }`; retried, sent at most once (the claim). */
  notificationMail: "notification-mail",
  /** The daily digest (cron, 07:00 Europe/Stockholm): one mail per `daily_digest` user. */
  notificationDigest: "notification-digest",
  /** Every 10 minutes: immediate mails that were never enqueued (no runner at the time, a lost send). */
  notificationMailSweep: "notification-mail-sweep",
  /** A round's moments (issue 7), each sent to start at its time: `{ roundId }`, `{ roundId, closesAt }`. */
  roundOpen: "round-open",
  roundClose: "round-close",
  roundReminder: "round-reminder",
  /** Every minute: rounds due to open, close or be reminded that no job carried (lib/server/rounds). */
  roundSweep: "round-sweep",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  "notification-mail": { notificationId: string };
  "notification-digest": Record<string, never>;
  "notification-mail-sweep": Record<string, never>;
  "round-open": { roundId: string };
  /** `closesAt` is the deadline the job was sent for: after an extension the old job does nothing. */
  "round-close": { roundId: string; closesAt: string };
  "round-reminder": { roundId: string; closesAt: string; hoursBefore: number };
  "round-sweep": Record<string, never>;
}

/** A job to run at a given moment rather than at once. */
export interface TimedJob<Q extends QueueName> {
  data: JobPayloads[Q];
  startAfter: Date;
}

/** What the runner offers the rest of the process. */
export interface JobHost {
  enqueue<Q extends QueueName>(queue: Q, payloads: JobPayloads[Q][]): Promise<void>;
  enqueueAt<Q extends QueueName>(queue: Q, jobs: TimedJob<Q>[]): Promise<void>;
}

const HOST_KEY = Symbol.for("samsyn.job-host");
type GlobalWithHost = typeof globalThis & { [HOST_KEY]?: JobHost };

export function registerJobHost(host: JobHost | undefined): void {
  (globalThis as GlobalWithHost)[HOST_KEY] = host;
}

export function jobHost(): JobHost | undefined {
  return (globalThis as GlobalWithHost)[HOST_KEY];
}

/** Enqueues jobs when a runner runs in this process; returns whether it did. */
export async function enqueue<Q extends QueueName>(queue: Q, payloads: JobPayloads[Q][]): Promise<boolean> {
  const host = jobHost();
  if (!host || payloads.length === 0) return false;
  await host.enqueue(queue, payloads);
  return true;
}

/** Enqueues jobs that start at their moments, when a runner runs in this process; returns whether it did. */
export async function enqueueAt<Q extends QueueName>(queue: Q, jobs: TimedJob<Q>[]): Promise<boolean> {
  const host = jobHost();
  if (!host || jobs.length === 0) return false;
  await host.enqueueAt(queue, jobs);
  return true;
}
