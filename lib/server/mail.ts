/**
 * Outgoing mail: through SMTP when SMTP_URL is set, otherwise into the outbox table, which the
 * demo's outbox page (and the tests) read. The app works the same either way.
 *
 * The background jobs (lib/server/jobs) send notification mails from the custom server's module
 * graph, outside Next's bundle, so this module and what it imports may not import `server-only`.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { desc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { outboxMails } from "@/db/schema";
import { getEnv } from "./env";
import { logEvent } from "./log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

export async function sendMail(mail: Mail): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    transport ??= nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    logEvent("mail.sent", { subject: mail.subject });
    return;
  }
  await getDb().insert(outboxMails).values(mail);
  logEvent("mail.outbox", { subject: mail.subject });
}

/** The newest mails in the outbox (demo mode only; callers check). */
export async function listOutbox(limit = 50) {
  return getDb().select().from(outboxMails).orderBy(desc(outboxMails.id)).limit(limit);
}
