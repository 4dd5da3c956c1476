/**
 * The server writes its messages as frames it encoded itself (lib/server/collab/ws-frame.ts):
 * a real ws client must read them back byte for byte at every length encoding (7-bit, 16-bit and
 * 64-bit), in order, and interleaved with a message ws frames itself.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { binaryFrame } from "@/lib/server/collab/ws-frame";

const LENGTHS = [0, 1, 125, 126, 127, 65_535, 65_536, 300_000];

function payloadOf(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 31 + length) % 256);
}

let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  server.on("connection", (socket, request) => {
    for (const length of LENGTHS) request.socket.write(binaryFrame(payloadOf(length)));
    socket.send(Uint8Array.of(7, 7, 7), { binary: true });
    request.socket.write(binaryFrame(Uint8Array.of(9)));
  });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("binaryFrame", () => {
  it("uses the shortest length encoding and sets FIN with the binary opcode", () => {
    expect([...binaryFrame(Uint8Array.of(5)).subarray(0, 3)]).toEqual([0x82, 1, 5]);
    expect([...binaryFrame(payloadOf(126)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126]);
    expect([...binaryFrame(payloadOf(65_536)).subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(binaryFrame(payloadOf(65_535)).byteLength).toBe(4 + 65_535);
  });

  it("is read back by a real websocket client, in order and byte for byte, next to ws's own frames", async () => {
    const client = new WebSocket(url);
    const received: Uint8Array[] = [];
    const expected = [...LENGTHS.map(payloadOf), Uint8Array.of(7, 7, 7), Uint8Array.of(9)];
    await new Promise<void>((resolve, reject) => {
      client.on("error", reject);
      client.on("close", (code) => reject(new Error(`closed with ${code}`)));
      client.on("message", (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true);
        received.push(new Uint8Array(data));
        if (received.length === expected.length) resolve();
      });
    });
    client.removeAllListeners("close");
    client.close();
    expect(received.map((bytes) => bytes.byteLength)).toEqual(expected.map((bytes) => bytes.byteLength));
    received.forEach((bytes, index) => expect(Buffer.compare(bytes, expected[index]!)).toBe(0));
  });
});
