/**
 * Talking to the collaboration websocket without the app's client, as a hand-made script would:
 * for tests that prove the server refuses what the UI merely does not offer (an observer's edit).
 * The socket is opened from the page, so the browser sends the session cookie and the Origin.
 */
import type { Page } from "@playwright/test";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { COLLAB_PATH, MESSAGE_SYNC, driverDocumentName } from "../../../lib/collab/protocol";

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

function syncMessage(type: number, payload: Uint8Array): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return [...encoding.toUint8Array(encoder)];
}

/** A Yjs update that puts a paragraph with `text` at the start of a text part. */
function paragraphUpdate(part: "nulage" | "future" | "gap", text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(part).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Sends an update inserting `text` into a part of the driver's document over a socket of its
 * own, then asks for the whole document (sync step 1 with an empty state vector). The server
 * handles one connection's messages in order, so its answer shows whether it applied the update.
 * Returns the text of that part as the server holds it.
 */
export async function forgeTextInsert(page: Page, driverId: string, part: "nulage" | "future" | "gap", text: string): Promise<string> {
  const messages = [syncMessage(SYNC_UPDATE, paragraphUpdate(part, text)), syncMessage(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc()))];
  const reply = await page.evaluate(
    async ({ url, messages, stepTwo }) => {
      const socket = new WebSocket(url);
      socket.binaryType = "arraybuffer";
      const answer = new Promise<number[]>((resolve, reject) => {
        socket.onmessage = (event) => {
          const bytes = new Uint8Array(event.data as ArrayBuffer);
          if (bytes[0] === stepTwo[0] && bytes[1] === stepTwo[1]) resolve([...bytes]);
        };
        socket.onclose = (event) => reject(new Error(`socket closed (${event.code}) before the document arrived`));
      });
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = () => reject(new Error("the socket did not open"));
      });
      for (const message of messages) socket.send(new Uint8Array(message));
      const bytes = await answer;
      socket.onclose = null;
      socket.close();
      return bytes;
    },
    {
      url: `${new URL(page.url()).origin.replace(/^http/, "ws")}${COLLAB_PATH}/${driverDocumentName(driverId)}`,
      messages,
      stepTwo: [MESSAGE_SYNC, SYNC_STEP_2],
    },
  );
  const decoder = decoding.createDecoder(new Uint8Array(reply));
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  return doc.getXmlFragment(part).toString();
}
