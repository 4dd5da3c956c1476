/**
 * Structured one-line JSON logs (also used outside Next's bundle by the background jobs, so no
 * `server-only` import). Values are JSON-encoded, so user input cannot forge log lines
 * (ASVS 16.4.1).
 */
export function logEvent(event: string, fields: Record<string, unknown> = {}): void {
  if (process.env.SAMSYN_QUIET_LOGS === "1") return;
  console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

/** Every refused authorization is logged (ASVS 16.3.2). */
export function logDenied(fields: { userId: string; dialogueId: string; action: string; code: string }): void {
  logEvent("authorization.denied", fields);
}

export function logError(event: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const cause = error instanceof Error ? { message: error.message, stack: error.stack } : { error };
  console.error(JSON.stringify({ time: new Date().toISOString(), event, ...fields, ...cause }));
}
