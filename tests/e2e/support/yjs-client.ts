/**
 * A real y-websocket client in the test process that uses a browser context's session cookie: it
 * edits or watches a driver's live document the way a second participant's browser would.
 */
import type { BrowserContext } from "@playwright/test";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { driverDocumentName, MESSAGE_SAVED } from "../../../lib/collab/protocol";

export interface LiveDriverClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced(): Promise<void>;
  destroy(): void;
}

export async function openLiveDriver(context: BrowserContext, baseURL: string, driverId: string): Promise<LiveDriverClient> {
  const cookie = (await context.cookies(baseURL)).map(({ name, value }) => `${name}=${value}`).join("; ");
  const origin = new URL(baseURL).origin;
  class SessionWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${origin.replace(/^http/, "ws")}/collab`, driverDocumentName(driverId), doc, {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.messageHandlers[MESSAGE_SAVED] = () => undefined;
  return {
    doc,
    provider,
    synced: () =>
      new Promise<void>((resolve, reject) => {
        if (provider.synced) return resolve();
        const timer = setTimeout(() => reject(new Error("the live document did not sync within 10 s")), 10_000);
        provider.once("sync", () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Appends a paragraph to a text part, as typing in its editor would. */
export function appendParagraph(doc: Y.Doc, part: "nulage" | "future" | "gap", text: string): void {
  const fragment = doc.getXmlFragment(part);
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    fragment.push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
  });
}
