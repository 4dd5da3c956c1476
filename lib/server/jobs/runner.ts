/**
 * THE background job runner: pg-boss on the app's own database, PostgreSQL or the embedded PGlite.
 * Started by the custom server (scripts/server.ts) after migrations, stopped at shutdown; tests
 * start one explicitly (`startJobRunner`) or call the handlers directly.
 *
 * - PostgreSQL: pg-boss keeps its own small `pg` pool (`max` 2) to DATABASE_URL, beside the app's
 *   postgres.js pool; several instances may run, pg-boss hands each job to one of them.
 * - PGlite: one connection in this process, shared with the app through pg-boss's own PGlite
 *   adapter (`fromPglite`, backend `pglite`); every job query waits its turn with the app's
 *   queries, so workers poll every 2 s at the most often (see ECOSYSTEM.md) and maintenance runs
 *   rarely.
 *
 * pg-boss keeps its tables in its own schema (`pgboss`), created and migrated by `start()`;
 * drizzle's migrations do not know it.
 *
 * Jobs (lib/server/jobs/queues.ts):
 * - `notification-mail`: one immediate notification mail; retried 5 times with backoff. The claim
 *   in lib/server/notifications/delivery.ts makes a retry or a duplicate job harmless.
 * - `notification-digest`: cron `0 7 * * *` Europe/Stockholm, the daily digest.
 * - `notification-mail-sweep`: cron every 10 minutes, immediate mails no job carried.
 *
 * This module graph runs outside Next's bundle: nothing here may import `server-only` modules.
 */
import { PgBoss, fromPglite, type Job } from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { logError, logEvent } from "../log";
import { getDb } from "@/db/client";
import { deliverNotificationMail, runNotificationDigest, sweepUnmailedNotifications } from "../notifications/delivery";
import { closeRound, openRoundIfDue, sendDueReminder, sweepRounds } from "../rounds/scheduler";
import { QUEUES, registerJobHost, type JobHost, type JobPayloads } from "./queues";

export const DIGEST_CRON = "0 7 * * *";
export const JOBS_TIME_ZONE = "Europe/Stockholm";
const SWEEP_CRON = "*/10 * * * *";
/** Rounds open and close at their jobs' moments; the sweep is the safety net, so once a minute. */
const ROUND_SWEEP_CRON = "* * * * *";

/**
 * A round's moments (lib/server/rounds/scheduler.ts). Each step is idempotent, so a retried job
 * or one that runs beside the sweep changes nothing twice.
 */
async function registerRoundWorkers(boss: PgBoss, polling: number): Promise<void> {
  await boss.work<JobPayloads["round-open"]>(QUEUES.roundOpen, { pollingIntervalSeconds: polling, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await openRoundIfDue(getDb(), job.data.roundId);
  });
  await boss.work<JobPayloads["round-close"]>(QUEUES.roundClose, { pollingIntervalSeconds: polling, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await closeRound(getDb(), job.data.roundId, { expectedClosesAt: new Date(job.data.closesAt) });
  });
  await boss.work<JobPayloads["round-reminder"]>(QUEUES.roundReminder, { pollingIntervalSeconds: polling, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await sendDueReminder(getDb(), job.data.roundId);
  });
  await boss.work(QUEUES.roundSweep, { pollingIntervalSeconds: Math.max(polling, 10) }, async (_jobs: Job[]) => {
    await sweepRounds(getDb());
  });
}

export interface JobRunnerOptions {
  /** Register the workers (default true); false only enqueues (a process that only sends). */
  work?: boolean;
  /** Register the cron schedules (default true). */
  schedule?: boolean;
  /** Poll interval of the workers in seconds; never below 2 on PGlite. */
  pollingIntervalSeconds?: number;
}

export interface JobRunner {
  boss: PgBoss;
  stop(): Promise<void>;
}

function bossFor(handle: DatabaseHandle): PgBoss {
  const common = {
    schema: "pgboss",
    application_name: "samsyn-jobs",
    // Maintenance (archiving, stats) is cheap but not free; on PGlite it shares the one connection.
    superviseIntervalSeconds: handle.kind === "pglite" ? 300 : 60,
    monitorIntervalSeconds: handle.kind === "pglite" ? 300 : 60,
    persistWarnings: false,
  };
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("jobs: the PGlite handle has no PGlite instance");
    return new PgBoss({ ...common, db: fromPglite(handle.pglite), backend: "pglite" });
  }
  if (!handle.postgresUrl) throw new Error("jobs: the PostgreSQL handle has no URL");
  return new PgBoss({ ...common, connectionString: handle.postgresUrl, max: 2 });
}

/** Starts pg-boss on the database, creates the queues, its workers and schedules, and registers it for `enqueue`. */
export async function startJobRunner(handle: DatabaseHandle, options: JobRunnerOptions = {}): Promise<JobRunner> {
  const boss = bossFor(handle);
  boss.on("error", (error) => logError("jobs.error", error));
  await boss.start();
  await boss.createQueue(QUEUES.notificationMail, { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 });
  await boss.createQueue(QUEUES.notificationDigest, { retryLimit: 3, retryDelay: 300, expireInSeconds: 1800, policy: "singleton" });
  await boss.createQueue(QUEUES.notificationMailSweep, { retryLimit: 0, expireInSeconds: 600, policy: "singleton" });
  for (const queue of [QUEUES.roundOpen, QUEUES.roundClose, QUEUES.roundReminder]) {
    await boss.createQueue(queue, { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 });
  }
  await boss.createQueue(QUEUES.roundSweep, { retryLimit: 0, expireInSeconds: 120, policy: "singleton" });

  const polling = Math.max(handle.kind === "pglite" ? 2 : 0.5, options.pollingIntervalSeconds ?? 2);
  if (options.work !== false) {
    await boss.work<JobPayloads["notification-mail"]>(QUEUES.notificationMail, { pollingIntervalSeconds: polling, batchSize: 5 }, async (jobs) => {
      // Each job alone: one failing mail must not retry the others of its batch.
      const failures: unknown[] = [];
      for (const job of jobs) {
        try {
          await deliverNotificationMail(job.data.notificationId);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length) throw failures[0];
    });
    await boss.work(QUEUES.notificationDigest, { pollingIntervalSeconds: Math.max(polling, 10) }, async (_jobs: Job[]) => {
      await runNotificationDigest();
    });
    await boss.work(QUEUES.notificationMailSweep, { pollingIntervalSeconds: Math.max(polling, 10) }, async (_jobs: Job[]) => {
      await sweepUnmailedNotifications();
    });
    await registerRoundWorkers(boss, polling);
  }
  if (options.schedule !== false) {
    await boss.schedule(QUEUES.notificationDigest, DIGEST_CRON, {}, { tz: JOBS_TIME_ZONE, missed: "once" });
    await boss.schedule(QUEUES.notificationMailSweep, SWEEP_CRON, {}, { tz: JOBS_TIME_ZONE });
    await boss.schedule(QUEUES.roundSweep, ROUND_SWEEP_CRON, {}, { tz: JOBS_TIME_ZONE });
  }

  const host: JobHost = {
    async enqueue(queue, payloads) {
      await boss.insert(queue, payloads.map((data) => ({ data })));
    },
    async enqueueAt(queue, jobs) {
      await boss.insert(queue, jobs.map(({ data, startAfter }) => ({ data, startAfter })));
    },
  };
  registerJobHost(host);
  logEvent("jobs.started", { db: handle.kind, polling });
  return {
    boss,
    async stop() {
      registerJobHost(undefined);
      await boss.stop({ graceful: true, timeout: 3_000, close: handle.kind !== "pglite" });
    },
  };
}
