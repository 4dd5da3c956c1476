/**
 * Calling a server action the way React's client does, without the UI: for tests that prove the
 * server refuses writes the UI merely hides.
 *
 * How Next 16 decodes a fetch action (node_modules/next/dist/server/app-render/action-handler.js):
 * a POST with a `Next-Action: <id>` header and a multipart body goes to `decodeReply`. React's
 * `encodeReply` puts the argument list as JSON in field `0`, and a FormData argument as the
 * reference `"$K<n>"` whose entries are the fields `_<n>_<name>`. So `(prevState, formData)` is
 * `_1_dialogueId`, `_1_text`, … followed by `0 = [null,"$K1"]`.
 */
import fs from "node:fs";
import path from "node:path";
import type { APIResponse, Page } from "@playwright/test";

interface ManifestEntry {
  filename: string;
  exportedName: string;
}

/**
 * The id Next gave an exported action, from the build the server is running: `.next` of this
 * checkout, or `E2E_NEXT_DIR` when the server under test was built elsewhere. Ids change with
 * every build, so a stale manifest makes the positive control below fail loudly.
 */
export function serverActionId(filename: string, exportedName: string): string {
  const nextDir = process.env.E2E_NEXT_DIR ?? path.join(process.cwd(), ".next");
  const file = path.join(nextDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const match = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === filename && entry.exportedName === exportedName,
  );
  if (!match) throw new Error(`No server action ${exportedName} in ${filename} (.next/server/server-reference-manifest.json)`);
  return match[0];
}

export const DRIVER_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions.ts";

/**
 * POSTs a forged call of a `(prevState, formData)` action to `pagePath`, with the page's cookies
 * (`page.request` shares the browser context) and a same-origin Origin header, so the only thing
 * that differs from a real click is that no form was shown.
 */
export async function postServerAction(
  page: Page,
  { actionId, pagePath, fields, baseURL }: { actionId: string; pagePath: string; fields: Record<string, string>; baseURL: string },
): Promise<APIResponse> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  // Last, as React sends it: Next streams the body through busboy and resolves the root as soon
  // as field 0 arrives, so the FormData entries it refers to must already be there.
  body.append("0", JSON.stringify([null, "$K1"]));
  return page.request.post(pagePath, {
    headers: { "Next-Action": actionId, Origin: new URL(baseURL).origin, Accept: "text/x-component" },
    multipart: body,
  });
}

/** The action's return value as the RSC payload carries it (`{"ok":…}`), or null if absent. */
export function actionResultOf(payload: string): { ok: boolean; code?: string } | null {
  const match = payload.match(/\{"ok":(true|false)(?:,"code":"([a-z_]+)")?/);
  if (!match) return null;
  return { ok: match[1] === "true", code: match[2] };
}
