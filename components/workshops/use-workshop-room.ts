"use client";

/**
 * The browser's end of a workshop room (lib/server/collab/workshop-room.ts): a plain WebSocket to
 * `/collab/workshop.<id>` that keeps the latest live state the server pushed (MESSAGE_WORKSHOP),
 * sends the keepalive `[3]` every 15 s (the server closes sockets silent for 60 s), and reconnects
 * with exponential backoff and jitter unless the server refused for good (4400–4499).
 *
 * Not y-websocket's provider: it needs a Y.Doc and opens with Yjs sync messages, which a push-only
 * room refuses; the room carries one JSON message, so a socket and a parser are all it takes.
 */
import * as decoding from "lib0/decoding";
import { useEffect, useRef, useState } from "react";
import { COLLAB_PATH, FINAL_CLOSE_CODES, MESSAGE_QUERY_AWARENESS, MESSAGE_WORKSHOP, workshopRoomName } from "@/lib/collab/protocol";
import { liveStateSchema, type LiveState } from "@/lib/workshop/live-state";

export type RoomConnection = "connecting" | "connected" | "reconnecting" | "closed";

export interface WorkshopRoomView {
  state: LiveState | null;
  connection: RoomConnection;
  /** The server's clock minus this browser's (for counting the timer down locally). */
  clockOffsetMs: number;
}

const KEEPALIVE_MS = 15_000;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

/** The room's state message, or null for anything else (or anything malformed). */
export function readRoomMessage(data: ArrayBuffer): LiveState | null {
  try {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_WORKSHOP) return null;
    const parsed = liveStateSchema.safeParse(JSON.parse(decoding.readVarString(decoder)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function useWorkshopRoom(workshopId: string): WorkshopRoomView {
  const [view, setView] = useState<WorkshopRoomView>({ state: null, connection: "connecting", clockOffsetMs: 0 });
  const attempt = useRef(0);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let keepalive: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${window.location.host}${COLLAB_PATH}/${workshopRoomName(workshopId)}`;

    const connect = () => {
      if (stopped) return;
      const current = new WebSocket(url);
      socket = current;
      current.binaryType = "arraybuffer";
      current.onopen = () => {
        attempt.current = 0;
        setView((previous) => ({ ...previous, connection: "connected" }));
        keepalive = setInterval(() => {
          if (current.readyState === WebSocket.OPEN) current.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
        }, KEEPALIVE_MS);
      };
      current.onmessage = (event: MessageEvent<ArrayBuffer>) => {
        const state = readRoomMessage(event.data);
        if (state) setView({ state, connection: "connected", clockOffsetMs: Date.parse(state.serverNow) - Date.now() });
      };
      current.onclose = (event) => {
        if (keepalive) clearInterval(keepalive);
        keepalive = null;
        if (stopped) return;
        if (FINAL_CLOSE_CODES.has(event.code)) {
          setView((previous) => ({ ...previous, connection: "closed" }));
          return;
        }
        setView((previous) => ({ ...previous, connection: "reconnecting" }));
        const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt.current++);
        retry = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
      };
    };
    connect();
    // Back online: try at once rather than waiting out the backoff.
    const online = () => {
      if (socket && socket.readyState === WebSocket.CLOSED && retry) {
        clearTimeout(retry);
        attempt.current = 0;
        connect();
      }
    };
    window.addEventListener("online", online);
    return () => {
      stopped = true;
      window.removeEventListener("online", online);
      if (retry) clearTimeout(retry);
      if (keepalive) clearInterval(keepalive);
      socket?.close();
    };
  }, [workshopId]);

  return view;
}
