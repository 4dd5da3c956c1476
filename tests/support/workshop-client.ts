/**
 * A raw websocket client of a workshop room (what components/workshops/use-workshop-room.ts does
 * in the browser): it records every live state the server pushes and the close it got.
 */
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { MESSAGE_WORKSHOP, workshopRoomName } from "@/lib/collab/protocol";
import { liveStateSchema, type LiveState } from "@/lib/workshop/live-state";
import { TEST_ORIGIN, SESSION_COOKIE } from "./collab";

export interface RoomClient {
  socket: WebSocket;
  states: LiveState[];
  latest(): LiveState | undefined;
  /** The HTTP status of a refused upgrade. */
  refusedWith: number | null;
  closed: { code: number; reason: string } | null;
  opened: Promise<boolean>;
  /** Called with each state as it arrives (the benchmark times arrivals). */
  onState?: (state: LiveState) => void;
  close(): void;
}

export function connectRoom(url: string, workshopId: string, token: string | null, options: { origin?: string; validate?: boolean } = {}): RoomClient {
  const headers: Record<string, string> = { origin: options.origin ?? TEST_ORIGIN };
  if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
  const socket = new WebSocket(`${url}/${workshopRoomName(workshopId)}`, { headers });
  socket.binaryType = "nodebuffer";
  const client: RoomClient = {
    socket,
    states: [],
    latest: () => client.states[client.states.length - 1],
    refusedWith: null,
    closed: null,
    opened: new Promise<boolean>((resolve) => {
      socket.once("open", () => resolve(true));
      socket.once("unexpected-response", (_request, response) => {
        client.refusedWith = response.statusCode ?? null;
        resolve(false);
      });
      socket.once("error", () => resolve(false));
    }),
    close: () => socket.close(),
  };
  socket.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(decoder) !== MESSAGE_WORKSHOP) return;
    const json = JSON.parse(decoding.readVarString(decoder)) as unknown;
    const state = options.validate === false ? (json as LiveState) : liveStateSchema.parse(json);
    client.states.push(state);
    client.onState?.(state);
  });
  socket.on("close", (code, reason) => {
    client.closed = { code, reason: reason.toString() };
  });
  socket.on("error", () => undefined);
  return client;
}
